// Merging a duplicate against the real stack: its client hears once, "merged into #N" (no
// CANCELLED status message beside a "closed without being carried out"); the link is written
// by the step that records the cancel, so the two appear together, and a cancel the workflow
// refuses leaves no link.
import { randomBytes } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { openTemporal } from '../support/temporal';
import { letterMarker } from '../support/marker';
import { outboxDrained } from '../support/outbox';
import { transitionUpdate } from '../../workflows/messages';

const db = openDb();
const temporal = openTemporal();
afterAll(async () => {
  await (await temporal).connection.close();
  await db.$disconnect();
});

const freshPhone = () => `+7917${(parseInt(randomBytes(4).toString('hex'), 16) % 10_000_000).toString().padStart(7, '0')}`;
const number = (requestId: string) => requestId.slice(0, 8).toUpperCase();

/** A request of a client of its own (with an e-mail), and its incident once opened. */
async function incident(description: string): Promise<{ id: string; requestId: string; email: string }> {
  const email = `${letterMarker('merge', 8)}@example.test`;
  const res = await api('sergey', 'POST', '/api/requests', {
    phone: freshPhone(),
    serviceCode: 'it-laptop',
    description,
    client: { name: `Merge client ${letterMarker('', 6)}`, email },
  });
  expect(res.status).toBe(201);
  const requestId = res.body.request.id as string;
  const row = await waitFor('incident opened', () => db.incident.findFirst({ where: { requestId } }), 60000);
  return { id: row.id, requestId, email };
}

test('a merged duplicate’s client gets one message, "merged into #N", on the incident’s log', async () => {
  const survivor = await incident('The laptop does not boot');
  const duplicate = await incident('Laptop will not start');
  expect((await api('sergey', 'POST', `/api/incidents/${duplicate.id}/merge`, { intoId: survivor.id })).status).toBe(200);
  // The run ends once its messages are owed ("lean-process"): the notifier sends them after it.
  await (await temporal).workflow.getHandle(duplicate.requestId).result();
  await outboxDrained(db, duplicate.id, duplicate.requestId);

  const toClient = await db.notificationAttempt.findMany({ where: { incidentId: duplicate.id, recipient: duplicate.email } });
  const sent = toClient.filter((a) => a.outcome === 'sent' || a.outcome === 'delivered');
  expect(sent.filter((a) => a.key.endsWith(':CANCELLED'))).toEqual([]);
  expect(sent.filter((a) => a.template === 'withdrawn')).toEqual([]);
  const merged = sent.filter((a) => a.template === 'merged');
  expect(merged).toHaveLength(1);
  expect(merged[0]!.subject).toContain(`#${number(survivor.requestId)}`);
  // The staff's log of the incident shows it too.
  const log = await api('sergey', 'GET', `/api/incidents/${duplicate.id}/notifications`);
  expect(log.body.items.filter((a: { template: string }) => a.template === 'merged')).toHaveLength(1);
}, 180000);

test('the link is written with the cancel: a cancel carrying its target links, one the workflow refuses links nothing', async () => {
  const survivor = await incident('Docking station is dead');
  const duplicate = await incident('Dock does not charge');
  // Straight to the workflow, past the API's own merge: the cancel's recording writes the link.
  const client = await temporal;
  const sergey = await db.employee.findUniqueOrThrow({ where: { username: 'sergey' } });
  await client.workflow
    .getHandle(duplicate.requestId)
    .executeUpdate(transitionUpdate, { args: [{ action: 'cancel', actorId: sergey.id, comment: 'duplicate', mergeIntoId: survivor.id }] });
  expect(await db.incident.findUniqueOrThrow({ where: { id: duplicate.id } })).toMatchObject({ status: 'CANCELLED', mergedIntoId: survivor.id });
  const cancel = await db.incidentTransition.findFirstOrThrow({ where: { incidentId: duplicate.id, action: 'cancel' } });
  expect(cancel.detail).toMatchObject({ mergedInto: survivor.id });

  // A run that has ended refuses the cancel (409): nothing links the incident.
  const other = await incident('Keyboard missing keys');
  const target = await incident('Keys fell off');
  await client.workflow.getHandle(other.requestId).terminate('the test ends the run so the cancel is refused');
  const refused = await api('sergey', 'POST', `/api/incidents/${other.id}/merge`, { intoId: target.id });
  expect(refused.status).toBe(409);
  expect(await db.incident.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ mergedIntoId: null });
  expect(await db.incident.count({ where: { mergedIntoId: target.id } })).toBe(0);
}, 180000);
