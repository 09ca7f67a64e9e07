// The local mail catcher (scripts/mail-catcher.ts) of the test stack: what arrived over SMTP.
import { testEnv } from './env';
import { stack } from './processes';

export interface Mail {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  key: string;
}

const url = () => `http://127.0.0.1:${testEnv.MAIL_CATCHER_PORT}/messages`;

export async function mails(): Promise<Mail[]> {
  const res = await fetch(url());
  if (!res.ok) throw new Error(`mail catcher answered ${res.status}`);
  return (await res.json()) as Mail[];
}

/** Stops or starts the mail server, as an outage of the company's mail relay. */
export function mailServer(action: 'start' | 'stop'): void {
  stack(action, 'mail');
}
