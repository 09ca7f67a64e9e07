// The client portal: a signed-in client or staff requester files a request for themselves
// over the web (channel WEB) and follows it like any other.
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { Channel } from '../../generated/kysely/enums';
import { invalid } from '../shared/errors';
import type { Actor } from '../access/identity';
import type { RequestService } from './intake';
import { parseInput } from '../shared/validation';
import { serviceWhere } from './intakeRepository';

export const portalRequestSchema = z
  .object({
    serviceCode: z.string().trim().min(1).max(64),
    description: z.string().trim().min(1, 'must not be empty').max(4000),
  })
  .strict();

export class PortalService {
  constructor(
    private readonly db: Database,
    private readonly requests: RequestService,
  ) {}

  async file(actor: Actor, body: unknown, idempotencyKey: string | undefined) {
    const input = parseInput(portalRequestSchema, body);
    const service = await serviceWhere(this.db, 'code', input.serviceCode);
    if (!service) throw invalid([{ field: 'serviceCode', message: `no service with code "${input.serviceCode}"` }]);
    return this.requests.fileForSelf(actor, { serviceId: service.id, description: input.description, channel: Channel.WEB }, idempotencyKey);
  }
}
