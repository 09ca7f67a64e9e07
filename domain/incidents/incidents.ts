// Reading incidents within the actor's scope, and asking the process to resolve one.
import { z } from 'zod';
import { type Database } from '../../infra/db';
import type { ProcessGateway } from '../process/gateway';
import { PRIORITIES } from '../process/types';
import { seesInternal } from '../access/levels';
import { REQUESTER_ACTIONS } from './actions';
import { conflict, forbidden, notFound } from '../shared/errors';
import { hasRole, isStaff, type Actor } from '../access/identity';
import { ACTIONS, allowedActions, INCIDENT_STATUSES, type Action } from '../process/states';
import { incidentEtag, type IncidentView } from './incidentView';
import { ifMatchAccepts } from '../shared/etag';
import { parseInput, UUID } from '../shared/validation';
import { CSV_BOM, csvRow } from '../shared/csv';
import { allPages, decodeCursor, listQuerySchema, pageOf, type ListQuery } from '../lists/listQuery';
import { searchIncidents } from './search';
import { incidentInScope, incidentPage } from './page';
import { notificationAttemptsSeen, type ItemsSeen, type NotificationsSeen } from './timelineRepository';

export type { IncidentView } from './incidentView';

export const incidentListSchema = listQuerySchema(INCIDENT_STATUSES, 200, 1000);
/** Batches of search matches looked at for one page at most. */
const SEARCH_ROUNDS = 20;
/** Rows of the CSV export read at a time (pages of the board's statement). */
const CSV_PAGE = 1000;

const CSV_MAX_ROWS = 100_000;
const INCIDENT_CSV_HEADER = [
  'id',
  'created_at',
  'status',
  'priority',
  'title',
  'client',
  'phone',
  'service',
  'department',
  'channel',
  'assignee',
  'response_due_at',
  'resolution_due_at',
  'breached',
  'closed_at',
];
const incidentCsvCells = (i: IncidentView) => [
  i.id,
  i.createdAt,
  i.status,
  i.priority,
  i.title,
  i.client.name,
  i.client.phone,
  i.service.name,
  i.department.name,
  i.channel,
  i.assigneeName,
  i.sla.responseDueAt,
  i.sla.resolutionDueAt,
  i.sla.responseBreached || i.sla.resolutionBreached,
  i.closedAt,
];

export const resolveSchema = z.object({ resolution: z.string().trim().min(1, 'must not be empty').max(2000) }).strict();
export const transitionSchema = z
  .object({
    action: z.enum(ACTIONS),
    assigneeId: z.string().min(1).max(100).optional(),
    priority: z.enum(PRIORITIES).optional(),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.action === 'assign' && !t.assigneeId) ctx.addIssue({ code: 'custom', path: ['assigneeId'], message: 'required for assign' });
    if (t.action === 'setPriority' && !t.priority) ctx.addIssue({ code: 'custom', path: ['priority'], message: 'required for setPriority' });
    if (t.action === 'resolve' && !t.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a resolution comment is required' });
    if (t.action === 'cancel' && !t.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'the reason for cancelling is required' });
  });
export type TransitionBody = z.infer<typeof transitionSchema>;

/** Whether the reader's level on the incident lets them take this action (403 otherwise). */
function authorize(incident: IncidentView, action: Action): void {
  if (incident.access === 'observer') throw forbidden('you may follow this incident; only its requester and the staff who work it move it');
  if (incident.access === 'requester' && !REQUESTER_ACTIONS.includes(action))
    throw forbidden(`the requester may ${REQUESTER_ACTIONS.join(' or ')} the incident; ${action} is for the staff who work it`);
}

/** The comments or files of an incident a reader sees: all for the staff who work it, else the public ones. */
export const itemsSeen = (incident: Pick<IncidentView, 'id' | 'access'>): ItemsSeen => ({
  incidentId: incident.id,
  ...(seesInternal(incident.access) ? {} : { public: true as const }),
});

/**
 * The deliveries of an incident a reader sees: the staff who work it every one; its requester
 * and observers those sent to their own verified address (an unverified e-mail in a token is
 * the person's say-so, not who they are).
 */
export function notificationsSeen(actor: Actor, incident: Pick<IncidentView, 'id' | 'access'>): NotificationsSeen {
  if (seesInternal(incident.access)) return { incidentId: incident.id };
  return { incidentId: incident.id, recipient: actor.emailVerified && actor.email ? actor.email : null };
}

/** One delivery attempt of the incident's notification log, as the API returns it. */
export const notificationAttemptViewSchema = z.object({
  key: z.string(),
  recipient: z.string(),
  channel: z.string(),
  template: z.string(),
  subject: z.string(),
  /** failed: retried; undelivered: given up (a permanent refusal, or the last attempt); delivered: the operator's receipt confirmed it (SMS). */
  outcome: z.enum(['sent', 'delivered', 'failed', 'undelivered', 'deferred']),
  error: z.string().nullable(),
  /** The channel's id of the message (SMS: the SMSC message ids), when it gave one. */
  reference: z.string().nullable(),
  at: z.string().datetime(),
});
export type NotificationAttemptView = z.infer<typeof notificationAttemptViewSchema>;

export class IncidentService {
  constructor(
    private readonly db: Database,
    private readonly process: ProcessGateway,
  ) {}

  /** The incidents in the actor's scope that pass the filters: one page, newest first by default. */
  async list(actor: Actor, query: unknown = {}): Promise<{ items: IncidentView[]; nextCursor: string | null }> {
    const q = parseInput(incidentListSchema, query);
    // The board: scope, filters, order and cards in one query; a search pages through matches.
    const rows = q.q ? await this.searchPage(actor, { ...q, q: q.q }, q.limit + 1) : await incidentPage(this.db, actor, q);
    return pageOf(rows, q.limit, q.sort);
  }

  /**
   * A page of search results: batches of matches, newest first, each narrowed by the scope and
   * filters (one query with the cards), until the page is full or the matches run out
   * (bounded). Other sort orders look at the newest matches only. Staff search the whole
   * document and see internal matches only where they are staff; everyone else searches the
   * public document alone.
   */
  private async searchPage(actor: Actor, q: ListQuery & { q: string }, want: number): Promise<IncidentView[]> {
    const newestFirst = q.sort === '-createdAt';
    const doc = isStaff(actor) ? 'all' : 'public';
    let below = newestFirst && q.cursor ? (({ at, id }) => ({ at: new Date(at), id }))(decodeCursor(q.cursor)) : null;
    const out: IncidentView[] = [];
    for (let round = 0; round < SEARCH_ROUNDS && out.length < want; round++) {
      const batch = await searchIncidents(this.db, q.q, doc, below, newestFirst ? undefined : 1000);
      if (batch.ids.length) out.push(...(await incidentPage(this.db, actor, q, { ids: batch.ids, take: want - out.length, search: batch.search })));
      if (!newestFirst || !batch.search.fullText || !batch.next) break;
      below = batch.next;
    }
    return out;
  }

  /** Every incident of the filtered list as CSV: pages of the board's statement (a search: its newest matches). */
  async csv(actor: Actor, query: unknown, write: (chunk: string) => void | Promise<void>): Promise<void> {
    const q = parseInput(incidentListSchema, query);
    await write(CSV_BOM + csvRow(INCIDENT_CSV_HEADER));
    if (q.q) {
      for (const i of await this.searchPage(actor, { ...q, q: q.q, sort: '-createdAt', cursor: undefined }, SEARCH_ROUNDS * 300))
        await write(csvRow(incidentCsvCells(i)));
      return;
    }
    for await (const i of allPages(q.sort, CSV_PAGE, CSV_MAX_ROWS, (cursor) => incidentPage(this.db, actor, { ...q, cursor, limit: CSV_PAGE })))
      await write(csvRow(incidentCsvCells(i)));
  }

  async get(actor: Actor, id: string): Promise<IncidentView> {
    if (!UUID.test(id)) throw notFound('incident');
    const card = await incidentInScope(this.db, actor, { id });
    if (!card) throw notFound('incident');
    return card;
  }

  async getByRequest(actor: Actor, requestId: string): Promise<IncidentView> {
    if (!UUID.test(requestId)) throw notFound('incident');
    const card = await incidentInScope(this.db, actor, { requestId });
    if (!card) throw notFound('incident');
    return card;
  }

  /** A workflow update; with ifMatch (an ETag of GET), a change made meanwhile is a 409. */
  async transition(actor: Actor, id: string, body: unknown, ifMatch?: string): Promise<IncidentView> {
    const incident = await this.get(actor, id);
    if (!ifMatchAccepts(ifMatch, incidentEtag(incident))) {
      throw conflict('the incident changed since you loaded it (If-Match does not match its ETag); reload and try again');
    }
    const input = parseInput(transitionSchema, body);
    authorize(incident, input.action);
    return this.move(actor, incident, input);
  }

  /** Asks the process to take an action the reader may take on this incident (read in their scope). */
  private async move(actor: Actor, incident: IncidentView, input: TransitionBody): Promise<IncidentView> {
    if (input.action === 'assign' && input.assigneeId !== actor.id && !hasRole(actor, 'supervisor', 'admin')) {
      throw forbidden('agents may take an incident themselves; only supervisors assign it to others');
    }
    // Cancelling gives the work up: its executor (the assignee) or a supervisor decides that.
    if (input.action === 'cancel' && incident.assigneeId !== actor.id && !hasRole(actor, 'supervisor', 'admin')) {
      throw forbidden('only the assigned agent or a supervisor cancels an incident');
    }
    if (!allowedActions(incident.status).includes(input.action)) {
      throw conflict(
        `"${input.action}" is not allowed while the incident is ${incident.status}; allowed now: ${allowedActions(incident.status).join(', ') || 'nothing'}`,
      );
    }
    // The workflow is the only writer of the incident's status, after it has moved: the table
    // may lag the process by a step, never lead it, so the process's own answer is final.
    await this.process.transition(incident.requestId, { ...input, actorId: actor.id });
    return this.get(actor, incident.id);
  }

  /** The notification log of an incident: every delivery attempt, oldest first. */
  async notifications(actor: Actor, id: string): Promise<NotificationAttemptView[]> {
    const incident = await this.get(actor, id);
    const rows = await notificationAttemptsSeen(this.db, notificationsSeen(actor, incident));
    return rows.map((r) => ({
      key: r.key,
      recipient: r.recipient,
      channel: r.channel,
      template: r.template,
      subject: r.subject,
      outcome: r.outcome as NotificationAttemptView['outcome'],
      error: r.error,
      reference: r.reference,
      at: r.createdAt.toISOString(),
    }));
  }

  /** Resolve with a resolution text: the workflow's "resolve" transition. */
  async resolve(actor: Actor, id: string, body: unknown): Promise<IncidentView> {
    const incident = await this.get(actor, id); // outside the scope: 404
    authorize(incident, 'resolve'); // not theirs to resolve: 403
    const { resolution } = parseInput(resolveSchema, body);
    return this.move(actor, incident, { action: 'resolve', comment: resolution });
  }
}
