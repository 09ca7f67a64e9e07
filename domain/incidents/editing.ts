// Staff who work an incident correct its title and its description (the request's text, which
// the incident shows). Not a step of the process, so no workflow is involved: one transaction
// writes the text against the version the editor saw (If-Match; a change meanwhile is a 409),
// rebuilds the search documents, writes the audit entry and tells the live views.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { isFinal } from '../process/states';
import { audit } from '../shared/audit';
import { ifMatchAccepts } from '../shared/etag';
import { conflict, forbidden } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { notifyIncidentChanged, updateIncidentText } from './editingRepository';
import { incidentEtag, type IncidentView } from './incidentView';
import type { IncidentService } from './incidents';
import { refreshSearchDocuments } from './searchRepository';

export const editIncidentSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    description: z.string().trim().min(1, 'must not be empty').max(4000).optional(),
  })
  .strict()
  .refine((v) => v.title !== undefined || v.description !== undefined, { message: 'give title or description', path: ['title'] });

const STALE = 'the incident changed since you loaded it (If-Match does not match its ETag); reload and try again';

export class IncidentEditing {
  constructor(
    private readonly db: Database,
    private readonly incidents: IncidentService,
  ) {}

  async edit(actor: Actor, id: string, body: unknown, ifMatch: string | undefined): Promise<IncidentView> {
    const incident = await this.incidents.get(actor, id); // outside the scope: 404
    if (incident.access !== 'staff') throw forbidden('only the staff who work an incident edit it');
    const input = parseInput(editIncidentSchema, body);
    if (isFinal(incident.status)) throw conflict(`the incident is ${incident.status}`);
    if (!ifMatchAccepts(ifMatch, incidentEtag(incident))) throw conflict(STALE);
    await this.db.transaction().execute(async (trx) => {
      if (!(await updateIncidentText(trx, incident.id, new Date(incident.updatedAt), input))) throw conflict(STALE);
      await refreshSearchDocuments(trx, incident.id);
      await audit(trx, {
        entityType: 'incident',
        entityId: incident.id,
        incidentId: incident.id,
        actorId: actor.id,
        action: 'incident.edited',
        before: {
          ...(input.title !== undefined ? { title: incident.title } : {}),
          ...(input.description !== undefined ? { description: incident.description } : {}),
        },
        after: input,
      });
      await notifyIncidentChanged(trx, incident.id);
    });
    return this.incidents.get(actor, incident.id);
  }
}
