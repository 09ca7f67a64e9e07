// Mass incidents (issue 17): one parent incident for many requests about the same outage (a
// telecom line down brings hundreds of calls). Staff mark an incident as a mass incident and
// link requests of their department to it; when the parent resolves, its workflow tells each
// child's workflow, which resolves its own incident through its normal path (the client hears
// of it once: the status message is keyed by the child's step, docs/workflows.md).
//
// MATCH_RULE, the one rule for offering a link at intake: an open mass incident of the same
// service as the new request, in the operator's scope (newest first, at most 5). The service
// is what the operator picks for every request; addresses and free text vary too much between
// callers to match on reliably.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { isStaff, type Actor } from '../access/identity';
import { forbidden } from '../shared/errors';
import { isActive } from '../process/states';
import { requestNumber } from '../shared/requestNumber';
import { parseInput } from '../shared/validation';
import { recordLinkChange } from './linkAudit';
import type { IncidentView } from './incidents';
import { activeMassOfService, ancestorsOf, deleteChild, insertChildren, linkColumnsOf, parentOfRequest, setMass } from './linkRepository';
import { fieldProblem, toRef, type IncidentLinking, type IncidentLinks, type IncidentRef } from './links';

export const MATCH_RULE = 'an open mass incident of the same service, in your scope';

/** At most this many children per call: a form's or an integration's batch, one transaction. */
const MAX_BATCH = 200;
export const massChildrenInputSchema = z.object({ incidentIds: z.array(z.string().uuid()).min(1).max(MAX_BATCH) }).strict();

export const massOfferQuerySchema = z.object({ serviceCode: z.string().trim().min(1).max(64) });

export class MassIncidents {
  constructor(
    private readonly db: Database,
    private readonly linking: IncidentLinking,
  ) {}

  /** Marks an open incident as a mass incident (again: unchanged). */
  async mark(actor: Actor, id: string): Promise<IncidentLinks> {
    const incident = await this.linking.workable(actor, id, 'id');
    if (!isActive(incident.status)) throw fieldProblem(409, 'id', `the incident is ${incident.status}; only an open incident becomes a mass incident`);
    const own = (await linkColumnsOf(this.db, incident.id))!;
    if (own.mergedIntoId) throw fieldProblem(409, 'id', 'a merged duplicate cannot be a mass incident');
    if (own.massSince === null) {
      await this.db.transaction().execute(async (trx) => {
        await setMass(trx, incident.id, new Date());
        await recordLinkChange(trx, actor.id, [{ incidentId: incident.id, action: 'incident.mass_marked' }]);
      });
    }
    return this.linking.view(actor, incident.id);
  }

  /** No longer a mass incident: only once no request is linked to it (409 otherwise). */
  async unmark(actor: Actor, id: string): Promise<IncidentLinks> {
    const incident = await this.linking.workable(actor, id, 'id');
    const links = await this.linking.view(actor, incident.id);
    if (links.childCount > 0) throw fieldProblem(409, 'id', `${links.childCount} requests are linked to it; unlink them first`);
    if (links.mass) {
      await this.db.transaction().execute(async (trx) => {
        await setMass(trx, incident.id, null);
        await recordLinkChange(trx, actor.id, [{ incidentId: incident.id, action: 'incident.mass_unmarked' }]);
      });
    }
    return this.linking.view(actor, incident.id);
  }

  /** The parent a link goes to: the actor's to work, open and marked as a mass incident. */
  private async parent(actor: Actor, id: string, field: string): Promise<IncidentView> {
    const parent = await this.linking.workable(actor, id, field);
    if (!isActive(parent.status)) throw fieldProblem(409, field, `the mass incident is ${parent.status}; link to an open one`);
    if ((await linkColumnsOf(this.db, parent.id))?.massSince == null) throw fieldProblem(409, field, 'the incident is not marked as a mass incident');
    return parent;
  }

  /**
   * Links several incidents (their requests) to the mass incident, all or none: each the
   * actor's to work and open, none the parent itself or above it in its chain (a cycle), none
   * linked to another parent already. Linked already to this one: unchanged.
   */
  async link(actor: Actor, id: string, body: unknown): Promise<IncidentLinks> {
    const parent = await this.parent(actor, id, 'id');
    const { incidentIds } = parseInput(massChildrenInputSchema, body);
    const ancestors = new Set(await ancestorsOf(this.db, parent.id));
    const children: IncidentView[] = [];
    for (const [n, childId] of [...new Set(incidentIds.map((x) => x.toLowerCase()))].entries()) {
      const field = `incidentIds[${n}]`;
      if (childId === parent.id) throw fieldProblem(400, field, 'an incident cannot be its own mass incident');
      if (ancestors.has(childId)) throw fieldProblem(400, field, 'the incident is above this one in its mass chain (a cycle)');
      const child = await this.linking.workable(actor, childId, field);
      if (!isActive(child.status)) throw fieldProblem(409, field, `the incident is ${child.status}; only open incidents are linked`);
      const linked = await parentOfRequest(this.db, child.requestId);
      if (linked && linked.parentIncidentId !== parent.id) throw fieldProblem(409, field, 'linked to another mass incident; unlink it there first');
      children.push(child);
    }
    await this.db.transaction().execute(async (trx) => {
      const added = new Set(
        await insertChildren(
          trx,
          parent.id,
          children.map((c) => c.requestId),
          actor.id,
        ),
      );
      for (const child of children.filter((c) => added.has(c.requestId))) await this.recordLink(trx, actor, parent, child.requestId, child.id);
    });
    return this.linking.view(actor, parent.id);
  }

  async unlink(actor: Actor, id: string, childId: string): Promise<void> {
    const parent = await this.linking.workable(actor, id, 'id');
    const child = await this.linking.workable(actor, childId, 'childId');
    await this.db.transaction().execute(async (trx) => {
      if (!(await deleteChild(trx, parent.id, child.requestId))) throw fieldProblem(404, 'childId', 'not linked to this mass incident');
      await recordLinkChange(trx, actor.id, [
        { incidentId: parent.id, action: 'incident.mass_child_unlinked', before: { child: requestNumber(child.requestId) } },
        { incidentId: child.id, action: 'incident.mass_parent_unlinked', before: { parent: requestNumber(parent.requestId) } },
      ]);
    });
  }

  /** The intake offer (MATCH_RULE) for a request of this service. */
  async offerFor(actor: Actor, query: unknown): Promise<IncidentRef[]> {
    if (!isStaff(actor)) throw forbidden('the intake offer is for operators');
    const { serviceCode } = parseInput(massOfferQuerySchema, query);
    return (await activeMassOfService(this.db, actor, serviceCode)).map(toRef);
  }

  /** Checked before a request is filed with a link, so a refused link files nothing. */
  async parentForIntake(actor: Actor, id: string): Promise<IncidentView> {
    return this.parent(actor, id, 'massIncidentId');
  }

  /** The request just filed joins the mass incident (its incident opens later, in its workflow); once. */
  async linkFiled(actor: Actor, parent: Pick<IncidentView, 'id' | 'requestId'>, requestId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if ((await insertChildren(trx, parent.id, [requestId], actor.id)).length) await this.recordLink(trx, actor, parent, requestId, null);
    });
  }

  private async recordLink(
    trx: Database,
    actor: Actor,
    parent: Pick<IncidentView, 'id' | 'requestId'>,
    requestId: string,
    childIncidentId: string | null,
  ): Promise<void> {
    await recordLinkChange(trx, actor.id, [
      { incidentId: parent.id, action: 'incident.mass_child_linked', after: { child: requestNumber(requestId) } },
      { incidentId: childIncidentId, requestId, action: 'incident.mass_parent_linked', after: { parent: requestNumber(parent.requestId) } },
    ]);
  }
}
