// Links between incidents (issue 17): what an incident page shows of them (its mass parent or
// children, what was merged into it or what it was merged into, related incidents), "related
// to" in both directions, and merging a duplicate. Who may link is access/levels.ts
// (mayLinkIncidents); an incident outside the reader's scope is a 404 naming the field.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { isStaff } from '../access/identity';
import { mayLinkIncidents } from '../access/levels';
import type { ProcessGateway } from '../process/gateway';
import { INCIDENT_STATUSES, isActive } from '../process/states';
import { DomainError, forbidden } from '../shared/errors';
import { requestNumber } from '../shared/requestNumber';
import { parseInput, UUID } from '../shared/validation';
import { recordLinkChange, type LinkEntry } from './linkAudit';
import type { IncidentService, IncidentView } from './incidents';
import { childrenOf, deleteRelated, insertRelated, linkColumnsOf, mergedInto, refsByIds, relatedTo, type IncidentRefRow } from './linkRepository';

export const incidentRefSchema = z.object({
  id: z.string().uuid(),
  requestId: z.string().uuid(),
  /** The request's number as clients and staff quote it ("#" + 8 characters). */
  number: z.string(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
});
export type IncidentRef = z.infer<typeof incidentRefSchema>;

export const incidentLinksSchema = z.object({
  /** Marked as a mass (parent) incident: requests linked to it resolve with it. */
  mass: z.boolean(),
  parent: incidentRefSchema.nullable(),
  /** The children the reader sees (all, for the staff of the department), and how many are linked in all. */
  children: z.array(incidentRefSchema),
  childCount: z.number().int(),
  related: z.array(incidentRefSchema),
  mergedInto: incidentRefSchema.nullable(),
  /** Duplicates merged into this incident; each keeps its comments, files and timeline, read from its own page. */
  merged: z.array(incidentRefSchema),
});
export type IncidentLinks = z.infer<typeof incidentLinksSchema>;

export const relatedInputSchema = z.object({ incidentId: z.string().uuid() }).strict();
export const mergeInputSchema = z.object({ intoId: z.string().uuid() }).strict();

export const toRef = (r: IncidentRefRow): IncidentRef => ({
  id: r.id,
  requestId: r.requestId,
  number: requestNumber(r.requestId),
  title: r.title,
  status: r.status,
});

/** A 4xx naming the field of the input it is about. */
export const fieldProblem = (status: 404 | 409 | 400, field: string, message: string) =>
  new DomainError(status, status === 404 ? 'Not Found' : status === 409 ? 'Conflict' : 'Bad Request', `${field}: ${message}`, [{ field, message }]);

/** "Related to" added or removed: each incident's timeline names the other. */
const bothWays = (one: IncidentView, other: IncidentView, action: string, side: 'before' | 'after'): LinkEntry[] =>
  [
    [one, other],
    [other, one],
  ].map(([a, b]) => ({ incidentId: a!.id, action, [side]: { incident: requestNumber(b!.requestId) } }));

export class IncidentLinking {
  constructor(
    private readonly db: Database,
    private readonly incidents: IncidentService,
    private readonly process: ProcessGateway,
  ) {}

  /** An incident the actor may link, by the field that named it: outside their scope 404, not theirs to work 403. */
  async workable(actor: Actor, id: string, field: string): Promise<IncidentView> {
    if (!isStaff(actor)) throw forbidden('only the staff who work incidents link them');
    const incident = await this.incidents.get(actor, id).catch((error: unknown) => {
      if (error instanceof DomainError && error.status === 404) throw fieldProblem(404, field, 'no such incident in your scope');
      throw error;
    });
    if (!mayLinkIncidents(incident.access)) throw forbidden(`${field}: only the staff who work an incident link it`);
    return incident;
  }

  /** The other incident of a link, the actor's to work too; the same one is a 400. */
  async other(actor: Actor, one: IncidentView, otherId: string, otherField: string): Promise<IncidentView> {
    if (!UUID.test(otherId)) throw fieldProblem(400, otherField, 'must be an incident id');
    if (otherId.toLowerCase() === one.id) throw fieldProblem(400, otherField, 'an incident cannot be linked to itself');
    return this.workable(actor, otherId, otherField);
  }

  /** What the incident's page shows of its links (any reader of the incident; references in their scope only). */
  async view(actor: Actor, id: string): Promise<IncidentLinks> {
    const incident = await this.incidents.get(actor, id);
    const own = (await linkColumnsOf(this.db, incident.id))!;
    const ids = [own.parentIncidentId, own.mergedIntoId].filter((x): x is string => !!x);
    const [above, children, related, merged] = await Promise.all([
      refsByIds(this.db, actor, ids),
      childrenOf(this.db, actor, incident.id),
      relatedTo(this.db, actor, incident.id),
      mergedInto(this.db, actor, incident.id),
    ]);
    const find = (refId: string | null) => above.find((r) => r.id === refId);
    const parent = find(own.parentIncidentId);
    const into = find(own.mergedIntoId);
    return {
      mass: own.massSince !== null,
      parent: parent ? toRef(parent) : null,
      children: children.items.map(toRef),
      childCount: children.total,
      related: related.map(toRef),
      mergedInto: into ? toRef(into) : null,
      merged: merged.map(toRef),
    };
  }

  async relate(actor: Actor, id: string, body: unknown): Promise<IncidentLinks> {
    const one = await this.workable(actor, id, 'id');
    const { incidentId } = parseInput(relatedInputSchema, body);
    const other = await this.other(actor, one, incidentId, 'incidentId');
    await this.db.transaction().execute(async (trx) => {
      if (await insertRelated(trx, one.id, other.id, actor.id)) await recordLinkChange(trx, actor.id, bothWays(one, other, 'incident.related', 'after'));
    });
    return this.view(actor, one.id);
  }

  async unrelate(actor: Actor, id: string, otherId: string): Promise<void> {
    const one = await this.workable(actor, id, 'id');
    const other = await this.other(actor, one, otherId, 'relatedId');
    await this.db.transaction().execute(async (trx) => {
      if (!(await deleteRelated(trx, one.id, other.id))) throw fieldProblem(404, 'relatedId', 'the incidents are not related');
      await recordLinkChange(trx, actor.id, bothWays(one, other, 'incident.unrelated', 'before'));
    });
  }

  /**
   * Merges the duplicate `id` into `intoId`: its process cancels it with the reason "merged into
   * #N" and the survivor's id; the step that records the cancel writes the link in the same
   * statement (lifecycle recordTransition), so a cancelled duplicate without its link, or a link
   * on an open one, cannot remain. A refusal (409) leaves nothing written. Then both timelines
   * note the merge. The client hears of it once, "merged into #N" (notifyClosure). The duplicate
   * keeps its comments, files and timeline; the survivor lists it.
   */
  async merge(actor: Actor, id: string, body: unknown): Promise<IncidentLinks> {
    const duplicate = await this.workable(actor, id, 'id');
    const { intoId } = parseInput(mergeInputSchema, body);
    const survivor = await this.other(actor, duplicate, intoId, 'intoId');
    if (!isActive(duplicate.status)) throw fieldProblem(409, 'id', `the incident is ${duplicate.status}; only an open incident is merged`);
    if (!isActive(survivor.status)) throw fieldProblem(409, 'intoId', `the incident is ${survivor.status}; merge into an open incident`);
    if ((await linkColumnsOf(this.db, survivor.id))?.mergedIntoId) throw fieldProblem(409, 'intoId', 'that incident was merged itself');
    const number = requestNumber(survivor.requestId);
    await this.process.transition(duplicate.requestId, { action: 'cancel', actorId: actor.id, comment: `merged into #${number}`, mergeIntoId: survivor.id });
    await this.db.transaction().execute(async (trx) => {
      await recordLinkChange(trx, actor.id, [
        { incidentId: duplicate.id, action: 'incident.merged', after: { into: number } },
        { incidentId: survivor.id, action: 'incident.duplicate_merged', after: { duplicate: requestNumber(duplicate.requestId) } },
      ]);
    });
    return this.view(actor, survivor.id);
  }
}
