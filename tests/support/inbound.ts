// Mail into the desk's mailbox of the test stack, and what the channel intake made of it.
import { execFileSync } from 'node:child_process';
import { api } from './api';
import { testEnv } from './env';
import { waitFor } from './processes';

export const DESK = 'desk@incident-desk.local';

/** Sends one message with swaks (a real SMTP client) to the desk's mailbox. */
export function swaks(from: string, messageId: string, args: string[]): void {
  execFileSync(
    'swaks',
    ['--server', `127.0.0.1:${testEnv.MAIL_SMTP_PORT}`, '--to', DESK, '--from', from, '--header', `Message-Id: ${messageId}`, '--silent', '2', ...args],
    {
      stdio: 'pipe',
    },
  );
}

export interface Inbound {
  id: string;
  channelMessageId: string;
  status: string;
  reason: string | null;
  requestId: string | null;
  clientId: string | null;
}

/** The intake's row of a message, once it is done (taken, held or ignored). */
export async function outcome(messageId: string): Promise<Inbound> {
  return waitFor(
    `the intake's outcome of ${messageId}`,
    async () => {
      for (const status of ['PROCESSED', 'HELD', 'IGNORED']) {
        const res = await api('admin', 'GET', `/api/admin/inbound-messages?status=${status}&limit=500`);
        expect(res.status).toBe(200);
        const found = (res.body.items as Inbound[]).filter((m) => m.channelMessageId === messageId);
        if (found.length > 1) throw new Error(`${messageId} stored ${found.length} times`);
        if (found[0]) return found[0];
      }
      return null;
      // A minute: a pass hung past the reader's deadline (20 s) is dropped, and the next one reads it.
    },
    60000,
  );
}
