// Starts the sync's workflows (docs/sync.md, "Workflows") at the main worker's start: an inbound
// and an outbound one per configured system, with fixed ids, so a restart finds them running
// and starts none twice.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import { log } from '../infra/logger';
import { connectorsFromEnv } from '../domain/sync/connectors';

export const syncWorkflowId = (direction: 'inbound' | 'outbound', system: string) => `sync-${direction}-${system}`;

export async function startSyncWorkflows(config: Config, client: Client): Promise<string[]> {
  if (!config.SYNC_ENABLED) return [];
  const started: string[] = [];
  for (const { system } of connectorsFromEnv()) {
    for (const [direction, workflowType] of [
      ['inbound', 'syncInboundWorkflow'],
      ['outbound', 'syncOutboundWorkflow'],
    ] as const) {
      const workflowId = syncWorkflowId(direction, system);
      try {
        await client.workflow.start(workflowType, {
          workflowId,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          args: [{ system, pollSeconds: config.SYNC_POLL_SECONDS }],
        });
        started.push(workflowId);
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
  }
  log.info('sync workflows in place', { started });
  return started;
}
