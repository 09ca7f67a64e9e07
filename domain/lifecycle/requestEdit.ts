// An admin's edit of a request (service, client, description) before its incident exists, run
// by the request's workflow (the "editRequest" update) so that the process routes the request
// again when its service changed. One transaction: the row, checked against the version the
// admin saw, and its audit entry; a retried attempt finds its edit there and changes nothing.
import type { Database } from '../../infra/db';
import type { EditRequestInput } from '../process/types';
import { audit } from '../shared/audit';
import { conflict, notFound } from '../shared/errors';
import { requestForEdit, updateRequestFields } from './requestEditRepository';

const FIELDS = ['serviceId', 'clientId', 'description'] as const;

/**
 * Applies the edit; answers whether the route may differ now: the service (its department, class
 * and type) or the client (their SLA contract) changed, so the workflow routes the request again.
 */
export async function editRequest(db: Database, requestId: string, input: EditRequestInput): Promise<{ reroute: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await requestForEdit(trx, requestId);
    if (!row || row.deletedAt) throw notFound(`request ${requestId}`);
    const changes = Object.fromEntries(FIELDS.filter((f) => input[f] !== undefined && input[f] !== row[f]).map((f) => [f, input[f]]));
    // A retry after a commit whose answer was lost: the edit is there already.
    if (Object.keys(changes).length === 0) return { reroute: input.serviceId !== undefined || input.clientId !== undefined };
    if (row.incidentId || row.status === 'CLOSED') throw conflict('the request has an incident or is closed: it can no longer be edited');
    if (row.updatedAt.toISOString() !== input.version) throw conflict('the request changed since you loaded it; reload and try again');
    await updateRequestFields(trx, requestId, changes);
    await audit(trx, {
      entityType: 'request',
      entityId: requestId,
      actorId: input.actorId,
      action: 'request.edited',
      before: Object.fromEntries(Object.keys(changes).map((f) => [f, row[f as (typeof FIELDS)[number]]])),
      after: changes,
    });
    return { reroute: 'serviceId' in changes || 'clientId' in changes };
  });
}
