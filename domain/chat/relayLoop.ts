// When a channel's relay (relay.ts) runs: at once when a chat message is stored (the process
// hears it on chat_changes and kicks it), every 30 s for a notification missed (the LISTEN
// connection was down, a message stored by a process that did not notify), and 2 s after a pass
// that left a message to retry (Telegram's 429 or 5xx, an SMTP 4xx). A kick while a pass runs
// makes one more pass after it, so a message stored meanwhile is not left for the safety pass.
import { log } from '../../infra/logger';

/** The safety pass: notifications are the way in, this only catches what they missed. */
export const RELAY_SAFETY_MS = 30_000;
/** A failed message is tried again this soon: MAX_ATTEMPTS in relay.ts counts on it. */
export const RELAY_RETRY_MS = 2_000;

/** One pass: how many conversations wait behind a message that failed (to be retried). */
export type RelayPass = () => Promise<{ held: number }>;

export class RelayLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private safety: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly pass: RelayPass,
    /** The log lines' subject, e.g. "telegram chat relay". */
    private readonly name: string,
  ) {}

  /** The safety pass, and a first pass for what waited while the process was down. */
  start(): void {
    this.safety = setInterval(() => this.kick(), RELAY_SAFETY_MS);
    this.safety.unref();
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .then(({ held }) => {
        if (held && !this.retry) {
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.kick();
          }, RELAY_RETRY_MS);
          this.retry.unref();
        }
      })
      .catch((error: unknown) => log.warn(`${this.name} failed`, { error: String(error) }))
      .then(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.safety);
    clearTimeout(this.retry);
  }
}
