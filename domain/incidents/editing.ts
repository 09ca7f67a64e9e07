// Staff who work an incident correct its title and its description (the request's text, which
// the incident shows). Not a step of the process, so no workflow is involved: one transaction
// writes the text against the version the editor saw (If-Match; a change meanwhile is a 409),
// rebuilds the search documents, writes the audit entry and tells the live views.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { isFinal } from '../process/states';
import { audit } from '../shared/audit';
import { ifMatchAccepts } from '../shared/etag';
import { conflict, forbidden } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { notifyIncidentChanged, setIncidentTitle, updateIncidentText } from './editingRepository';
import { recordEvent } from '../shared/events';
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
      await recordTextEdit(trx, incident, input, actor.id);
    });
    return this.incidents.get(actor, incident.id);
  }
}

/**
 * A ticket's subject edited in a synced system becomes the incident's title (domain/sync/apply.ts):
 * written as a person's edit is, with the sync as the actor, so the history shows who changed it
 * and the outbound pass does not send it back.
 */
export async function carryTitle(db: Database, incident: { id: string; requestId: string; title: string }, title: string, actorId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setIncidentTitle(trx, incident.id, title);
    await recordTextEdit(trx, incident, { title }, actorId);
  });
}

/**
 * What every edit of the text leaves: the search documents rebuilt, the audit entry, the live
 * views told; and a changed title an outbox event (the synced systems' subject follows it).
 */
async function recordTextEdit(
  trx: Database,
  incident: { id: string; requestId: string; title: string; description?: string },
  input: { title?: string; description?: string },
  actorId: string,
): Promise<void> {
  await refreshSearchDocuments(trx, incident.id);
  await audit(trx, {
    entityType: 'incident',
    entityId: incident.id,
    incidentId: incident.id,
    actorId,
    action: 'incident.edited',
    before: {
      ...(input.title !== undefined ? { title: incident.title } : {}),
      ...(input.description !== undefined ? { description: incident.description } : {}),
    },
    after: input,
  });
  if (input.title !== undefined && input.title !== incident.title)
    await recordEvent(trx, { type: 'incident.retitled', requestId: incident.requestId, incidentId: incident.id, actorId, discriminator: randomUUID() });
  await notifyIncidentChanged(trx, incident.id);
}
