// A department with one service, of a sync test's own (docs/sync.md, "Beside the other suites"):
// its queue mappings send only its requests to RT and Redmine, and the tickets filed from there
// land in it, so no other suite's requests or agents are touched.
import { api } from './api';
import { openDb } from './db';
import { openTemporal } from './temporal';

/** Makes the department `code` and its service `<code>-svc`; answers the department's id. */
export async function syncDepartment(code: string, name: string): Promise<string> {
  const made = await api('admin', 'POST', '/api/admin/departments', { code, name });
  expect(made.status).toBe(201);
  const service = await api('admin', 'POST', '/api/admin/services', {
    code: `${code}-svc`,
    name,
    serviceClass: 'sync',
    serviceType: code,
    departmentId: made.body.item.id,
  });
  expect(service.status).toBe(201);
  return made.body.item.id as string;
}

/**
 * Ends the runs of the department's open incidents (its afterAll). A sync suite's department has
 * no agent on shift, so each of its incidents retries its assignment every ASSIGN_RETRY_SECONDS
 * (2 s in the test profile) for the rest of a CI run. The backfill's 100 were 50 workflow tasks a
 * second: later suites' filings waited 31 s behind them (CI, 2026-12-03 13:17). The fields and
 * assignee suites' few did the same after the worker's restart in tests/faults/unavailable, whose
 * new worker replays each of those ever-growing histories: the next suites' filings waited over
 * 30 s (the CI runs of stop 28, surveys and chatReport).
 */
export async function endOpenRuns(code: string): Promise<void> {
  const prisma = openDb();
  const temporal = await openTemporal();
  try {
    const waiting = await prisma.incident.findMany({
      where: { department: { code }, status: { notIn: ['CLOSED', 'CANCELLED'] } },
      select: { requestId: true },
    });
    for (const { requestId } of waiting)
      await temporal.workflow
        .getHandle(requestId)
        .terminate('the sync suite is over')
        .catch(() => undefined);
  } finally {
    await temporal.connection.close();
    await prisma.$disconnect();
  }
}
