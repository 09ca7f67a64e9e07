// Notification templates edited by an admin: the built-in texts listed with their
// placeholders, an unknown placeholder refused at its field, only admins change them, every
// change audited, the next e-mail sent with the admin's text, and a reset to the built-in one.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { mails } from '../support/mail';
import { waitFor } from '../support/processes';

const db = openDb();
const CLIENT_EMAIL = 'office@romashka.example'; // client with phone +74951230001 (seed)
const PATH = '/api/admin/notification-templates/status/ru';

afterAll(async () => {
  await api('admin', 'DELETE', PATH);
  await db.$disconnect();
});

test('admins and supervisors see every template in both languages, with its placeholders', async () => {
  const res = await api('admin', 'GET', '/api/admin/notification-templates');
  expect(res.status).toBe(200);
  const items = res.body.items as { name: string; lang: string; subject: string; placeholders: string[]; customized: boolean; defaults: { subject: string } }[];
  expect(items).toHaveLength(24); // twelve templates (comment: a staff reply mailed to the client; withdrawn; survey-low; chat-escalated; merged)
  const status = items.find((t) => t.name === 'status' && t.lang === 'ru')!;
  expect(status).toMatchObject({ subject: 'Обращение {ref}: {status}', customized: false, placeholders: ['ref', 'title', 'status'] });
  expect(items.find((t) => t.name === 'digest' && t.lang === 'en')!.placeholders).toContain('lines');
  expect((await api('elena', 'GET', '/api/admin/notification-templates')).status).toBe(200);
  expect((await api('olga', 'GET', '/api/admin/notification-templates')).status).toBe(403);
});

test('bad texts are refused at the field they concern; only admins write', async () => {
  const unknown = await api('admin', 'PUT', PATH, { subject: 'Обращение {ref}', body: 'Здравствуйте, {clientName}!' });
  expect(unknown.status).toBe(400);
  expect(unknown.contentType).toContain('application/problem+json');
  expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'body', message: expect.stringContaining('{clientName}') })]);
  const twoLines = await api('admin', 'PUT', PATH, { subject: 'a\nb', body: 'x' });
  expect(twoLines.body.errors).toEqual([expect.objectContaining({ field: 'subject' })]);
  expect((await api('admin', 'PUT', PATH, { subject: 'x', body: 'y', html: true })).status).toBe(400);
  expect((await api('admin', 'PUT', '/api/admin/notification-templates/nope/ru', { subject: 'x', body: 'y' })).status).toBe(404);
  expect((await api('elena', 'PUT', PATH, { subject: 'x', body: 'y' })).status).toBe(403);
  expect((await api('elena', 'DELETE', PATH)).status).toBe(403);
  expect(await db.notificationTemplate.count({ where: { name: 'status', lang: 'ru' } })).toBe(0);
});

test("the next e-mail goes out with the admin's text; a reset brings the built-in one back", async () => {
  const marker = `T${Date.now().toString(36)}`;
  const put = await api('admin', 'PUT', PATH, { subject: `[${marker}] {ref} — {status}`, body: 'Заявка «{title}»: {status}. Служба поддержки.' });
  expect(put.status).toBe(200);
  expect(put.body.template).toMatchObject({ customized: true, subject: `[${marker}] {ref} — {status}`, defaults: { subject: 'Обращение {ref}: {status}' } });
  const trail = await db.auditEntry.findFirst({ where: { entityType: 'notification-template', entityId: 'status:ru' }, orderBy: { createdAt: 'desc' } });
  expect(trail).toMatchObject({ action: 'update', before: { subject: 'Обращение {ref}: {status}' }, after: { subject: `[${marker}] {ref} — {status}` } });

  const requestId = await fileRequest('olga', 'it-laptop', `${marker} new text test`);
  const ref = requestId.slice(0, 8).toUpperCase();
  const mail = await waitFor(
    'the status e-mail with the new text',
    async () => (await mails()).find((m) => m.to.includes(CLIENT_EMAIL) && m.subject === `[${marker}] ${ref} — зарегистрирован`) ?? null,
  );
  expect(mail.text).toContain(`${marker} new text test`);
  expect(mail.text).toContain('Служба поддержки.');

  const reset = await api('admin', 'DELETE', PATH);
  expect(reset.status).toBe(200);
  expect(reset.body.template).toMatchObject({ customized: false, subject: 'Обращение {ref}: {status}' });
  const second = await fileRequest('olga', 'it-laptop', `${marker} built-in again`);
  const ref2 = second.slice(0, 8).toUpperCase();
  await waitFor(
    'the built-in status e-mail',
    async () => (await mails()).find((m) => m.to.includes(CLIENT_EMAIL) && m.subject === `Обращение ${ref2}: зарегистрирован`) ?? null,
  );
});
