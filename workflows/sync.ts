// The sync with outside ticket systems (docs/sync.md, "Workflows"): per system one inbound and
// one outbound workflow, started by the main worker (worker/syncWorkflows.ts) with fixed ids,
// running for good (each continues as new every PASSES_PER_RUN passes). Deterministic: every
// read and write is an activity; the waits are workflow timers.
import type { SyncInput } from './sync/syncActivities';
import { InboundSync } from './sync/inboundSync';
import { OutboundSync } from './sync/outboundSync';

export type { SyncInput } from './sync/syncActivities';

export async function syncInboundWorkflow(input: SyncInput): Promise<never> {
  return new InboundSync(input).run();
}

export async function syncOutboundWorkflow(input: SyncInput): Promise<never> {
  return new OutboundSync(input).run();
}
