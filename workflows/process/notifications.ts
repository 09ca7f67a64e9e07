// Notifications run beside the process (patch "background-notifications"): a mail outage must
// not hold up the incident; they are awaited before the workflow ends. Runs started before the
// patch await each notification where it is sent, as they did.
import { patched } from '@temporalio/workflow';

export class Notifications {
  private readonly pending: Promise<unknown>[] = [];

  async send(notification: () => Promise<unknown>): Promise<void> {
    if (patched('background-notifications')) this.pending.push(notification().catch(() => undefined));
    else await notification();
  }

  /** Waits for every notification still being sent. */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }
}
