// The steps of a service request's process, called by Temporal activities. Each is
// idempotent (safe to retry) and writes its change and its outbox event in one transaction.
// Only the workflow calls these: the database mirrors the workflow.
import { requestNumber } from '../shared/requestNumber';
import { oldestWaitingIncident } from './assignment';
import { openChildRequests } from '../incidents/linkRepository';
import { randomUUID } from 'node:crypto';
import { type Database } from '../../infra/db';
import type { Priority, RecordedTransition } from '../process/types';
import type { IncidentStatus } from '../process/states';
import { outboxEvent, recordEvent, type EventInput } from '../shared/events';
import {
  closeIncidentRow,
  departmentSupervisors,
  employeeContact,
  incidentAbout,
  incidentForEvent,
  markRequestClosed,
  openIncident,
  raiseSlaFlag,
  recordOrder,
  recordTransition,
  requestAbout,
  requestExists,
  transitionCount,
  unlinkIncident,
  type TransitionRow,
} from './lifecycleRepository';
import { audit } from '../shared/audit';
import { requestsClosed, slaEvents } from '../../infra/metrics';
import { notFound } from '../shared/errors';
import type { OrderProvider } from '../adapters/orders';
import type { NotificationChannel } from '../notifications/notifier';
import { recipientOf, type Recipient } from '../notifications/preferences';
import { statusEvent, type RuleSubject } from '../notifications/rules';
import { sendTo } from '../notifications/deliver';
import type { TemplateName, TemplateVars } from '../notifications/templates';
import { renderTemplate } from '../notifications/templateStore';
import { owedAssignee, owedClosure, owedStatus, type OwedMessage } from '../notifications/outbox';
import { insertOwed } from '../notifications/outboxRepository';

export interface OpenIncidentInput {
  requestId: string;
  orderId: string;
  departmentId: string;
  priority: Priority;
  responseDueAt: number | null;
  resolutionDueAt: number | null;
  /** The client hears that the incident is open from the outbox (patch "outbox-notifications"). */
  owesOpened?: boolean;
}

/**
 * What a recorded step owes from the outbox (patch "outbox-notifications"): the client a status,
 * the agent an assignment; keyed by the workflow's step number `seq`, as the activities were.
 */
export interface OwedByStep {
  seq: number;
  status?: IncidentStatus;
  agentId?: string;
}

/** How the incident's request ends once the incident is CLOSED or CANCELLED (finishRequest). */
export interface FinishInput {
  requestId: string;
  incidentId: string;
  orderId: string | null;
  /** resolved: order and request closed; cancelled: given up (abandonRequest); unlinked: closed before. */
  outcome: 'resolved' | 'cancelled' | 'unlinked';
  reason: string | null;
  actorId: string | null;
}

/** One state change the workflow applied, its times in epoch milliseconds as the workflow keeps them. */
export interface TransitionRecord extends Omit<TransitionRow, 'responseDueAt' | 'resolutionDueAt' | 'resolvedAt'> {
  responseDueAt: number | null;
  resolutionDueAt: number | null;
  resolvedAt: number | null;
  owed?: OwedByStep;
  /** The step frees its agent: answer with the department's oldest incident waiting for one. */
  freesUp?: { departmentId: string; exceptRequestId: string };
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));
const ref = requestNumber;

/**
 * The one way a request closes, whichever path gets there (resolved, no incident possible,
 * unlinked, closed by staff): once (a repeat finds it closed and changes nothing), with its
 * reason and time, and its "request.closed" event in the same transaction. Each path passes
 * the event's dimensions as it always has (analytics keep their figures).
 */
async function closeRequestRow(trx: Database, requestId: string, reason: string, event: Omit<EventInput, 'type' | 'requestId'>): Promise<boolean> {
  if (!(await markRequestClosed(trx, requestId, reason))) return false;
  await recordEvent(trx, { ...event, requestId, type: 'request.closed' });
  return true;
}

export class Lifecycle {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderProvider,
    private readonly channel: NotificationChannel,
    /** The satisfaction links of a request closed as done (surveys/link.ts), for its closing message. */
    private readonly surveyLinks?: (requestId: string) => Record<number, string>,
    /** The task queue this worker serves: its notifier sends the messages its steps owe. */
    private readonly queue = '',
  ) {}

  private async request(requestId: string) {
    const request = await requestAbout(this.db, requestId);
    if (!request) throw notFound(`request ${requestId}`);
    return request;
  }

  private eventBase(i: { id: string; requestId: string; departmentId: string; serviceId: string; channel: string }) {
    return { requestId: i.requestId, incidentId: i.id, departmentId: i.departmentId, serviceId: i.serviceId, channel: i.channel };
  }

  async createOrder(requestId: string): Promise<string> {
    if (!(await requestExists(this.db, requestId))) throw notFound(`request ${requestId}`);
    const { orderId } = await this.orders.create({ idempotencyKey: requestId, requestId });
    await recordOrder(this.db, requestId, orderId, outboxEvent({ type: 'order.created', requestId }, new Date()));
    return orderId;
  }

  /**
   * The order could not be created and the last attempt left it unknown whether the order
   * system made one (a timeout, a 5xx, a lost answer): whatever the request's key made there is
   * cancelled, so no order outlives a request that never got it.
   */
  async cancelUnconfirmedOrder(requestId: string): Promise<void> {
    await this.orders.cancelByKey(requestId);
  }

  async openIncident(input: OpenIncidentInput): Promise<string> {
    if (!input.owesOpened) return this.insertIncident(this.db, input);
    // The incident and the client's "NEW" message (step 0) commit together.
    return this.db.transaction().execute(async (trx) => {
      const incidentId = await this.insertIncident(trx, input);
      await insertOwed(trx, this.queue, [owedStatus(incidentId, 'NEW', 0)]);
      return incidentId;
    });
  }

  private async insertIncident(db: Database, input: OpenIncidentInput): Promise<string> {
    const id = randomUUID();
    const row = await openIncident(
      db,
      {
        id,
        requestId: input.requestId,
        departmentId: input.departmentId,
        orderId: input.orderId,
        priority: input.priority,
        responseDueAt: date(input.responseDueAt),
        resolutionDueAt: date(input.resolutionDueAt),
      },
      outboxEvent({ type: 'incident.opened', requestId: input.requestId, incidentId: id, departmentId: input.departmentId }, new Date()),
    );
    if (!row.request) throw notFound(`request ${input.requestId}`);
    return (row.created ?? row.existing)!;
  }

  /**
   * Mirrors one state change the workflow applied: incident fields, timeline row, event, in one
   * statement (the update's latency is mostly this write; docs/performance.md). A retried
   * attempt finds its key taken and changes nothing. A start is the first response, a resolve
   * names its resolver and keeps its comment, an assignment is the request's assignee too.
   */
  /**
   * Mirrors one step. A resolve answers with the requests still open that are linked to the
   * incident as a mass incident (domain/incidents/mass.ts): the workflow tells each of them.
   * The field is optional and absent otherwise, so histories recorded before it replay alike.
   */
  async recordTransition({ owed, freesUp, ...r }: TransitionRecord): Promise<RecordedTransition> {
    const comment = r.action === 'resolve' && typeof r.detail.comment === 'string' ? r.detail.comment : null;
    const mergedIntoId = r.action === 'cancel' && typeof r.detail.mergedInto === 'string' ? r.detail.mergedInto : null;
    const at = new Date();
    const type = r.action === 'assign' ? 'incident.assigned' : 'incident.state_changed';
    const messages: OwedMessage[] = [];
    if (owed?.status) messages.push(owedStatus(r.incidentId, owed.status, owed.seq));
    if (owed?.agentId) messages.push(owedAssignee(r.incidentId, owed.agentId, owed.seq));
    // A step that owes nothing stays one statement (a priority change: the update's latency).
    const write = (db: Database) =>
      recordTransition(
        db,
        { ...r, responseDueAt: date(r.responseDueAt), resolutionDueAt: date(r.resolutionDueAt), resolvedAt: date(r.resolvedAt) },
        {
          firstResponseAt: r.action === 'start' ? at : null,
          resolves: r.action === 'resolve',
          resolution: comment,
          requestAssigneeId: r.action === 'assign' ? r.assigneeId : null,
          mergedIntoId,
        },
        outboxEvent({ type, requestId: null, incidentId: r.incidentId, actorId: r.actorId, discriminator: r.key }, at),
      );
    if (messages.length)
      await this.db.transaction().execute(async (trx) => {
        await write(trx);
        await insertOwed(trx, this.queue, messages);
      });
    else await write(this.db);
    const waiting = freesUp ? { waiting: await oldestWaitingIncident(this.db, freesUp.departmentId, freesUp.exceptRequestId) } : {};
    if (r.action !== 'resolve') return waiting;
    const massChildren = await openChildRequests(this.db, r.incidentId);
    return massChildren.length ? { massChildren, ...waiting } : waiting;
  }

  async slaReached(input: { incidentId: string; clock: 'response' | 'resolution'; level: 'warning' | 'breach' }): Promise<void> {
    const field = `${input.clock}${input.level === 'warning' ? 'Warned' : 'Breached'}` as const;
    const { incident, first } = await this.db.transaction().execute(async (trx) => {
      // Only the attempt that sets the flag counts (a retried activity finds it set).
      const flipped = await raiseSlaFlag(trx, input.incidentId, field);
      const i = await incidentForEvent(trx, input.incidentId);
      if (!i) throw new Error(`incident ${input.incidentId} does not exist`);
      await recordEvent(trx, {
        ...this.eventBase(i),
        type: input.level === 'warning' ? 'sla.warning' : 'sla.breach',
        discriminator: input.clock,
        slaClock: input.clock,
      });
      return { incident: i, first: flipped };
    });
    if (first) slaEvents.inc({ department: incident.departmentCode, clock: input.clock, level: input.level });
    const supervisors = await departmentSupervisors(this.db, incident.departmentId);
    for (const s of supervisors) {
      await this.send(
        `sla:${input.incidentId}:${input.clock}:${input.level}:${s.id}`,
        incident.id,
        staffRecipient(s),
        input.level === 'warning' ? 'sla-warning' : 'sla-breach',
        {
          ref: ref(incident.requestId),
          title: incident.title,
          clock: input.clock,
        },
        { event: input.level === 'warning' ? 'sla-warning' : 'sla-breach', recipient: 'supervisors', departmentId: incident.departmentId },
      );
    }
  }

  async unlinkRequest(requestId: string, orderId: string, actorId: string): Promise<void> {
    await this.orders.cancel(orderId);
    const closed = await this.db.transaction().execute(async (trx) => {
      const i = await unlinkIncident(trx, requestId);
      if (!i) throw new Error(`request ${requestId} has no incident to unlink`);
      await recordEvent(trx, { ...this.eventBase(i), type: 'order.cancelled', actorId });
      return closeRequestRow(trx, requestId, 'unlinked from its incident', { ...this.eventBase(i), actorId });
    });
    // Counted after commit: a rolled-back attempt must not count.
    if (closed) requestsClosed.inc({ outcome: 'unlinked' });
  }

  async closeIncident(incidentId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const incident = await incidentForEvent(trx, incidentId);
      if (!incident) throw notFound(`incident ${incidentId}`);
      if (incident.closedAt) return;
      await closeIncidentRow(trx, incidentId);
      await recordEvent(trx, { ...this.eventBase(incident), type: 'incident.closed' });
    });
  }

  async closeOrder(requestId: string, orderId: string): Promise<void> {
    await this.orders.close(orderId);
    await recordEvent(this.db, { type: 'order.closed', requestId });
  }

  /** Closes the request; `owed` messages commit with the close (finishRequest's closure). */
  async closeRequest(requestId: string, reason: string, owed: OwedMessage[] = []): Promise<void> {
    const closed = await this.db.transaction().execute(async (trx) => {
      const request = await requestAbout(trx, requestId);
      if (!request) throw notFound(`request ${requestId}`);
      await insertOwed(trx, this.queue, owed);
      return closeRequestRow(trx, requestId, reason, {
        incidentId: request.incidentId,
        departmentId: request.serviceDepartmentId,
        serviceId: request.serviceId,
        channel: request.channel,
      });
    });
    if (closed) requestsClosed.inc({ outcome: reason === 'resolved' ? 'resolved' : 'order_failed' });
  }

  /**
   * The incident is CLOSED or CANCELLED: one step instead of three activities and a notifying
   * one (patch "outbox-notifications"). The incident closes; then, as closing.ts decided, the
   * order and the request close (resolved) or are given up (cancelled); and the closing messages
   * are owed from the outbox. Each part is idempotent, so a retried attempt repeats nothing.
   */
  async finishRequest(f: FinishInput): Promise<void> {
    await this.closeIncident(f.incidentId);
    // The closing messages are owed in the transaction that closes the request: a closed request
    // with nothing owed has had its messages (the demo's ageing reads it so, scripts/demoHistory).
    const owed = [owedClosure(f.requestId)];
    if (f.outcome === 'cancelled') await this.abandonRequest(f.requestId, f.orderId, f.reason!, f.actorId!, owed);
    else if (f.outcome === 'resolved') {
      await this.closeOrder(f.requestId, f.orderId!);
      await this.closeRequest(f.requestId, 'resolved', owed);
    } else await insertOwed(this.db, this.queue, owed);
  }

  /**
   * Staff closed the request before an incident was made: the order, if one was created, is
   * cancelled (compensation) and the request closes with the reason and who gave it.
   */
  async abandonRequest(requestId: string, orderId: string | null, reason: string, actorId: string, owed: OwedMessage[] = []): Promise<void> {
    const request = await this.request(requestId);
    const order = orderId ?? request.externalOrderId;
    if (order) await this.orders.cancel(order);
    const closed = await this.db.transaction().execute(async (trx) => {
      await insertOwed(trx, this.queue, owed);
      const base = { departmentId: request.serviceDepartmentId, serviceId: request.serviceId, channel: request.channel, actorId };
      if (!(await closeRequestRow(trx, requestId, reason, base))) return false;
      await audit(trx, { entityType: 'request', entityId: requestId, actorId, action: 'close', field: 'status', before: request.status, after: 'CLOSED' });
      if (order) await recordEvent(trx, { ...base, requestId, type: 'order.cancelled' });
      return true;
    });
    if (closed) requestsClosed.inc({ outcome: 'closed_by_staff' });
    // Closed before an incident was made: the process sends no closing messages on this path
    // (closing.ts), so the client hears why from here; once, also when a retry finds it closed.
    if (!request.incidentId) await this.tellClientClosed(request, null, reason);
  }

  /** Sends a message; one to the client about a request (requestId) joins its mail conversation (threads.ts). */
  private async send(
    key: string,
    incidentId: string | null,
    to: Recipient,
    template: TemplateName,
    vars: TemplateVars,
    about: RuleSubject,
    requestId?: string,
  ) {
    const { subject, body } = await renderTemplate(this.db, template, to.locale, vars);
    const delivered = await sendTo(this.db, this.channel, to, { key, incidentId, template, subject, body }, about, requestId);
    if (delivered && incidentId) await recordEvent(this.db, { type: 'notification.sent', requestId: null, incidentId, discriminator: key });
    return delivered;
  }

  /** The incident's reference, title and client, for a message about it. */
  private async aboutIncident(incidentId: string) {
    const i = await incidentAbout(this.db, incidentId);
    if (!i) throw notFound(`incident ${incidentId}`);
    return i;
  }

  /**
   * The client hears of every status change, but for a merged duplicate's CANCELLED: its closing
   * message says "merged into #N" (tellClientClosed), one message instead of two. The link is
   * written with the cancel (recordTransition), so it is there when this runs.
   */
  async notifyStatusChange(incidentId: string, status: IncidentStatus, seq?: number): Promise<void> {
    const i = await this.aboutIncident(incidentId);
    if (status === 'CANCELLED' && i.mergedIntoRequestId) return;
    // The workflow's step number keys the message; runs from before it passed one count rows.
    const transitions = seq ?? (await transitionCount(this.db, incidentId));
    await this.send(
      `status:${incidentId}:${transitions}:${status}`,
      incidentId,
      clientRecipient(i),
      'status',
      { ref: ref(i.requestId), title: i.title, status },
      { event: statusEvent(status), recipient: 'client', departmentId: i.departmentId },
      i.requestId,
    );
  }

  /** The agent hears of an assignment. */
  async notifyAssignee(incidentId: string, agentId: string, seq?: number): Promise<void> {
    const i = await this.aboutIncident(incidentId);
    const agent = await employeeContact(this.db, agentId);
    if (!agent) return;
    // The workflow's step number keys the message; runs from before it passed one count rows.
    const n = seq ?? (await transitionCount(this.db, incidentId, 'assign'));
    await this.send(
      `assigned:${incidentId}:${n}:${agentId}`,
      incidentId,
      staffRecipient(agent),
      'assigned',
      { ref: ref(i.requestId), title: i.title },
      { event: 'assigned', recipient: 'assignee', departmentId: i.departmentId },
    );
  }

  /** The filer's manager and the client hear that the request is closed. */
  async notifyClosure(requestId: string): Promise<number> {
    const request = await this.request(requestId);
    const incident = request.incidentId ? await this.aboutIncident(request.incidentId) : null;
    const filer = request.createdById ? await employeeContact(this.db, request.createdById) : null;
    const manager = filer?.managerId ? await employeeContact(this.db, filer.managerId) : null;
    const vars = { ref: ref(requestId), title: incident?.title ?? request.serviceName };
    let sent = 0;
    const about = { event: 'closed', recipient: 'manager', departmentId: incident?.departmentId ?? request.serviceDepartmentId } as const;
    if (manager && (await this.send(`closure:${requestId}:manager`, request.incidentId, staffRecipient(manager), 'closed', vars, about))) sent++;
    if (incident?.mergedIntoRequestId) {
      if (await this.tellClientMerged(request, incident.title, incident.mergedIntoRequestId, incident.departmentId)) sent++;
    } else if (await this.tellClientClosed(request, incident?.title ?? null, request.closeReason, incident?.departmentId)) sent++;
    return sent;
  }

  /**
   * A merged duplicate's client hears once that their request goes on under the survivor's
   * number (the closing message's key: a retry sends nothing more). It is a cancellation, so the
   * "withdrawn" rule governs it.
   */
  private tellClientMerged(request: NonNullable<Awaited<ReturnType<typeof requestAbout>>>, title: string, intoRequestId: string, departmentId: string) {
    return this.send(
      `closure:${request.id}:client`,
      request.incidentId,
      clientRecipient(request),
      'merged',
      { ref: ref(request.id), title, into: ref(intoRequestId) },
      { event: 'withdrawn', recipient: 'client', departmentId },
      request.id,
    );
  }

  /** The client hears that their request is closed: done, or given up with the reason why. */
  private tellClientClosed(
    request: NonNullable<Awaited<ReturnType<typeof requestAbout>>>,
    title: string | null,
    reason: string | null,
    departmentId = request.serviceDepartmentId,
  ) {
    const vars = { ref: ref(request.id), title: title ?? request.serviceName };
    const given = reason && reason !== 'resolved';
    const survey = given ? {} : { surveyLinks: this.surveyLinks?.(request.id) };
    return this.send(
      `closure:${request.id}:client`,
      request.incidentId,
      clientRecipient(request),
      given ? 'withdrawn' : 'closed',
      { ...vars, ...survey, reason: reason ?? '' },
      { event: given ? 'withdrawn' : 'closed', recipient: 'client', departmentId },
      request.id,
    );
  }
}

/** The client of a request or incident as a recipient (the row's CLIENT_CONTACT columns). */
function clientRecipient(c: {
  clientEmail: string | null;
  clientTelegramChat: string | null;
  clientPhone: string | null;
  clientLocale: string;
  clientChannels: string[];
  clientQuietStart: number | null;
  clientQuietEnd: number | null;
  clientTimezone: string;
}): Recipient {
  return recipientOf({ email: c.clientEmail, phone: c.clientPhone, telegram: c.clientTelegramChat }, c.clientLocale, {
    notifyChannels: c.clientChannels,
    quietHoursStart: c.clientQuietStart,
    quietHoursEnd: c.clientQuietEnd,
    timezone: c.clientTimezone,
  });
}

/** An employee as a recipient (the row's EMPLOYEE_CONTACT columns). */
function staffRecipient(e: {
  email: string;
  phone: string | null;
  locale: string;
  timezone: string;
  notifyChannels: string[];
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
}): Recipient {
  return recipientOf({ email: e.email, phone: e.phone }, e.locale, e);
}
