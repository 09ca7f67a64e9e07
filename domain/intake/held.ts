// What the intake did not take, for admins: held messages (an operator acts: an unknown sender,
// a reply to another client's request, a refused file, malformed mail) and ignored ones
// (auto-replies, bounces, loops), each with its reason. Admins look; supervisors may too.
import { z } from 'zod';
import { type Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { mayRead } from '../admin/resource';
import { parseInput } from '../shared/validation';
import { inboundPage } from './intakeRepository';

const STATUSES = ['RECEIVED', 'PROCESSED', 'HELD', 'IGNORED'] as const;

export const inboundListSchema = z
  .object({
    status: z.enum(STATUSES).optional().describe('one status; default: held and ignored'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** An inbound message as admins see it (the document's InboundMessage). */
export const inboundViewSchema = z.object({
  id: z.string().uuid(),
  channel: z.string(),
  channelMessageId: z.string().describe("the channel's id of the message (e-mail: Message-ID), unique per channel"),
  source: z.string().describe('where it came in (e-mail: the mailbox)'),
  sender: z.string(),
  subject: z.string(),
  status: z.enum(STATUSES),
  reason: z.string().nullable(),
  rawSize: z.number().int(),
  clientId: z.string().uuid().nullable(),
  requestId: z.string().uuid().nullable(),
  receivedAt: z.string().datetime(),
  processedAt: z.string().datetime().nullable(),
});
export type InboundView = z.infer<typeof inboundViewSchema>;

export class InboundMessages {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: unknown): Promise<InboundView[]> {
    mayRead(actor);
    const q = parseInput(inboundListSchema, query);
    const rows = await inboundPage(this.db, q.status ? [q.status] : ['HELD', 'IGNORED'], q.limit);
    return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), processedAt: r.processedAt?.toISOString() ?? null }));
  }
}
