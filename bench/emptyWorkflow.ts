// The baselines' workflows (bench/run.ts), run by the bench's own worker on its own task queue.
import { proxyActivities } from '@temporalio/workflow';
import type { benchStepActivities } from './benchStep';

/** Does nothing, so its start rate is Temporal's own. */
export async function benchEmptyWorkflow(): Promise<void> {}

const { benchStep } = proxyActivities<ReturnType<typeof benchStepActivities>>({ startToCloseTimeout: '30 seconds' });

/**
 * The shape of a request's way from filing to its order with nothing of ours in it: a start, a
 * workflow task that schedules one activity, the activity (it only notes when it ran), and the
 * workflow task that ends the run. Its rate is what this server and machine allow filed -> order.
 */
export async function benchOneStepWorkflow(key: string): Promise<void> {
  await benchStep(key);
}
