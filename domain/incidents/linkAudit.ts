// One change of links between incidents, recorded: an audit entry in the timeline of each
// incident (or request, before its incident opens) it touches, and their open views told, in the
// change's transaction.
import type { Database } from '../../infra/db';
import { audit } from '../shared/audit';
import { notifyIncidentChanged } from './editingRepository';

export interface LinkEntry {
  /** The incident whose timeline shows it; null for a request whose incident is not open yet. */
  incidentId: string | null;
  requestId?: string;
  action: string;
  before?: Record<string, string>;
  after?: Record<string, string>;
}

export async function recordLinkChange(trx: Database, actorId: string, entries: LinkEntry[]): Promise<void> {
  for (const e of entries) {
    await audit(trx, {
      entityType: e.incidentId ? 'incident' : 'request',
      entityId: e.incidentId ?? e.requestId!,
      incidentId: e.incidentId,
      actorId,
      action: e.action,
      before: e.before,
      after: e.after,
    });
    if (e.incidentId) await notifyIncidentChanged(trx, e.incidentId);
  }
}
