// E-mail conversations in the agents' live-chat inbox, against the real mail servers of the test
// stack: swaks mails the chat address (CHAT_EMAIL_ADDRESS, scripts/env.sh) on Postfix, the main
// worker reads its Dovecot mailbox over IMAP into the chat (domain/chat/mailChat.ts); an agent
// sees the conversation (channel EMAIL), accepts and answers; the answer reaches the client's
// mailbox once, "Re: <first subject>", In-Reply-To the client's mail; the client's reply threads
// back into the same conversation; a mail delivered twice is stored once; an over-long mail is
// cut at the chat's limit with a note; a reply after the close opens a new conversation.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { chatOpen } from '../support/chat';
import { openDb } from '../support/db';
import { mailbox, type Mail } from '../support/mail';
import { testEnv } from '../support/env';
import { waitFor } from '../support/processes';

const CHAT = testEnv.CHAT_EMAIL_ADDRESS ?? 'chat@incident-desk.local';
const db = openDb();
const tag = randomUUID().slice(0, 8);
const client = `mail-chat-${tag}@client.example`;
const name = `Anna Mail ${tag}`;

/** One mail from the client to the chat address, as a mail program sends it. */
function mailChat(messageId: string, subject: string, body: string, headers: string[] = []): void {
  execFileSync(
    'swaks',
    [
      ...['--server', `127.0.0.1:${testEnv.MAIL_SMTP_PORT}`, '--to', CHAT, '--from', client, '--silent', '2'],
      ...['--header', `From: "${name}" <${client}>`, '--header', `Message-Id: ${messageId}`, '--header', `Subject: ${subject}`],
      ...headers.flatMap((h) => ['--header', h]),
      ...['--body', body],
    ],
    { stdio: 'pipe' },
  );
}

interface Message {
  id: string;
  author: string;
  body: string;
}
interface Conversation {
  id: string;
  visitorName: string;
  channel: string;
  status: string;
}
const history = async (id: string) => (await api('olga', 'GET', `/api/chat/conversations/${id}`)).body.messages as Message[];
const conversationsOfClient = async (view: string) =>
  ((await api('olga', 'GET', `/api/chat/conversations?view=${view}`)).body.items as Conversation[]).filter((c) => c.visitorName === name);
const received = (text: string) =>
  waitFor(`"${text}" in the client's mailbox`, async () => (await mailbox(client)).filter((m) => m.text.includes(text)).at(0), 60_000);

beforeAll(async () => {
  await chatOpen();
});
afterAll(async () => {
  await db.$disconnect();
});

test('a client chats with an agent by e-mail: threaded answers, replies in the same conversation, duplicates stored once', async () => {
  const subject = `Printer jams ${tag}`;
  const first = `<first-${tag}@client.example>`;
  mailChat(first, subject, `The printer on floor 3 jams on every page. ${tag}`);

  const conversation = await waitFor('the conversation in the waiting inbox', async () => (await conversationsOfClient('waiting')).at(0), 60_000);
  expect(conversation).toMatchObject({ channel: 'EMAIL', status: 'WAITING', visitorName: name });
  const id = conversation.id;
  expect((await history(id)).filter((m) => m.author === 'visitor').map((m) => m.body)).toEqual([`The printer on floor 3 jams on every page. ${tag}`]);
  // The chat took it: the request intake did not.
  expect(await db.inboundMessage.count({ where: { channelMessageId: first } })).toBe(0);

  // The agent accepts and answers; the answer reaches the client's mailbox once, threaded.
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(200);
  const answerText = `Please open tray 2 and remove the paper. ${tag}`;
  const sent = await api('olga', 'POST', `/api/chat/conversations/${id}/messages`, { clientMessageId: randomUUID(), body: answerText });
  expect(sent.status).toBe(201);
  const answer: Mail = await received(answerText);
  expect(answer).toMatchObject({ subject: `Re: ${subject}`, inReplyTo: first });
  expect(answer.references).toContain(first);
  expect((answer.headers.get('reply-to') as { text?: string } | undefined)?.text).toContain(CHAT);
  const key = `chat-message:${sent.body.message.id as string}`;
  await waitFor('the delivery recorded', async () => (await db.notificationAttempt.count({ where: { key, outcome: 'sent' } })) === 1);
  expect(await db.notificationAttempt.findFirst({ where: { key } })).toMatchObject({ channel: 'email' });

  // The client's reply threads back into the same conversation; delivered twice, it is stored once.
  const reply = `<reply-${tag}@client.example>`;
  const replyText = `Thanks, it works now. ${tag}`;
  const threading = [`In-Reply-To: ${answer.messageId}`, `References: ${first} ${answer.messageId}`];
  mailChat(reply, `Re: ${subject}`, replyText, threading);
  mailChat(reply, `Re: ${subject}`, replyText, threading);
  const later = `One more thing: the toner is low. ${tag}`;
  mailChat(`<later-${tag}@client.example>`, `Re: ${subject}`, later, [`In-Reply-To: ${answer.messageId}`]);
  // The reader takes a mailbox's mail in order: once the later mail is in, both copies were read.
  await waitFor('the later mail in the conversation', async () => (await history(id)).some((m) => m.body.startsWith(later)), 60_000);
  const visitorLines = (await history(id)).filter((m) => m.author === 'visitor').map((m) => m.body);
  expect(visitorLines.filter((b) => b.startsWith(replyText))).toHaveLength(1);
  expect(await conversationsOfClient('all')).toHaveLength(1);

  // Over the chat's limit: cut at it, with a note.
  const max = Number(testEnv.CHAT_MESSAGE_MAX_CHARS ?? 4000);
  mailChat(
    `<long-${tag}@client.example>`,
    `Re: ${subject}`,
    `long${tag}\n${Array.from({ length: Math.ceil(max / 90) + 5 }, () => 'x'.repeat(89)).join('\n')}`,
    [`In-Reply-To: ${answer.messageId}`],
  );
  const long = await waitFor('the long mail in the conversation', async () => (await history(id)).find((m) => m.body.startsWith(`long${tag}`)), 60_000);
  expect(long.body.length).toBeLessThanOrEqual(max);
  expect(long.body).toContain(`The mail was cut at ${max} characters`);

  // The close is told by mail; a reply after it opens a new conversation.
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'resolved' })).status).toBe(200);
  await received('The operator has closed this conversation');
  mailChat(`<after-${tag}@client.example>`, `Re: ${subject}`, `It jams again. ${tag}`, [`In-Reply-To: ${answer.messageId}`]);
  const next = await waitFor('a new conversation', async () => (await conversationsOfClient('waiting')).find((c) => c.id !== id), 60_000);
  expect((await history(next.id)).some((m) => m.author === 'visitor' && m.body.startsWith(`It jams again. ${tag}`))).toBe(true);
  expect((await history(id)).some((m) => m.body.startsWith('It jams again'))).toBe(false);
  // Closed again so that it waits in no one's queue (only its agent closes it: accepted first).
  expect((await api('olga', 'POST', `/api/chat/conversations/${next.id}/accept`, {})).status).toBe(200);
  expect((await api('olga', 'POST', `/api/chat/conversations/${next.id}/close`, { reason: 'test done' })).status).toBe(200);
}, 300_000);
