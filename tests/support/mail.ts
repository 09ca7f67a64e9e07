// The local mail servers of the test stack (Dovecot behind Postfix, scripts/mail-config.sh), read
// over IMAP as a mail program reads them. Postfix copies every message to MAIL_CATCH_ALL, so
// mails() sees everything the stack sent; mailbox(address) is what that one address received.
import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser, type AddressObject } from 'mailparser';
import { DATA_DIR, testEnv } from './env';
import { stack } from './processes';

export interface Mail {
  /** mailbox, UIDVALIDITY and UID: stable while the message stays. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  key: string;
  headers: Map<string, unknown>;
}

/** Parsed messages by id: a poll parses only what arrived since the last one. */
const parsed = new Map<string, Mail>();

const addresses = (value: AddressObject | AddressObject[] | undefined) => (Array.isArray(value) ? value.map((a) => a.text).join(', ') : (value?.text ?? ''));

/** Opens the mailbox of any address (the local Dovecot takes MAIL_PASSWORD for each). */
export async function imapSession(address: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: Number(testEnv.MAIL_IMAP_PORT),
    secure: false,
    auth: { user: address, pass: testEnv.MAIL_PASSWORD! },
    logger: false,
  });
  await client.connect();
  return client;
}

/** Every message in the INBOX of `address`, oldest first. */
export async function mailbox(address: string): Promise<Mail[]> {
  const client = await imapSession(address);
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const box = client.mailbox;
      if (!box || box.exists === 0) return [];
      const prefix = `${address}:${box.uidValidity}:`;
      const uids = (await client.search({ all: true }, { uid: true })) || [];
      const missing = uids.filter((uid) => !parsed.has(prefix + uid));
      if (missing.length > 0) {
        for await (const msg of client.fetch(missing.join(','), { uid: true, source: true }, { uid: true })) {
          const mail = await simpleParser(msg.source!);
          const references = mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : [mail.references];
          parsed.set(prefix + msg.uid, {
            id: prefix + msg.uid,
            from: mail.from?.text ?? '',
            to: addresses(mail.to),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId ?? '',
            inReplyTo: mail.inReplyTo ?? '',
            references,
            key: String(mail.headers.get('x-incident-desk-key') ?? ''),
            headers: mail.headers,
          });
        }
      }
      return uids.map((uid) => parsed.get(prefix + uid)).filter((m): m is Mail => m !== undefined);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** Everything the stack's mail server received (Postfix's copy to the catch-all mailbox). */
export function mails(): Promise<Mail[]> {
  return mailbox(testEnv.MAIL_CATCH_ALL!);
}

/** Empties every mailbox: a run's messages would repeat the keys of the last run's. */
export function clearMailboxes(): void {
  const store = path.join(DATA_DIR, 'mail');
  if (!fs.existsSync(store)) return;
  for (const entry of fs.readdirSync(store)) fs.rmSync(path.join(store, entry), { recursive: true, force: true });
  parsed.clear();
}

/** Stops or starts the mail servers, as an outage of the company's mail relay. */
export function mailServer(action: 'start' | 'stop'): void {
  stack(action, 'mail');
}
