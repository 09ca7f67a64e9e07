// The sync's activities (docs/sync.md, "Workflows"): one poll, one change applied, the cursor
// committed, one outbound pass. Each is idempotent, so Temporal's retries (the side away, the
// incident not open yet) are exactly-once in effect.
import type { Database } from '../infra/db';
import type { SyncConnector } from '../domain/sync/connector';
import { SyncUnavailable } from '../domain/sync/connector';
import { commitCursor, inboundPass, recordSyncError, type InboundChange } from '../domain/sync/inbound';
import { SyncApply, type ApplyPorts } from '../domain/sync/apply';
import { SyncOutbound } from '../domain/sync/outbound';

export interface SyncDeps {
  connectors: SyncConnector[];
  /** Made on first use: a worker that runs no sync opens no Temporal client for it. */
  ports: () => Promise<ApplyPorts>;
  /** Where a stored file of ours is (FileStorage.path, under ATTACHMENTS_DIR): the outbound pass sends its bytes. */
  filePath: (storageKey: string) => string;
}

export function createSyncActivities(db: Database, deps: SyncDeps | null) {
  const connector = (system: string) => {
    const c = deps?.connectors.find((x) => x.system === system);
    if (!c) throw new Error(`no ${system} connector is configured`);
    return c;
  };
  return {
    /** The changes there since the cursor, in our words (held values and echoes left out). */
    syncPoll: async (system: string) => {
      const pass = await inboundPass(db, connector(system));
      return pass;
    },
    syncApply: async (system: string, change: InboundChange) => {
      try {
        return await new SyncApply(db, await deps!.ports()).apply(connector(system), change);
      } catch (error) {
        if (error instanceof SyncUnavailable) await recordSyncError(db, system, error);
        throw error;
      }
    },
    syncCommit: (system: string, cursor: string | null, retried: string[]) => commitCursor(db, system, cursor, retried),
    syncOutbound: (system: string) => new SyncOutbound(db, deps!.filePath).pass(connector(system)),
  };
}
