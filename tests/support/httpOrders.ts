// A side worker whose orders go to a local HTTP order system (orderSystem.ts), on a task queue of
// its own, and requests started on that queue (for the seed's first client or a given one): what
// the order, intake and HTTP SMS tests drive.
import { randomUUID } from 'node:crypto';
import { serviceRequestWorkflow } from '../../workflows/serviceRequest';
import type { Fixtures } from './db';
import { testEnv } from './env';
import { startWorker } from './processes';
import type { openTemporal } from './temporal';

export async function startHttpOrdersWorker(name: string, queue: string, ordersUrl: string): Promise<void> {
  await startWorker(name, {
    ORDER_PROVIDER: 'http',
    ORDER_HTTP_URL: ordersUrl,
    TEMPORAL_TASK_QUEUE: queue,
    WORKER_METRICS_PORT: String(Number(testEnv.WORKER_METRICS_PORT) + 1),
    TEMPORAL_SDK_METRICS_PORT: '', // the main worker holds the SDK metrics port
    SCHEDULES_ENABLED: 'false', // the digest schedules stay on the main queue
  });
}

/** A request row as intake writes it (for the seed's first client), and its workflow on `queue`. */
export async function startRequestOn(
  db: Fixtures,
  temporal: Awaited<ReturnType<typeof openTemporal>>,
  queue: string,
  r: { description: string; serviceCode?: string; createdById?: string; clientId?: string },
): Promise<string> {
  const client = r.clientId ? { id: r.clientId } : await db.client.findUniqueOrThrow({ where: { phone: '+74951230001' } });
  const service = await db.service.findUniqueOrThrow({ where: { code: r.serviceCode ?? 'it-laptop' } });
  const id = randomUUID();
  await db.serviceRequest.create({
    data: { id, workflowId: id, clientId: client.id, serviceId: service.id, channel: 'PHONE', description: r.description, createdById: r.createdById ?? null },
  });
  await temporal.workflow.start(serviceRequestWorkflow, { workflowId: id, taskQueue: queue, args: [{ requestId: id }] });
  return id;
}
