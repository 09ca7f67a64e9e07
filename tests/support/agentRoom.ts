// Olga is the one IT agent of the seed, with a capacity of 10. Suites run one after another on
// one database and leave incidents open with her, so a suite that needs her to take new
// incidents gives her room first and restores the seed's capacity afterwards.
import { randomUUID } from 'node:crypto';
import { api } from './api';
import type { Fixtures } from './db';
import { waitFor } from './processes';

export const OLGA = '00000000-0000-4000-8000-000000000012';
const SEED_CAPACITY = 10;

/** Registers beforeAll/afterAll hooks that lift Olga's capacity for the suite. */
export function roomAtOlga(db: Fixtures): void {
  beforeAll(async () => {
    await db.employee.update({ where: { id: OLGA }, data: { capacity: 1000 } });
  });
  afterAll(async () => {
    await db.employee.update({ where: { id: OLGA }, data: { capacity: SEED_CAPACITY } });
  });
}

/** Ivan's portal request, worked by Olga and closed as done (the survey suites): its id. */
export async function closedByOlga(db: Fixtures, description: string): Promise<string> {
  const filed = await api('ivan', 'POST', '/api/portal/requests', { serviceCode: 'it-laptop', description }, { 'Idempotency-Key': randomUUID() });
  if (filed.status !== 201) throw new Error(`portal request: ${filed.status} ${JSON.stringify(filed.body)}`);
  const requestId = filed.body.request.id as string;
  // ASSIGNED, not only her id: the pick writes the assignee a step before the process moves the
  // incident out of NEW, and "start" is refused from NEW (the CI run of stop 28 read that step).
  const incident = await waitFor('assigned to Olga', () => db.incident.findFirst({ where: { requestId, assigneeId: OLGA, status: 'ASSIGNED' } }), 60000);
  for (const step of [{ action: 'start' }, { action: 'resolve', comment: 'Done' }, { action: 'close' }]) {
    const moved = await api('olga', 'POST', `/api/incidents/${incident.id}/transitions`, step);
    if (moved.status !== 200) throw new Error(`${step.action}: ${moved.status} ${JSON.stringify(moved.body)}`);
  }
  await waitFor('the request closed', async () => (await db.serviceRequest.findUnique({ where: { id: requestId } }))?.status === 'CLOSED', 30000);
  return requestId;
}
