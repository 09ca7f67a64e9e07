// The inbound sync of one system as a process (docs/sync.md, "Workflows"): poll the changes
// there since the cursor, apply each through our process, then move the cursor; wait; again.
import { continueAsNew, sleep } from '@temporalio/workflow';
import { PASSES_PER_RUN, syncActivities as act, type SyncInput } from './syncActivities';

export class InboundSync {
  constructor(private readonly input: SyncInput) {}

  async run(): Promise<never> {
    for (let i = 0; i < PASSES_PER_RUN; i++) {
      await this.pass();
      await sleep(this.input.pollSeconds * 1000);
    }
    return continueAsNew<(input: SyncInput) => Promise<never>>(this.input);
  }

  /** One pass: the cursor is committed only after every change it took is applied. */
  private async pass(): Promise<void> {
    const page = await act.syncPoll(this.input.system);
    for (const change of page.changes) await act.syncApply(this.input.system, change);
    await act.syncCommit(this.input.system, page.cursor, page.retried);
  }
}
