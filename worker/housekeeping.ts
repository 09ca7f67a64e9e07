// The main worker's housekeeping, every HOUSEKEEPING_EVERY_SECONDS (30 s): the reconciler
// (domain/requests/reconciler.ts) starts the workflow of any request left NEW without one, and
// expired Idempotency-Keys are forgotten (domain/shared/idempotencyKeys.ts). A pass is two
// indexed queries plus one start per request still NEW, so 30 s costs nothing and bounds how
// long a forgotten request waits. A failed pass is logged and the next one retries.
import type { Client } from '@temporalio/client';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { workflowsReconciled } from '../infra/metrics';
import { startForgottenRequests } from '../domain/requests/reconciler';
import { expireIdempotencyKeys } from '../domain/shared/idempotencyKeys';
import { TemporalProcess } from '../workflows/client';
import { passEvery } from './passes';

export interface HousekeepingSettings {
  everySeconds: number;
  reconcileAfterSeconds: number;
  idempotencyKeyHours: number;
}

async function pass(db: Database, process: TemporalProcess, settings: HousekeepingSettings): Promise<void> {
  const started = await startForgottenRequests(db, process, settings.reconcileAfterSeconds);
  workflowsReconciled.inc(started.length);
  if (started.length) log.warn('reconciler started workflows of requests left NEW without one', { count: started.length, requestIds: started.slice(0, 20) });
  const expired = await expireIdempotencyKeys(db, settings.idempotencyKeyHours);
  if (expired.answers + expired.requests) log.info('expired Idempotency-Keys forgotten', expired);
}

/** Starts the passes; the returned function stops them and waits for a pass under way. */
export function housekeepEvery(client: Client, db: Database, taskQueue: string, settings: HousekeepingSettings): () => Promise<void> {
  const process = new TemporalProcess(client, taskQueue);
  return passEvery(settings.everySeconds, 'housekeeping', () => pass(db, process, settings));
}
