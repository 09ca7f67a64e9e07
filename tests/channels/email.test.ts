// The e-mail channel against the real mail servers of the test stack: swaks sends mail to the
// desk's mailbox on Postfix, Dovecot keeps it, the main worker reads it over IMAP into the
// channel intake (domain/intake). Every outcome is read back through the admin API.
import { execFileSync } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api } from '../support/api';
import { DESK, outcome, swaks, type Inbound } from '../support/inbound';
import { mailbox } from '../support/mail';
import { testEnv } from '../support/env';
import { waitFor } from '../support/processes';

// A 1x1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da636460f85f0f0002870180eb47ba920000000049454e44ae426082',
  'hex',
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'email-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const tag = () => randomUUID().slice(0, 8);
const mid = (label: string) => `<${label}-${tag()}@client.example>`;

/** Sends raw bytes as the message (malformed mail that no client would compose). */
function swaksRaw(from: string, raw: string): void {
  const file = path.join(dir, `${tag()}.eml`);
  fs.writeFileSync(file, raw);
  execFileSync('swaks', ['--server', `127.0.0.1:${testEnv.MAIL_SMTP_PORT}`, '--to', DESK, '--from', from, '--data', file, '--silent', '2'], { stdio: 'pipe' });
}

async function newClient(): Promise<{ id: string; email: string }> {
  const email = `client-${tag()}@client.example`;
  const res = await api(
    'olga',
    'POST',
    '/api/clients',
    { name: `Mail client ${email}`, phones: [{ phone: `+7998${randomInt(1_000_000, 9_999_999)}` }], emails: [{ email }] },
    { 'Idempotency-Key': `email-test-${tag()}` },
  );
  expect(res.status).toBe(201);
  return { id: res.body.client.id as string, email };
}

let client: { id: string; email: string };
let first: string;
let requestId: string;
let incidentId: string;

beforeAll(async () => {
  client = await newClient();
});

test('a mail with an attachment to the desk becomes a request with the file', async () => {
  first = mid('first');
  const photo = path.join(dir, 'photo.png');
  fs.writeFileSync(photo, PNG);
  swaks(client.email, first, [
    '--header',
    'Subject: Laptop does not start',
    '--body',
    'The laptop shows a black screen since this morning.',
    '--attach-type',
    'image/png',
    '--attach-name',
    'photo.png',
    '--attach',
    photo,
  ]);
  const taken = await outcome(first);
  expect(taken).toMatchObject({ status: 'PROCESSED', reason: null, clientId: client.id });
  requestId = taken.requestId!;
  const request = (await api('olga', 'GET', `/api/requests/${requestId}`)).body.request;
  expect(request).toMatchObject({ channel: 'EMAIL', client: { id: client.id }, service: { code: 'it-laptop' } });
  expect(request.description).toContain('Laptop does not start');
  expect(request.description).toContain('black screen');
  incidentId = request.incident.id as string;
  const files = (await api('olga', 'GET', `/api/incidents/${incidentId}/attachments`)).body.items as {
    fileName: string;
    contentType: string;
    size: number;
    public: boolean;
  }[];
  expect(files).toEqual([expect.objectContaining({ fileName: 'photo.png', contentType: 'image/png', size: PNG.length, public: true })]);
});

test("the client's reply threads onto the request as a public comment; a replayed message makes nothing", async () => {
  const reply = mid('reply');
  swaks(client.email, reply, [
    '--header',
    `In-Reply-To: ${first}`,
    '--header',
    `References: ${first}`,
    '--header',
    'Subject: Re: Laptop does not start',
    '--body',
    `Now it beeps three times.\n\nOn Mon, 1 Dec 2026 someone wrote:\n> The laptop shows a black screen`,
  ]);
  expect(await outcome(reply)).toMatchObject({ status: 'PROCESSED', requestId });
  const comments = (await api('olga', 'GET', `/api/incidents/${incidentId}/comments`)).body.items as { body: string; public: boolean; authorId: string }[];
  expect(comments).toEqual([expect.objectContaining({ body: 'Now it beeps three times.', public: true, authorId: client.email })]);

  // The first message again, then a marker: once the marker is done, the replay was read too.
  swaks(client.email, first, ['--header', 'Subject: Laptop does not start', '--body', 'The laptop shows a black screen since this morning.']);
  const marker = mid('marker');
  swaks(client.email, marker, ['--header', `Subject: Re: request ${requestId.slice(0, 8).toUpperCase()}`, '--body', 'It works again.']);
  // The marker names the request in its subject only: the fallback threads it.
  expect(await outcome(marker)).toMatchObject({ status: 'PROCESSED', requestId });
  expect(await outcome(first)).toMatchObject({ requestId });
  const card = (await api('olga', 'GET', `/api/clients/${client.id}`)).body as { requests: { id: string }[] };
  expect(card.requests.map((r) => r.id)).toEqual([requestId]);
  const bodies = ((await api('olga', 'GET', `/api/incidents/${incidentId}/comments`)).body.items as { body: string }[]).map((c) => c.body);
  expect(bodies).toEqual(['Now it beeps three times.', 'It works again.']);
});

test("staff's public comment reaches the client's mailbox in the request's conversation; the answer by mail becomes a public comment", async () => {
  const ref = requestId.slice(0, 8).toUpperCase();
  const internal = await api('sergey', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'Internal: check the warranty.', public: false });
  expect(internal.status).toBe(201);
  const posted = await api('sergey', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'We ordered a new power supply.', public: true });
  expect(posted.status).toBe(201);
  const key = `comment:${posted.body.comment.id as string}`;
  const mail = await waitFor("the comment in the client's mailbox", async () => (await mailbox(client.email)).find((m) => m.key === key));
  expect(mail.subject).toBe(`Обращение ${ref}: ответ`);
  expect(mail.text).toContain('We ordered a new power supply.');
  // Threaded under the client's first mail, answering the newest message of the conversation.
  expect(mail.references[0]).toBe(first);
  expect(mail.inReplyTo).toMatch(/^<.+>$/);
  expect(mail.references).toContain(mail.inReplyTo);
  // The internal comment is never mailed: the client's mailbox holds no other comment.
  expect((await mailbox(client.email)).filter((m) => m.key.startsWith('comment:'))).toHaveLength(1);

  const answer = mid('answer');
  swaks(client.email, answer, [
    '--header',
    `In-Reply-To: ${mail.messageId}`,
    '--header',
    `References: ${[...mail.references, mail.messageId].join(' ')}`,
    '--header',
    `Subject: Re: ${mail.subject}`,
    '--body',
    'Thank you, I will wait.',
  ]);
  expect(await outcome(answer)).toMatchObject({ status: 'PROCESSED', requestId });
  const comments = (await api('olga', 'GET', `/api/incidents/${incidentId}/comments`)).body.items as { body: string; public: boolean }[];
  expect(comments.at(-1)).toMatchObject({ body: 'Thank you, I will wait.', public: true });
});

test('auto-replies, bounces and loops are ignored; unknown senders, malformed mail, a 50 MB file and replies to another client are held', async () => {
  const auto = mid('auto');
  swaks(client.email, auto, ['--header', 'Auto-Submitted: auto-replied', '--header', 'Subject: Out of office', '--body', 'I am away.']);
  const bulk = mid('bulk');
  swaks(client.email, bulk, ['--header', 'Precedence: bulk', '--header', 'Subject: Newsletter', '--body', 'News.']);
  const loop = mid('loop');
  swaks(client.email, loop, ['--header', 'X-Incident-Desk-Key: registered:abc', '--header', 'Subject: Request ABCDEF12: registered', '--body', 'Our own.']);
  const bounce = mid('bounce');
  swaks('mailer-daemon@client.example', bounce, ['--header', 'Subject: Undelivered Mail Returned to Sender', '--body', 'The mail system could not deliver.']);
  const stranger = mid('stranger');
  swaks(`stranger-${tag()}@elsewhere.example`, stranger, ['--header', 'Subject: Help', '--body', 'Who am I?']);
  const malformed = mid('malformed');
  swaksRaw(
    client.email,
    `Message-ID: ${malformed}\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nno sender and no end`,
  );
  const big = mid('big');
  const bigFile = path.join(dir, 'big.pdf');
  fs.writeFileSync(bigFile, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(50 * 1024 * 1024, 0x20)]));
  swaks(client.email, big, [
    '--header',
    'Subject: Scan',
    '--body',
    'See the scan.',
    '--attach-type',
    'application/pdf',
    '--attach-name',
    'scan.pdf',
    '--attach',
    bigFile,
  ]);
  const other = await newClient();
  const intruder = mid('intruder');
  swaks(other.email, intruder, ['--header', `In-Reply-To: ${first}`, '--header', 'Subject: Re: Laptop does not start', '--body', 'Let me in.']);

  expect(await outcome(auto)).toMatchObject({ status: 'IGNORED', reason: expect.stringContaining('Auto-Submitted: auto-replied'), requestId: null });
  expect(await outcome(bulk)).toMatchObject({ status: 'IGNORED', reason: expect.stringContaining('Precedence: bulk'), requestId: null });
  expect(await outcome(loop)).toMatchObject({ status: 'IGNORED', reason: expect.stringContaining('mail loop'), requestId: null });
  expect(await outcome(bounce)).toMatchObject({ status: 'IGNORED', reason: expect.stringContaining('bounce'), requestId: null });
  expect(await outcome(stranger)).toMatchObject({ status: 'HELD', reason: expect.stringContaining('unknown sender'), requestId: null });
  expect(await outcome(malformed)).toMatchObject({ status: 'HELD', reason: expect.stringContaining('malformed message'), requestId: null });
  expect(await outcome(big)).toMatchObject({ status: 'HELD', reason: expect.stringContaining('"scan.pdf" refused: the file is larger than'), requestId: null });
  expect(await outcome(intruder)).toMatchObject({ status: 'HELD', reason: expect.stringContaining('belongs to another client'), requestId: null });

  // Nothing of it reached the client's request, and the admins' default list shows them all.
  const bodies = ((await api('olga', 'GET', `/api/incidents/${incidentId}/comments`)).body.items as { body: string }[]).map((c) => c.body);
  expect(bodies).not.toContain('Let me in.');
  const listed = (await api('admin', 'GET', '/api/admin/inbound-messages')).body.items as Inbound[];
  for (const id of [auto, bulk, loop, bounce, stranger, malformed, big, intruder]) expect(listed.map((m) => m.channelMessageId)).toContain(id);
  expect((await api('olga', 'GET', '/api/admin/inbound-messages')).status).toBe(403);
});

test('an HTML-only mail with an inline image: its text without markup is the description, the image an incident file', async () => {
  const inline = mid('inline');
  swaksRaw(
    client.email,
    [
      `From: ${client.email}`,
      `To: ${DESK}`,
      `Message-ID: ${inline}`,
      'Subject: Screen photo',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The screen shows <b>this</b>:</p><img src="cid:shot@client.example"><script>alert(1)</script>',
      '--rel',
      'Content-Type: image/png; name="shot.png"',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <shot@client.example>',
      'Content-Disposition: inline; filename="shot.png"',
      '',
      PNG.toString('base64'),
      '--rel--',
      '',
    ].join('\r\n'),
  );
  const taken = await outcome(inline);
  expect(taken).toMatchObject({ status: 'PROCESSED', clientId: client.id });
  const request = (await api('olga', 'GET', `/api/requests/${taken.requestId}`)).body.request;
  expect(request.description).toContain('The screen shows this');
  expect(request.description).not.toMatch(/<p>|<script>|<img/);
  const files = (await api('olga', 'GET', `/api/incidents/${request.incident.id}/attachments`)).body.items as { fileName: string; contentType: string }[];
  expect(files).toEqual([expect.objectContaining({ fileName: 'shot.png', contentType: 'image/png' })]);
});

test('a sender over the hourly rate is ignored from the message past the limit on (a loop or a flood)', async () => {
  const sender = `flood-${tag()}@elsewhere.example`;
  const ids = Array.from({ length: 31 }, (_, i) => mid(`flood${i}`));
  for (const id of ids) swaks(sender, id, ['--header', 'Subject: Ping', '--body', 'ping']);
  const outcomes = [];
  for (const id of ids) outcomes.push(await outcome(id));
  // 30 an hour (MAIL_SENDER_RATE_PER_HOUR's default): the first 30 are held as an unknown sender's.
  expect(outcomes.slice(0, 30).every((o) => o.status === 'HELD')).toBe(true);
  expect(outcomes[30]).toMatchObject({ status: 'IGNORED', reason: expect.stringContaining('more than 30 messages'), requestId: null });
});
