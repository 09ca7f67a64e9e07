// Closing a request by hand when no incident could be made (the order system keeps failing,
// the client withdrew, it was filed by mistake). Staff give a reason; the request's workflow
// does the closing (and cancels an order it created), so the table follows the process.
import { z } from 'zod';
import type { Db } from '../infra/db';
import type { ProcessGateway } from '../workflows/client';
import { requestScope } from './access';
import { conflict, forbidden, notFound } from './errors';
import { isStaff, type Actor } from './identity';
import { parseInput } from './validation';

export const closeRequestSchema = z
  .object({
    reason: z.string().trim().min(3, 'give the reason in at least 3 characters').max(500),
  })
  .strict();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class RequestClosing {
  constructor(
    private readonly db: Db,
    private readonly process: ProcessGateway,
  ) {}

  async close(actor: Actor, id: string, body: unknown): Promise<void> {
    if (!UUID.test(id)) throw notFound('request');
    const request = await this.db.serviceRequest.findFirst({
      where: { AND: [{ id }, await requestScope(this.db, actor)] },
      select: { status: true, incidentId: true },
    });
    if (!request) throw notFound('request');
    if (!isStaff(actor)) throw forbidden('only agents, supervisors and admins close requests');
    const { reason } = parseInput(closeRequestSchema, body);
    if (request.status === 'CLOSED') throw conflict('the request is closed already');
    if (request.incidentId) throw conflict('the request has an incident: unlink the incident to close the request');
    await this.process.closeRequest(id, { reason, actorId: actor.id });
  }
}
