// Comments on an incident: public ones the requester sees, internal ones only the staff who
// work it (access/levels.ts). The staff and the requester comment; an observer reads; the
// requester's comments are always public.
import { z } from 'zod';
import type { Db } from '../../infra/db';
import { audit } from '../shared/audit';
import { forbidden } from '../shared/errors';
import { recordEvent } from '../shared/events';
import { mayContribute, seesInternal } from '../access/levels';
import type { Actor } from '../access/identity';
import { itemsSeen, type IncidentService } from './incidents';
import { refreshIncidentSearch } from './search';
import { parseInput } from '../shared/validation';

export const commentSchema = z
  .object({
    body: z.string().trim().min(1, 'must not be empty').max(4000),
    public: z.boolean().optional().describe('public to the requester; staff default to internal, requesters are always public'),
  })
  .strict();

/** A comment as the API returns it (the document's Comment). */
export const commentViewSchema = z.object({
  id: z.string().uuid(),
  incidentId: z.string().uuid(),
  authorId: z.string(),
  authorName: z.string(),
  body: z.string(),
  public: z.boolean(),
  createdAt: z.string().datetime(),
});
export type CommentView = z.infer<typeof commentViewSchema>;

export class CommentService {
  constructor(
    private readonly db: Db,
    private readonly incidents: IncidentService,
  ) {}

  async list(actor: Actor, incidentId: string): Promise<CommentView[]> {
    const incident = await this.incidents.get(actor, incidentId);
    const rows = await this.db.comment.findMany({
      where: itemsSeen(incident),
      orderBy: { createdAt: 'asc' },
    });
    const names = await this.names(rows.map((r) => r.authorId));
    return rows.map((r) => ({ ...r, authorName: names.get(r.authorId) ?? r.authorId, createdAt: r.createdAt.toISOString() }));
  }

  async add(actor: Actor, incidentId: string, body: unknown): Promise<CommentView> {
    const incident = await this.incidents.get(actor, incidentId);
    const input = parseInput(commentSchema, body);
    if (!mayContribute(incident.access)) throw forbidden('you may follow this incident; its requester and the staff who work it comment');
    const staff = seesInternal(incident.access);
    if (!staff && input.public === false) throw forbidden('requesters comment publicly; internal notes are for the staff who work the incident');
    const isPublic = staff ? (input.public ?? false) : true;
    const row = await this.db.$transaction(async (tx) => {
      const comment = await tx.comment.create({ data: { incidentId: incident.id, authorId: actor.id, body: input.body, public: isPublic } });
      await audit(tx, {
        entityType: 'incident',
        entityId: incident.id,
        incidentId: incident.id,
        actorId: actor.id,
        action: 'comment.added',
        after: { commentId: comment.id, public: isPublic },
      });
      await recordEvent(tx, { type: 'comment.added', requestId: incident.requestId, incidentId: incident.id, actorId: actor.id, discriminator: comment.id });
      await refreshIncidentSearch(tx, incident.id);
      return comment;
    });
    return { ...row, authorName: actor.fullName || actor.username, createdAt: row.createdAt.toISOString() };
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.db.employee.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, fullName: true, username: true } });
    return new Map(rows.map((e) => [e.id, e.fullName || e.username]));
  }
}
