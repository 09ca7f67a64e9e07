// Satisfaction surveys against the real stack: the closing message carries one signed link per
// score; the link's page answers without signing in, once (a comment may follow the score, another
// score may not); a forged or foreign token is not found; the answer reaches the outbox with its
// score; a low score alerts the department's supervisor once; the requester rates from the portal,
// nobody else may; the report counts per score over the reader's scope only.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { closedByOlga, roomAtOlga } from '../support/agentRoom';
import { keycloakUser } from '../support/keycloak';

const db = openDb();
roomAtOlga(db);
afterAll(() => db.$disconnect());

const today = new Date().toISOString().slice(0, 10);

const closedRequest = (description: string) => closedByOlga(db, description);

test('one click on a link of the closing message answers, once; the answer is an event; a low score alerts the supervisor', async () => {
  const requestId = await closedRequest(`Survey link ${randomUUID()}`);
  const closing = await waitFor('the closing message', () => db.notification.findUnique({ where: { key: `closure:${requestId}:client` } }), 30000);
  const links = [...closing.body.matchAll(/\/survey\/([\w.-]+)\?score=(\d)/g)];
  expect(links.map((m) => m[2])).toEqual(['5', '4', '3', '2', '1']);
  const token = links[0]![1]!;

  expect(await api(null, 'GET', `/api/surveys/${token}`)).toMatchObject({ status: 200, body: { state: 'open', score: null } });
  // Forged: another request's id under this signature, a made-up signature, nonsense.
  const other = await closedRequest(`Survey other ${randomUUID()}`);
  for (const forged of [`${other}.${token.split('.')[1]}`, `${requestId}.AAAAAAAAAAAAAAAAAAAAAA`, 'nonsense']) {
    expect((await api(null, 'GET', `/api/surveys/${forged}`)).status).toBe(404);
    expect((await api(null, 'POST', `/api/surveys/${forged}`, { score: 5 })).status).toBe(404);
  }
  const bad = await api(null, 'POST', `/api/surveys/${token}`, { score: 7 });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('score');

  expect(await api(null, 'POST', `/api/surveys/${token}`, { score: 2 })).toMatchObject({ status: 200, body: { state: 'answered', score: 2 } });
  expect(await api(null, 'POST', `/api/surveys/${token}`, { score: 2, comment: 'Took three days' })).toMatchObject({
    status: 200,
    body: { score: 2, comment: 'Took three days' },
  });
  expect((await api(null, 'POST', `/api/surveys/${token}`, { score: 5 })).status).toBe(409);
  expect(await db.satisfactionSurvey.count({ where: { requestId } })).toBe(1);
  expect(await db.incidentEvent.findMany({ where: { requestId, type: 'survey.answered' } })).toEqual([expect.objectContaining({ score: 2 })]);

  const sergey = (await keycloakUser('sergey')).id;
  const alert = await waitFor('the supervisor alerted', () => db.notification.findUnique({ where: { key: `survey-low:${requestId}:${sergey}` } }), 60000, 1000);
  expect(alert.template).toBe('survey-low');
  expect(alert.body).toContain('Took three days');

  const report = await api('sergey', 'GET', `/api/reports/satisfaction?from=${today}&to=${today}`);
  expect(report.status).toBe(200);
  expect(report.body.answers).toBeGreaterThanOrEqual(1);
  expect(report.body.low.map((l: { requestId: string }) => l.requestId)).toContain(requestId);
  const repair = await api('elena', 'GET', `/api/reports/satisfaction?from=${today}&to=${today}`);
  expect(repair.body.low.map((l: { requestId: string }) => l.requestId)).not.toContain(requestId);
  expect((await api('olga', 'GET', `/api/reports/satisfaction?from=${today}&to=${today}`)).status).toBe(403);
});

test('the requester rates from the portal; nobody else may; an open request is not rated', async () => {
  const requestId = await closedRequest(`Survey portal ${randomUUID()}`);
  const rate = (user: string, id = requestId, score = 5) => api(user, 'POST', `/api/requests/${id}/survey`, { score });
  expect((await rate('olga')).status).toBe(403);
  expect((await rate('pavel')).status).toBe(404);
  expect((await rate('maria')).status).toBe(404);
  expect(await rate('ivan')).toMatchObject({ status: 200, body: { state: 'answered', score: 5 } });
  expect(await db.satisfactionSurvey.findUnique({ where: { requestId } })).toMatchObject({ score: 5, channel: 'portal' });

  const open = await api(
    'ivan',
    'POST',
    '/api/portal/requests',
    { serviceCode: 'it-laptop', description: `Survey open ${randomUUID()}` },
    { 'Idempotency-Key': randomUUID() },
  );
  const notDone = await rate('ivan', open.body.request.id);
  expect(notDone.status).toBe(400);
  expect(notDone.body.errors.map((e: { field: string }) => e.field)).toContain('score');
});
