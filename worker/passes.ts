// Background passes of the main worker (housekeeping, comment mail): one every so many
// seconds, never two at once; a failed pass is logged and the next one retries.
import { log } from '../infra/logger';
import { startLoop } from '../infra/loop';

/** Starts the passes (infra/loop.ts: each `seconds` after the previous one ended); the returned function stops them and waits for a pass under way. */
export function passEvery(seconds: number, name: string, pass: () => Promise<void>): () => Promise<void> {
  const every = seconds * 1000;
  return startLoop(async () => {
    await pass().catch((error: unknown) => log.warn(`${name} pass failed; the next pass retries`, { error: String(error) }));
    return every;
  }, every);
}
