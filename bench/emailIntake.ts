// E-mail to request against a raw IMAP fetch of the same messages, in one run on one machine.
//   baseline: N messages appended over IMAP to a mailbox of the local Dovecot, then fetched
//             (full source) over IMAP
//   e-mail:   the same N messages (each its own Message-ID) appended to the desk's mailbox
//             while the worker runs, until each is a request (read, stored raw, parsed, client
//             identified, request filed, its workflow started): InboundMessage PROCESSED
// Both include the same appends, so the ratio is what the intake costs over reading the mail.
// Run with `BENCH_STAGES=email npm run bench`. Writes bench/results/email-*.json.
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import pg from 'pg';
import { loadConfig } from '../infra/config';
import { waitUntil, withAppAndWorker } from './processes';
import { keycloakToken } from './keycloakToken';
import { round } from './stats';
import { writeResult } from './results';

const N = Number(process.env.BENCH_MAILS ?? 300);

async function session(user: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: Number(process.env.MAIL_IMAP_PORT),
    secure: false,
    auth: { user, pass: process.env.MAIL_PASSWORD ?? 'mail' },
    logger: false,
  });
  await client.connect();
  return client;
}

/** Empties the mailbox's INBOX and appends the messages to it. */
async function fill(client: ImapFlow, messages: Buffer[]): Promise<void> {
  const box = await client.mailboxOpen('INBOX');
  if (box.exists > 0) await client.messageDelete('1:*');
  for (const m of messages) await client.append('INBOX', m);
}

const mail = (from: string, to: string, i: number) =>
  Buffer.from(
    [
      `From: ${from}`,
      `To: ${to}`,
      `Subject: Bench mail ${i}`,
      `Message-ID: <bench-${randomUUID()}@client.example>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `The printer on floor ${i % 9} does not print.`,
      '',
    ].join('\r\n'),
  );

async function main() {
  // One client sends them all: the per-sender rate (a loop guard) is lifted for the run.
  process.env.MAIL_SENDER_RATE_PER_HOUR = String(N * 10);
  const config = loadConfig();
  if (!config.MAIL_INBOXES[0]) throw new Error('MAIL_INBOXES is empty');
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL });
  try {
    await withAppAndWorker(
      'email',
      config,
      () => benchClient(config),
      (email) => measure(config, sql, email),
    );
  } finally {
    await sql.end();
  }
}

/** A client whose address the messages come from. */
async function benchClient(config: ReturnType<typeof loadConfig>): Promise<string> {
  const email = `bench-${randomUUID().slice(0, 8)}@client.example`;
  const res = await fetch(`${config.PUBLIC_URL}/api/clients`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await keycloakToken(config.OIDC_ISSUER, 'olga')}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({ name: 'Bench mail client', phones: [{ phone: `+7997${String(Date.now()).slice(-7)}` }], emails: [{ email }] }),
  });
  if (res.status !== 201) throw new Error(`client not created: ${res.status}`);
  return email;
}

async function measure(config: ReturnType<typeof loadConfig>, sql: pg.Pool, email: string): Promise<void> {
  const desk = config.MAIL_INBOXES[0]!;
  // Baseline: the messages appended to a mailbox and fetched back over IMAP.
  const raw = await session(`bench-raw-${randomUUID().slice(0, 8)}@client.example`);
  const tRaw = performance.now();
  await fill(
    raw,
    Array.from({ length: N }, (_, i) => mail(email, 'raw@client.example', i)),
  );
  let fetched = 0;
  for await (const m of raw.fetch('1:*', { uid: true, source: true })) if (m.source) fetched++;
  const rawMs = performance.now() - tRaw;
  await raw.logout();
  if (fetched !== N) throw new Error(`fetched ${fetched} of ${N}`);

  // The e-mail path: the same messages appended to the desk's mailbox, until each is a request.
  const processed = async () => Number((await sql.query(`SELECT count(*) FROM "InboundMessage" WHERE status = 'PROCESSED'`)).rows[0].count);
  const before = await processed();
  const inbox = await session(desk.address);
  const tMail = performance.now();
  await fill(
    inbox,
    Array.from({ length: N }, (_, i) => mail(email, desk.address, i)),
  );
  await inbox.logout();
  await waitUntil('every mail a request', async () => (await processed()) - before >= N, 600_000);
  const mailMs = performance.now() - tMail;
  const requests = Number((await sql.query(`SELECT count(*) FROM "ServiceRequest" WHERE channel = 'EMAIL'`)).rows[0].count);
  const rawPerSecond = (N / rawMs) * 1000;
  const mailPerSecond = (N / mailMs) * 1000;
  const result = {
    at: new Date().toISOString(),
    messages: N,
    rawImapAppendAndFetch: { ms: round(rawMs), perSecond: round(rawPerSecond) },
    emailToRequest: { ms: round(mailMs), perSecond: round(mailPerSecond), requestsFiled: requests },
    ratio: round(rawPerSecond / mailPerSecond),
  };
  writeResult('email', result);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
