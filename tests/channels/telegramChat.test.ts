// Telegram conversations in the agents' live-chat inbox, against the real stack and the Bot API
// stand-in (scripts/telegram-server.ts): a user opens a conversation from the bot's keyboard
// button, writes; an agent sees it in the inbox (channel TELEGRAM), accepts, answers, files a
// request from it and closes it; the stand-in receives each answer once by sendMessage, and the
// close in words. Bad input: an update delivered twice is stored once, an over-long message is
// refused with nothing stored, a message delivered after the close is stored nowhere and the user
// is told; a message outside a conversation is taken by the intake as before. A photo and a
// document sent inside a conversation become chat files (fetched by getFile from the stand-in);
// one over the size limit or of a type not allowed is answered with the reason, nothing stored.
import type { ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { api, tokenFor } from '../support/api';
import { chatOpen } from '../support/chat';
import { openDb } from '../support/db';
import { APP_URL, testEnv } from '../support/env';
import { restartApp, waitFor } from '../support/processes';
import { STANDIN, startStandIn, TelegramUser } from '../support/telegram';

const TOKEN = '7000003:live-chat-bot-token-for-tests';
const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: STANDIN, TELEGRAM_WEBHOOK_SECRET: 'telegram-chat-test-secret', TELEGRAM_MODE: 'webhook' };
const db = openDb();
let standIn: ChildProcess;

beforeAll(async () => {
  standIn = await startStandIn();
  await restartApp(env);
  await waitFor('the webhook set', async () => {
    const info = (await (await fetch(`${STANDIN}/bot${TOKEN}/getWebhookInfo`)).json()) as { result: { url: string } };
    return info.result.url === `${APP_URL}/api/telegram/webhook`;
  });
  await chatOpen();
}, 180_000);

afterAll(async () => {
  await restartApp();
  standIn.kill('SIGTERM');
  await db.$disconnect();
}, 180_000);

interface Message {
  id: string;
  author: string;
  body: string;
}
const history = async (id: string) => (await api('olga', 'GET', `/api/chat/conversations/${id}`)).body.messages as Message[];

test('a Telegram user chats with an agent in the inbox: answers reach the chat once, the close is told, bad updates store nothing', async () => {
  const name = `Tg ${randomUUID().slice(0, 6)}`;
  const user = new TelegramUser(TOKEN, { language_code: 'en', first_name: name });

  // The keyboard button of /help opens the conversation.
  await user.say('/help');
  const help = await user.expectMessage('/operator');
  expect(help.reply_markup?.keyboard?.flat().map((b) => b.text)).toEqual(['Chat with an operator']);
  await user.say('Chat with an operator');
  await user.expectMessage('You are in the queue');
  const conversation = await waitFor('the conversation in the waiting inbox', async () =>
    (
      (await api('olga', 'GET', '/api/chat/conversations?view=waiting')).body.items as { id: string; visitorName: string; channel: string; createdAt: string }[]
    ).find((c) => c.visitorName === name),
  );
  expect(conversation).toMatchObject({ channel: 'TELEGRAM', status: 'WAITING' });
  const id = conversation.id;
  // The settings' greeting is carried to the chat as well.
  await user.expectMessage('Hello! / Здравствуйте!');
  await user.say('/operator');
  await user.expectMessage('Your conversation with the desk is open');

  const first = await user.say('My VPN does not connect');
  await waitFor('the message in the conversation', async () => (await history(id)).some((m) => m.author === 'visitor' && m.body === 'My VPN does not connect'));
  // Telegram delivers the same update again: stored once, nothing else taken.
  await user.replay(first);
  await waitFor('the replayed delivery', async () => (await user.deliveries()).filter((d) => d.update_id === first.update_id && d.status === 200).length === 2);
  expect((await history(id)).filter((m) => m.body === 'My VPN does not connect')).toHaveLength(1);
  expect(await db.inboundMessage.count({ where: { channel: 'TELEGRAM', channelMessageId: `${user.chatId}:${first.message.message_id}` } })).toBe(0);

  // Over the chat's limit: the user is told, nothing is stored.
  const max = Number(testEnv.CHAT_MESSAGE_MAX_CHARS ?? 4000);
  await user.say('x'.repeat(max + 1));
  await user.expectMessage(`at most ${max} characters`);
  expect((await history(id)).filter((m) => m.author === 'visitor')).toHaveLength(1);

  // The agent accepts and answers; a resend of the answer is stored and sent once.
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(200);
  const clientMessageId = randomUUID();
  const answer = { clientMessageId, body: 'Please reconnect to the office Wi-Fi and try again.' };
  const sent = await api('olga', 'POST', `/api/chat/conversations/${id}/messages`, answer);
  expect(sent.status).toBe(201);
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/messages`, answer)).status).toBe(200);
  await user.expectMessage(answer.body);
  const key = `chat-message:${sent.body.message.id as string}`;
  await waitFor('the delivery recorded', async () => (await db.notificationAttempt.count({ where: { key, outcome: 'sent' } })) === 1);
  expect((await user.received()).filter((m) => m.text === answer.body)).toHaveLength(1);
  expect(await db.notificationAttempt.findFirst({ where: { key } })).toMatchObject({ recipient: `tg:${user.chatId}`, channel: 'telegram' });

  // The user's answer to it lands in the same conversation, the agent sees it live in the history.
  await user.say('Now it works, thanks');
  await waitFor('the second message', async () => (await history(id)).some((m) => m.body === 'Now it works, thanks'));

  // Turned into a request as a widget chat is.
  const filed = await api('olga', 'POST', `/api/chat/conversations/${id}/request`, {
    file: { phone: `+7996${randomInt(1_000_000, 9_999_999)}`, serviceCode: 'it-laptop', description: 'VPN via Telegram chat', client: { name } },
  });
  expect(filed.status).toBe(200);
  expect(filed.body.conversation.requestId).toEqual(expect.any(String));

  // Closing tells the user in words.
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'resolved' })).status).toBe(200);
  await user.expectMessage('The operator has closed this conversation');

  // A message written while the conversation was open, delivered only after the close (a webhook
  // retried after an outage): stored nowhere, the user is told.
  const lateId = randomInt(500_000, 900_000);
  await user.replay({
    update_id: randomInt(1_000_000_000, 2_000_000_000),
    message: {
      message_id: lateId,
      date: Math.floor(Date.parse(conversation.createdAt) / 1000),
      chat: { id: user.chatId, type: 'private' },
      from: { id: user.chatId, is_bot: false, first_name: name, language_code: 'en' },
      text: 'One more thing',
    },
  });
  await user.expectMessage('arrived after the operator had closed the conversation');
  expect((await history(id)).some((m) => m.body === 'One more thing')).toBe(false);
  expect(await db.inboundMessage.count({ where: { channel: 'TELEGRAM', channelMessageId: `${user.chatId}:${lateId}` } })).toBe(0);

  // After the conversation, a message goes to the intake as before (an unlinked chat: held, told how to link).
  const after = await user.say('Another problem');
  await user.expectMessage('/link');
  await waitFor('the message held by the intake', async () =>
    db.inboundMessage.findFirst({ where: { channel: 'TELEGRAM', channelMessageId: `${user.chatId}:${after.message.message_id}`, status: 'HELD' } }),
  );
  expect((await history(id)).some((m) => m.body === 'Another problem')).toBe(false);
});

test('inside a conversation a photo and a document become chat files; one too large or of another type is refused with the reason', async () => {
  const name = `Tg ${randomUUID().slice(0, 6)}`;
  const user = new TelegramUser(TOKEN, { language_code: 'en', first_name: name });
  await user.say('/operator');
  await user.expectMessage('You are in the queue');
  const conversation = await waitFor('the conversation in the waiting inbox', async () =>
    ((await api('olga', 'GET', '/api/chat/conversations?view=waiting')).body.items as { id: string; visitorName: string }[]).find(
      (c) => c.visitorName === name,
    ),
  );
  const id = conversation.id;
  const files = () => db.chatFile.count({ where: { conversationId: id } });
  const fileMessages = async () =>
    (await api('olga', 'GET', `/api/chat/conversations/${id}`)).body.messages.filter((m: { file: unknown }) => m.file) as {
      body: string;
      file: { id: string; fileName: string; contentType: string; size: number };
    }[];
  const content = async (fileId: string) =>
    Buffer.from(
      await (await fetch(`${APP_URL}/api/chat/files/${fileId}/content`, { headers: { authorization: `Bearer ${await tokenFor('olga')}` } })).arrayBuffer(),
    );

  // A photo without a caption: a JPEG chat file, the same bytes for the agent.
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`photo ${name}`)]);
  const photo = await user.say('', { photo: jpeg });
  const [shot] = await waitFor('the photo in the conversation', async () => ((await fileMessages()).length === 1 ? fileMessages() : null));
  expect(shot!.file).toMatchObject({ fileName: `photo-${photo.message.message_id}.jpg`, contentType: 'image/jpeg', size: jpeg.length });
  expect((await content(shot!.file.id)).equals(jpeg)).toBe(true);

  // A document with a caption: the file under its own name, and the caption as a message.
  const pdf = Buffer.from(`%PDF-1.4 report of ${name}`);
  await user.say('The report', { document: { bytes: pdf, fileName: 'report.pdf', mimeType: 'application/pdf' } });
  await waitFor('the document in the conversation', async () => (await fileMessages()).length === 2);
  const report = (await fileMessages()).find((m) => m.file.fileName === 'report.pdf')!;
  expect(report.file).toMatchObject({ contentType: 'application/pdf', size: pdf.length });
  expect((await content(report.file.id)).equals(pdf)).toBe(true);
  await waitFor('the caption', async () => (await history(id)).some((m) => m.author === 'visitor' && m.body === 'The report'));

  // Over the limit (ATTACHMENT_MAX_BYTES, 10 MiB): the bot says why, nothing is stored.
  const max = Number(testEnv.ATTACHMENT_MAX_BYTES ?? 10 * 1024 * 1024);
  const big = Buffer.alloc(max + 1, 0x20);
  big.write('%PDF');
  await user.say('', { document: { bytes: big, fileName: 'big.pdf', mimeType: 'application/pdf' } });
  await user.expectMessage(`larger than ${Math.floor(max / 1024 / 1024)} MB`);
  // A type the chat does not take: told, nothing stored.
  await user.say('', { document: { bytes: Buffer.from('PK\u0003\u0004zip'), fileName: 'photos.zip', mimeType: 'application/zip' } });
  await user.expectMessage('this file was not sent');
  expect(await files()).toBe(2);
  expect((await fileMessages()).map((m) => m.file.fileName).sort()).toEqual(['photo-' + String(photo.message.message_id) + '.jpg', 'report.pdf'].sort());

  // Closed (accepted first: only the conversation's agent closes it), its workflow ends.
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(200);
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'test over' })).status).toBe(200);
});
