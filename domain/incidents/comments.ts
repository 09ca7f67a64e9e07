// Comments on an incident: public ones the requester sees, internal ones only the staff who
// work it (access/levels.ts). The staff and the requester comment; an observer reads; the
// requester's comments are always public.
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { commentsSeen, insertComment } from './commentRepository';
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
    private readonly db: Database,
    private readonly incidents: IncidentService,
  ) {}

  async list(actor: Actor, incidentId: string): Promise<CommentView[]> {
    const incident = await this.incidents.get(actor, incidentId);
    const rows = await commentsSeen(this.db, itemsSeen(incident));
    // An author not in the directory is shown by id.
    return rows.map(({ fullName, username, ...r }) => ({
      ...r,
      authorName: username === null ? r.authorId : fullName || username,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async add(actor: Actor, incidentId: string, body: unknown): Promise<CommentView> {
    const incident = await this.incidents.get(actor, incidentId);
    const input = parseInput(commentSchema, body);
    if (!mayContribute(incident.access)) throw forbidden('you may follow this incident; its requester and the staff who work it comment');
    const staff = seesInternal(incident.access);
    if (!staff && input.public === false) throw forbidden('requesters comment publicly; internal notes are for the staff who work the incident');
    const isPublic = staff ? (input.public ?? false) : true;
    const row = await this.insert(actor.id, incident, input.body, isPublic);
    return { ...row, authorName: actor.fullName || actor.username, createdAt: row.createdAt.toISOString() };
  }

  /**
   * A public comment a client sent over a channel (domain/intake: an e-mail reply), authored
   * by their address; the intake found the incident and the client it belongs to.
   */
  async addFromChannel(authorId: string, incident: { id: string; requestId: string }, body: string): Promise<{ id: string }> {
    return this.insert(authorId, incident, parseInput(commentSchema, { body: body.slice(0, 4000) }).body, true);
  }

  /**
   * A comment an outside ticket system's person wrote (domain/sync), public or internal as it
   * was there; `carried` records where it came from in the same transaction, so it is added once.
   */
  async addCarried(
    authorId: string,
    incident: { id: string; requestId: string },
    body: string,
    isPublic: boolean,
    carried: (trx: Database, commentId: string) => Promise<unknown>,
  ): Promise<{ id: string }> {
    return this.insert(authorId, incident, body.trim().slice(0, 4000) || '-', isPublic, carried);
  }

  private insert(
    authorId: string,
    incident: { id: string; requestId: string },
    body: string,
    isPublic: boolean,
    carried?: (trx: Database, commentId: string) => Promise<unknown>,
  ) {
    return this.db.transaction().execute(async (trx) => {
      const comment = await insertComment(trx, { incidentId: incident.id, authorId, body, public: isPublic });
      if (carried) await carried(trx, comment.id);
      await audit(trx, {
        entityType: 'incident',
        entityId: incident.id,
        incidentId: incident.id,
        actorId: authorId,
        action: 'comment.added',
        after: { commentId: comment.id, public: isPublic },
      });
      await recordEvent(trx, { type: 'comment.added', requestId: incident.requestId, incidentId: incident.id, actorId: authorId, discriminator: comment.id });
      await refreshIncidentSearch(trx, incident.id);
      return comment;
    });
  }
}
