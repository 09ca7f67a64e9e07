// The outbound sync of one system as a process (docs/sync.md, "Workflows"): our outbox events
// upserted there, a batch a pass; a pass that found nothing waits before the next.
import { continueAsNew, sleep } from '@temporalio/workflow';
import { PASSES_PER_RUN, syncActivities as act, type SyncInput } from './syncActivities';

export class OutboundSync {
  constructor(private readonly input: SyncInput) {}

  async run(): Promise<never> {
    for (let i = 0; i < PASSES_PER_RUN; i++) {
      const sent = await act.syncOutbound(this.input.system);
      if (sent === 0) await sleep(this.input.pollSeconds * 1000);
    }
    return continueAsNew<(input: SyncInput) => Promise<never>>(this.input);
  }
}
