// Closing a request by hand when no incident could be made (the order system keeps failing,
// the client withdrew, it was filed by mistake). Staff give a reason; the request's workflow
// does the closing (and cancels an order it created), so the table follows the process.
import { z } from 'zod';
import type { ProcessGateway } from '../process/gateway';
import { conflict, forbidden } from '../shared/errors';
import type { Actor } from '../access/identity';
import type { RequestJournal } from './journal';
import { parseInput } from '../shared/validation';

export const closeRequestSchema = z
  .object({
    reason: z.string().trim().min(3, 'give the reason in at least 3 characters').max(500),
  })
  .strict();

export class RequestClosing {
  constructor(
    private readonly journal: RequestJournal,
    private readonly process: ProcessGateway,
  ) {}

  async close(actor: Actor, id: string, body: unknown): Promise<void> {
    // The journal's read decides what the caller may see: anything else is a 404.
    const request = await this.journal.get(actor, id);
    if (request.access !== 'staff') throw forbidden('only the staff who work a request close it by hand');
    const { reason } = parseInput(closeRequestSchema, body);
    if (request.status === 'CLOSED') throw conflict('the request is closed already');
    if (request.incident) throw conflict('the request has an incident: unlink the incident to close the request');
    await this.process.closeRequest(id, { reason, actorId: actor.id });
  }
}
