// Canned replies and the knowledge base against the real stack: admins write them (supervisors
// read the table, others may not); staff read published replies, requesters may not; the portal's
// suggestions find published articles of the user's language by the words typed, best first,
// never an unpublished one or a reply.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';

const tag = randomUUID().slice(0, 8);
const created: string[] = [];
afterAll(async () => {
  for (const id of created) await api('admin', 'DELETE', `/api/admin/articles/${id}`);
});

async function article(body: object) {
  const res = await api('admin', 'POST', '/api/admin/articles', body);
  expect(res.status).toBe(201);
  created.push(res.body.item.id);
  return res.body.item as { id: string };
}

test('admins write replies and articles; bad input names the field; others may not write', async () => {
  const bad = await api('admin', 'POST', '/api/admin/articles', { kind: 'memo', lang: 'de', title: '', body: 'x' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['kind', 'lang', 'title']));
  expect((await api('elena', 'POST', '/api/admin/articles', { kind: 'reply', lang: 'ru', title: 't', body: 'b' })).status).toBe(403);
  expect((await api('elena', 'GET', '/api/admin/articles')).status).toBe(200);
  expect((await api('olga', 'GET', '/api/admin/articles')).status).toBe(403);
});

test('staff read published canned replies; requesters may not', async () => {
  const reply = await article({ kind: 'reply', lang: 'ru', title: `Перезагрузка ${tag}`, body: 'Перезагрузите, пожалуйста, компьютер и напишите нам.' });
  const hidden = await article({ kind: 'reply', lang: 'ru', title: `Черновик ${tag}`, body: 'draft', published: false });
  const ids = ((await api('olga', 'GET', '/api/knowledge/replies')).body.items as { id: string }[]).map((r) => r.id);
  expect(ids).toContain(reply.id);
  expect(ids).not.toContain(hidden.id);
  expect((await api('ivan', 'GET', '/api/knowledge/replies')).status).toBe(403);
});

test("the portal suggests published articles in the user's language by the words typed", async () => {
  const best = await article({ kind: 'article', lang: 'ru', title: `Принтер ${tag} не печатает`, body: 'Проверьте бумагу и картридж принтера.' });
  const other = await article({ kind: 'article', lang: 'ru', title: `Бумага ${tag}`, body: 'Где взять бумагу.' });
  const english = await article({ kind: 'article', lang: 'en', title: `Printer ${tag}`, body: 'Check the paper.' });
  const draft = await article({ kind: 'article', lang: 'ru', title: `Принтер ${tag} черновик`, body: 'draft', published: false });
  const suggest = async (q: string, lang = 'ru') =>
    ((await api('ivan', 'GET', `/api/knowledge/articles?q=${encodeURIComponent(q)}&lang=${lang}`)).body.items as { id: string }[]).map((a) => a.id);
  const found = await suggest(`Мой принтер ${tag} не печатает, бумага есть`);
  expect(found[0]).toBe(best.id);
  expect(found).toContain(other.id);
  expect(found).not.toContain(english.id);
  expect(found).not.toContain(draft.id);
  expect(await suggest(`printer ${tag}`, 'en')).toContain(english.id);
  expect(await suggest('ab')).toEqual([]);
  const bad = await api('ivan', 'GET', '/api/knowledge/articles?q=x&lang=de');
  expect(bad.status).toBe(400);
});
