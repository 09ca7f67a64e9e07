// Files in chat messages against the running stack: a visitor's and an agent's, under the incident
// attachments' limits (type 415, size 413, problem+json naming "file"), stored once per client
// message id, refused ones leaving no row and no bytes; downloads only for the conversation's
// visitor and the staff who may see it, with the attachments' safe headers; foreign ids 404.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { api, tokenFor } from '../support/api';
import { chatOpen, ChatSocket, newVisitor, visitorWithConversation, type Visitor } from '../support/chat';
import { openDb } from '../support/db';
import { APP_URL, testEnv } from '../support/env';

const db = openDb();
afterAll(() => db.$disconnect());
beforeAll(async () => {
  await chatOpen();
  await api('olga', 'POST', '/api/chat/shift/clock-out', {});
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

/** Sends bytes as the multipart field "file" of a file message, as the widget and the inbox do. */
async function sendFile(
  who: { user: string } | { visitor: Visitor },
  conversationId: string,
  name: string,
  type: string,
  bytes: Buffer,
  clientMessageId: string = randomUUID(),
) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const [url, headers] =
    'user' in who
      ? [`/api/chat/conversations/${conversationId}/files`, { authorization: `Bearer ${await tokenFor(who.user)}` }]
      : [`/api/chat/visitor/conversations/${conversationId}/files`, who.visitor.headers];
  const res = await fetch(`${APP_URL}${url}?clientMessageId=${encodeURIComponent(clientMessageId)}`, { method: 'POST', headers, body: form });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}

const download = async (who: { user: string } | { visitor: Visitor }, fileId: string) =>
  'user' in who
    ? fetch(`${APP_URL}/api/chat/files/${fileId}/content`, { headers: { authorization: `Bearer ${await tokenFor(who.user)}` } })
    : fetch(`${APP_URL}/api/chat/visitor/files/${fileId}/content`, { headers: who.visitor.headers });

const storedFiles = () => (fs.existsSync(testEnv.ATTACHMENTS_DIR!) ? new Set(fs.readdirSync(testEnv.ATTACHMENTS_DIR!)) : new Set<string>());

test('a visitor sends a file: stored once per client id, downloaded byte for byte by them and the staff who see the conversation, 404 for others', async () => {
  const v = await visitorWithConversation();
  const clientMessageId = randomUUID();
  const sent = await sendFile({ visitor: v }, v.conversationId, 'экран «ошибка».png', 'image/png', PNG, clientMessageId);
  expect(sent.status).toBe(201);
  expect(sent.body.message).toMatchObject({
    author: 'visitor',
    body: 'экран «ошибка».png',
    file: { fileName: 'экран «ошибка».png', contentType: 'image/png', size: PNG.length },
  });
  const fileId = sent.body.message.file.id as string;
  // A resend after a reconnect stores nothing twice.
  const before = storedFiles();
  const again = await sendFile({ visitor: v }, v.conversationId, 'экран «ошибка».png', 'image/png', PNG, clientMessageId);
  expect([again.status, again.body.message.id, again.body.created]).toEqual([200, sent.body.message.id, false]);
  expect([...storedFiles()].filter((f) => !before.has(f))).toEqual([]);
  expect(await db.chatFile.count({ where: { conversationId: v.conversationId } })).toBe(1);

  const own = await download({ visitor: v }, fileId);
  expect(own.status).toBe(200);
  expect(Buffer.from(await own.arrayBuffer()).equals(PNG)).toBe(true);
  expect(own.headers.get('content-disposition')).toContain("filename*=UTF-8''%D1%8D%D0%BA%D1%80%D0%B0%D0%BD");
  expect(own.headers.get('content-disposition')).toMatch(/^attachment;/);
  expect(own.headers.get('x-content-type-options')).toBe('nosniff');
  expect(own.headers.get('content-security-policy')).toContain('sandbox');
  // The IT queue's agent and supervisor see it waiting; another department, a user and another visitor do not.
  expect((await download({ user: 'olga' }, fileId)).status).toBe(200);
  expect((await download({ user: 'sergey' }, fileId)).status).toBe(200);
  expect((await download({ user: 'pavel' }, fileId)).status).toBe(404);
  expect((await download({ user: 'elena' }, fileId)).status).toBe(404);
  expect((await download({ user: 'ivan' }, fileId)).status).toBe(404);
  const stranger = await newVisitor();
  expect((await download({ visitor: stranger }, fileId)).status).toBe(404);
  expect((await download({ visitor: stranger }, randomUUID())).status).toBe(404);
  expect((await download({ user: 'olga' }, 'not-an-id')).status).toBe(404);
  // The history shows the file on both sides.
  const seen = await api('olga', 'GET', `/api/chat/conversations/${v.conversationId}`);
  expect(seen.body.messages.find((m: any) => m.id === sent.body.message.id).file.id).toBe(fileId);
});

test('a file to someone else’s conversation is a 404 and stores nothing', async () => {
  const v = await visitorWithConversation();
  const stranger = await newVisitor();
  expect((await sendFile({ visitor: stranger }, v.conversationId, 'x.txt', 'text/plain', Buffer.from('hi'))).status).toBe(404);
  expect((await sendFile({ user: 'pavel' }, v.conversationId, 'x.txt', 'text/plain', Buffer.from('hi'))).status).toBe(404);
  expect((await sendFile({ user: 'ivan' }, v.conversationId, 'x.txt', 'text/plain', Buffer.from('hi'))).status).toBe(404);
  expect((await sendFile({ user: 'olga' }, randomUUID(), 'x.txt', 'text/plain', Buffer.from('hi'))).status).toBe(404);
  expect(await db.chatFile.count({ where: { conversationId: v.conversationId } })).toBe(0);
});

test('a forbidden type, a forged content and a file over the limit are refused naming the field, leaving no row and no bytes', async () => {
  const v = await visitorWithConversation();
  const marker = Buffer.from(`chat-files-${randomUUID()}`);
  const before = storedFiles();
  const html = await sendFile({ visitor: v }, v.conversationId, 'page.html', 'text/html', Buffer.concat([Buffer.from('<script>alert(1)</script>'), marker]));
  expect([html.status, html.contentType, html.body.errors[0].field]).toEqual([415, 'application/problem+json; charset=utf-8', 'file']);
  const fakePng = await sendFile({ visitor: v }, v.conversationId, 'fake.png', 'image/png', Buffer.concat([Buffer.from('<svg onload=alert(1)>'), marker]));
  expect([fakePng.status, fakePng.body.errors[0].field]).toEqual([415, 'file']);
  const max = Number(testEnv.ATTACHMENT_MAX_BYTES ?? 10 * 1024 * 1024);
  const big = await sendFile({ visitor: v }, v.conversationId, 'big.txt', 'text/plain', Buffer.concat([marker, Buffer.alloc(max + 1 - marker.length, 65)]));
  expect([big.status, big.body.errors[0].field]).toEqual([413, 'file']);
  const empty = await sendFile({ visitor: v }, v.conversationId, 'empty.txt', 'text/plain', Buffer.alloc(0));
  expect([empty.status, empty.body.errors[0].field]).toEqual([400, 'file']);
  // A bad client message id is named before a byte is read; a JSON body is not a file.
  const badId = await sendFile({ visitor: v }, v.conversationId, 'x.txt', 'text/plain', Buffer.from('hi'), 'no spaces allowed');
  expect([badId.status, badId.body.errors[0].field]).toEqual([400, 'clientMessageId']);
  const notMultipart = await api(
    null,
    'POST',
    `/api/chat/visitor/conversations/${v.conversationId}/files?clientMessageId=${randomUUID()}`,
    { file: 'x' },
    v.headers,
  );
  expect([notMultipart.status, notMultipart.body.errors[0].field]).toEqual([415, 'file']);

  expect(await db.chatFile.count({ where: { conversationId: v.conversationId } })).toBe(0);
  const history = await api(null, 'GET', `/api/chat/visitor/conversations/${v.conversationId}`, undefined, v.headers);
  expect(history.body.messages.filter((m: any) => m.author === 'visitor')).toEqual([]);
  const added = [...storedFiles()].filter((f) => !before.has(f));
  expect(added.filter((f) => fs.readFileSync(path.join(testEnv.ATTACHMENTS_DIR!, f)).includes(marker))).toEqual([]);
});

test('an agent sends a file once accepted; the visitor gets it live and downloads it; a closed conversation takes none', async () => {
  const v = await visitorWithConversation();
  const socket = await ChatSocket.open({ token: v.token });
  socket.send({ type: 'subscribe', conversationId: v.conversationId, after: 0 });
  await socket.next((f) => f.type === 'history');
  const report = Buffer.from('%PDF-1.4 a report\n');
  expect((await sendFile({ user: 'olga' }, v.conversationId, 'report.pdf', 'application/pdf', report)).status).toBe(409); // not accepted yet
  expect((await api('olga', 'POST', `/api/chat/conversations/${v.conversationId}/accept`, {})).status).toBe(200);
  const sent = await sendFile({ user: 'olga' }, v.conversationId, 'report.pdf', 'application/pdf', report);
  expect(sent.status).toBe(201);
  expect(sent.body.message).toMatchObject({ author: 'agent', file: { fileName: 'report.pdf', contentType: 'application/pdf', size: report.length } });
  const frame = await socket.next((f) => f.type === 'message' && f.message.id === sent.body.message.id);
  expect(frame.message.file.id).toBe(sent.body.message.file.id);
  const got = await download({ visitor: v }, sent.body.message.file.id);
  expect(got.status).toBe(200);
  expect(got.headers.get('content-type')).toBe('application/pdf');
  expect(Buffer.from(await got.arrayBuffer()).equals(report)).toBe(true);
  await socket.close();

  expect((await api('olga', 'POST', `/api/chat/conversations/${v.conversationId}/close`, { reason: 'resolved' })).status).toBe(200);
  expect((await sendFile({ user: 'olga' }, v.conversationId, 'late.txt', 'text/plain', Buffer.from('late'))).status).toBe(409);
  expect((await sendFile({ visitor: v }, v.conversationId, 'late.txt', 'text/plain', Buffer.from('late'))).status).toBe(409);
  expect(await db.chatFile.count({ where: { conversationId: v.conversationId } })).toBe(1);
});
