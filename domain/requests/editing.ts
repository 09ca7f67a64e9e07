// Admins correct a request filed wrongly, before an incident exists: edit its service, client
// or description, or delete it. Both go through the request's workflow, which owns the process:
// an edit is written by the workflow (the "editRequest" update) so that a changed service or
// client is routed again before the incident opens; a delete first closes the request through
// the workflow (the "closeRequest" update, which cancels an order made meanwhile).
//
// Delete is soft (ServiceRequest.deletedAt, hidden by the one access rule): the request's audit
// trail, its analytics events already in ClickHouse, its workflow history and its cancelled order
// keep pointing at a row that exists, and who deleted what stays answerable.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import type { ProcessGateway } from '../process/gateway';
import { hasRole, type Actor } from '../access/identity';
import { clientByPhone } from '../clients/byPhone';
import { audit } from '../shared/audit';
import { ifMatchAccepts, versionTag } from '../shared/etag';
import { conflict, forbidden, invalid } from '../shared/errors';
import { E164, parseInput } from '../shared/validation';
import type { RequestJournal, RequestView } from './journal';
import { markRequestDeleted } from './editingRepository';
import { serviceWhere } from './intakeRepository';

export const editRequestSchema = z
  .object({
    serviceCode: z.string().trim().min(1).max(64).optional(),
    clientPhone: E164.optional().describe("a phone of the client the request is for (any of the client's phones)"),
    description: z.string().trim().min(1, 'must not be empty').max(4000).optional(),
  })
  .strict()
  .refine((v) => v.serviceCode !== undefined || v.clientPhone !== undefined || v.description !== undefined, {
    message: 'give serviceCode, clientPhone or description',
    path: ['description'],
  });

/** What is said when a request with an incident is edited or deleted. */
const HAS_INCIDENT = 'the request has an incident: edit or cancel the incident instead';

export class RequestEditing {
  constructor(
    private readonly db: Database,
    private readonly journal: RequestJournal,
    private readonly process: ProcessGateway,
  ) {}

  /** The request as its admin may change it: in scope (else 404), admin (else 403), no incident, not closed. */
  private async editable(actor: Actor, id: string, what: string): Promise<RequestView> {
    const request = await this.journal.get(actor, id);
    if (!hasRole(actor, 'admin') || request.access !== 'staff') throw forbidden(`only admins ${what} requests`);
    if (request.incident) throw conflict(HAS_INCIDENT);
    return request;
  }

  async edit(actor: Actor, id: string, body: unknown, ifMatch: string | undefined): Promise<RequestView> {
    const request = await this.editable(actor, id, 'edit');
    const input = parseInput(editRequestSchema, body);
    if (request.status === 'CLOSED') throw conflict('the request is closed');
    if (!ifMatchAccepts(ifMatch, versionTag(request)))
      throw conflict('the request changed since you loaded it (If-Match does not match its ETag); reload and try again');
    let serviceId: string | undefined;
    if (input.serviceCode !== undefined) {
      const service = await serviceWhere(this.db, 'code', input.serviceCode);
      if (!service) throw invalid([{ field: 'serviceCode', message: `no service with code "${input.serviceCode}"` }]);
      serviceId = service.id;
    }
    let clientId: string | undefined;
    if (input.clientPhone !== undefined) {
      const client = await clientByPhone(this.db, input.clientPhone);
      if (!client || client.deletedAt) throw invalid([{ field: 'clientPhone', message: 'no client with this phone' }]);
      clientId = client.id;
    }
    await this.process.editRequest(id, { actorId: actor.id, version: request.updatedAt, serviceId, clientId, description: input.description });
    return this.journal.get(actor, id);
  }

  /** Closes the request through its workflow if it is still open, then hides it; a repeat finds it gone (404). */
  async remove(actor: Actor, id: string): Promise<void> {
    const request = await this.editable(actor, id, 'delete');
    if (request.status !== 'CLOSED') await this.process.closeRequest(id, { reason: 'deleted by an administrator', actorId: actor.id });
    await this.db.transaction().execute(async (trx) => {
      if (await markRequestDeleted(trx, id))
        await audit(trx, { entityType: 'request', entityId: id, actorId: actor.id, action: 'request.deleted', before: request });
    });
  }
}
