// The reconciler: a request is recorded first and its workflow started second (intake.ts), so
// a crash or a Temporal outage between the two leaves a request NEW with no process. Every
// request still NEW some time after filing is started again; the start is idempotent (the
// workflow id is the request id), so one whose process runs (only slowly: a worker down, an
// order system retrying) is left as it is and is not counted.
import type { Database } from '../../infra/db';
import type { ProcessGateway } from '../process/gateway';
import { requestsStillNew } from './reconcilerRepository';

/** How many requests one pass looks at: 200 starts of about 5 ms each keep a pass near one second. */
const BATCH = 200;

/** Starts the workflow of every request NEW for longer than `afterSeconds` that has none; returns how many were started. */
export async function startForgottenRequests(db: Database, process: ProcessGateway, afterSeconds: number, now = new Date()): Promise<string[]> {
  const ids = await requestsStillNew(db, new Date(now.getTime() - afterSeconds * 1000), BATCH);
  const started: string[] = [];
  for (const id of ids) if (await process.start(id)) started.push(id);
  return started;
}
