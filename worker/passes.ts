// Background passes of the main worker (housekeeping, comment mail): one every so many
// seconds, never two at once; a failed pass is logged and the next one retries.
import { log } from '../infra/logger';

/** Starts the passes; the returned function stops them and waits for a pass under way. */
export function passEvery(seconds: number, name: string, pass: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  // A pass still under way when the next is due is not doubled.
  const timer = setInterval(() => {
    running ??= pass()
      .catch((error: unknown) => log.warn(`${name} pass failed; the next pass retries`, { error: String(error) }))
      .finally(() => (running = null));
  }, seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
