// Incidents (issue 17): the staff who work one edit its title and description (If-Match, audit,
// search), and its executor or a supervisor cancels it with a reason through the workflow: the
// incident ends CANCELLED, its request closes with the reason and its order is cancelled.
import { randomUUID } from 'node:crypto';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { openTemporal } from '../support/temporal';
import { OLGA, roomAtOlga } from '../support/agentRoom';
import { letterMarker } from '../support/marker';

const db = openDb();
roomAtOlga(db);
const IVAN_PHONE = '+74950000013'; // Ivan's own client record: he is the requester
let temporal: Awaited<ReturnType<typeof openTemporal>>;
beforeAll(async () => {
  temporal = await openTemporal();
});
afterAll(async () => {
  await temporal.connection.close();
  await db.$disconnect();
});

/** A request filed by Olga for Ivan, and its incident once Olga has it. */
async function incidentOfOlga(description: string): Promise<{ id: string; requestId: string }> {
  const requestId = await fileRequest('olga', 'it-laptop', description, IVAN_PHONE);
  const incident = await waitFor(
    'incident assigned to Olga',
    () => db.incident.findFirst({ where: { requestId, assigneeId: OLGA, status: 'ASSIGNED' } }),
    30000,
  );
  return { id: incident.id, requestId };
}

const edit = (as: string, id: string, body: unknown, ifMatch?: string) =>
  api(as, 'PATCH', `/api/incidents/${id}`, body, ifMatch ? { 'If-Match': ifMatch } : {});

test('the staff who work an incident edit its title and description; stale, bad and foreign edits are refused', async () => {
  const word = letterMarker('zebra');
  const { id, requestId } = await incidentOfOlga('The laptop fan is loud');
  const tag = (await api('olga', 'GET', `/api/incidents/${id}`)).headers.get('etag')!;

  for (const who of ['elena', 'maria']) expect((await edit(who, id, { title: 'x' }, tag)).status).toBe(404);
  expect((await edit('olga', randomUUID(), { title: 'x' })).status).toBe(404);
  expect((await edit('ivan', id, { title: 'x' }, tag)).status).toBe(403);
  for (const body of [{}, { title: '   ' }, { title: 'x', colour: 'red' }, { description: '' }]) {
    const res = await edit('olga', id, body, tag);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors.length).toBeGreaterThan(0);
  }
  expect((await edit('olga', id, { title: 'stale' }, '"0"')).status).toBe(409);

  const res = await edit('olga', id, { title: `Fan noise ${word}`, description: '  The fan is loud after the update  ' }, tag);
  expect(res.status).toBe(200);
  expect(res.body.incident).toMatchObject({ title: `Fan noise ${word}`, description: 'The fan is loud after the update' });
  expect(res.headers.get('etag')).not.toBe(tag);
  // The version the edit was made against is old now: a second editor with it loses nothing.
  expect((await edit('sergey', id, { title: 'lost update' }, tag)).status).toBe(409);
  expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ description: 'The fan is loud after the update' });
  const trail = await db.auditEntry.findMany({ where: { entityType: 'incident', entityId: id, action: 'incident.edited' } });
  expect(trail).toEqual([
    expect.objectContaining({
      actorId: OLGA,
      before: { title: expect.stringContaining('The laptop fan is loud'), description: 'The laptop fan is loud' },
      after: { title: `Fan noise ${word}`, description: 'The fan is loud after the update' },
    }),
  ]);
  // The search documents follow the new text.
  const found = await api('sergey', 'GET', `/api/incidents?q=${word}`);
  expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
});

test('its executor cancels an incident with a reason: CANCELLED, the request closed with the reason, the order cancelled', async () => {
  const { id, requestId } = await incidentOfOlga('Printer cable is missing');
  const cancel = (as: string, body: Record<string, unknown>) => api(as, 'POST', `/api/incidents/${id}/transitions`, { action: 'cancel', ...body });

  expect((await cancel('ivan', { comment: 'not needed' })).status).toBe(403);
  expect((await cancel('elena', { comment: 'not mine' })).status).toBe(404);
  const missing = await cancel('olga', {});
  expect(missing.status).toBe(400);
  expect(missing.body.errors[0].field).toBe('comment');

  const res = await cancel('olga', { comment: 'The client bought a new printer' });
  expect(res.status).toBe(200);
  expect(res.body.incident).toMatchObject({ status: 'CANCELLED', allowedActions: [] });
  const result = await temporal.workflow.getHandle(requestId).result();
  expect(result).toMatchObject({ phase: 'DONE', status: 'CANCELLED', closeReason: 'incident cancelled: The client bought a new printer', closedBy: OLGA });
  const request = await db.serviceRequest.findUniqueOrThrow({ where: { id: requestId } });
  expect(request).toMatchObject({ status: 'CLOSED', closeReason: 'incident cancelled: The client bought a new printer' });
  expect(await db.externalOrder.findUniqueOrThrow({ where: { id: request.externalOrderId! } })).toMatchObject({ status: 'CANCELLED' });
  expect(await db.incident.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'CANCELLED', closedAt: expect.any(Date) });
  expect(JSON.stringify((await api('olga', 'GET', `/api/incidents/${id}/timeline`)).body.items)).toContain('cancel');

  // Cancelled is final: no move, no edit.
  expect((await cancel('olga', { comment: 'again' })).status).toBe(409);
  expect((await api('ivan', 'POST', `/api/incidents/${id}/transitions`, { action: 'reopen' })).status).toBe(409);
  expect((await edit('olga', id, { title: 'after the end' })).status).toBe(409);
}, 60000);
