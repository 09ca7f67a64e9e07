// The steps of a service request's process, called by Temporal activities. Each is
// idempotent (safe to retry) and writes its change and its outbox event in one transaction.
// Only the workflow calls these: the database mirrors the workflow.
import { randomUUID } from 'node:crypto';
import { sqlRows, type Db } from '../../infra/db';
import type { Priority } from '../process/types';
import type { IncidentStatus } from '../process/states';
import { searchVectorSql } from '../incidents/search';
import { eventInsertSql, eventParams, recordEvent } from '../shared/events';
import { audit } from '../shared/audit';
import { requestsClosed, slaEvents } from '../../infra/metrics';
import { notFound } from '../shared/errors';
import type { OrderProvider } from '../adapters/orders';
import { sendOnce, type NotificationChannel } from '../notifications/notifier';
import type { TemplateName, TemplateVars } from '../notifications/templates';
import { renderTemplate } from '../notifications/templateStore';

export interface OpenIncidentInput {
  requestId: string;
  orderId: string;
  departmentId: string;
  priority: Priority;
  responseDueAt: number | null;
  resolutionDueAt: number | null;
}

export interface TransitionRecord {
  key: string;
  incidentId: string;
  action: string;
  from: IncidentStatus;
  to: IncidentStatus;
  actorId: string | null;
  priority: Priority;
  assigneeId: string | null;
  responseDueAt: number | null;
  resolutionDueAt: number | null;
  resolvedAt: number | null;
  reopenCount: number;
  detail: Record<string, unknown>;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

// openIncident: the incident ($3, made by the caller) with its search documents (staff and
// public: the same until the first comment), the request
// in progress and the event, in one statement; a retried attempt finds the request's incident
// and changes nothing. $11 order, $12 priority, $13 response due, $14 resolution due.
const OPEN_INCIDENT = `
  WITH req AS (
    SELECT r.id, r."serviceId", r.description, s.name || ': ' || left(r.description, 120) AS title
    FROM "ServiceRequest" r JOIN "Service" s ON s.id = r."serviceId" WHERE r.id = $2::uuid
  ), ins AS (
    INSERT INTO "Incident" (id, "requestId", title, "departmentId", "serviceId", "orderId", priority, "responseDueAt", "resolutionDueAt",
      "updatedAt", "searchText", "searchVector", "publicSearchText", "publicSearchVector")
    SELECT $3::uuid, req.id, req.title, $4::uuid, req."serviceId", $11::text, $12::text::"Priority", $13::timestamptz, $14::timestamptz,
      $10::timestamptz, concat_ws(' ', req.title, req.description), ${searchVectorSql("concat_ws(' ', req.title, req.description)")},
      concat_ws(' ', req.title, req.description), ${searchVectorSql("concat_ws(' ', req.title, req.description)")}
    FROM req
    ON CONFLICT ("requestId") DO NOTHING
    RETURNING *
  ), u AS (
    UPDATE "ServiceRequest" r SET status = 'IN_PROGRESS', "incidentId" = ins.id, "updatedAt" = $10::timestamptz FROM ins WHERE r.id = ins."requestId"
  ), ev AS (${eventInsertSql('ins', 'i.id IS NOT NULL')})
  SELECT (SELECT id FROM ins) AS created, (SELECT id FROM "Incident" WHERE "requestId" = $2::uuid) AS existing, (SELECT id FROM req) AS request`;

// createOrder: the request keeps its order ($11) and the event is recorded, in one statement.
const RECORD_ORDER = `
  WITH u AS (UPDATE "ServiceRequest" SET "externalOrderId" = $11::text, "updatedAt" = $10::timestamptz WHERE id = $2::uuid), ev AS (${eventInsertSql()})
  SELECT 1 AS recorded`;

// recordTransition: $1-$10 are the event's (eventInsertSql), then $11 key, $12 action, $13 from,
// $14 to, $15 detail, $16 priority, $17 assignee, $18 response due, $19 resolution due,
// $20 resolved at, $21 reopen count, $22 resolution comment. The incident's request id and
// department for the event come from the updated row.
const RECORD_TRANSITION = `
  WITH t AS (
    INSERT INTO "IncidentTransition" (id, key, "incidentId", action, "fromStatus", "toStatus", "actorId", detail, "createdAt")
    VALUES (gen_random_uuid(), $11::text, $3::uuid, $12::text, $13::text, $14::text, $7::text, $15::jsonb, $10::timestamptz)
    ON CONFLICT (key) DO NOTHING
    RETURNING "incidentId"
  ), i AS (
    UPDATE "Incident" x SET status = $14::text::"IncidentStatus", priority = $16::text::"Priority", "assigneeId" = $17::text,
      "responseDueAt" = $18::timestamptz, "resolutionDueAt" = $19::timestamptz, "resolvedAt" = $20::timestamptz, "reopenCount" = $21::int,
      "firstResponseAt" = CASE WHEN $12::text = 'start' THEN $10::timestamptz ELSE x."firstResponseAt" END,
      "resolvedById" = CASE WHEN $12::text = 'resolve' THEN $7::text ELSE x."resolvedById" END,
      resolution = CASE WHEN $22::text IS NOT NULL THEN $22::text ELSE x.resolution END,
      "updatedAt" = $10::timestamptz
    FROM t WHERE x.id = t."incidentId"
    RETURNING x.*
  ), assignee AS (
    UPDATE "ServiceRequest" sr SET "assigneeId" = $17::text, "updatedAt" = $10::timestamptz
    FROM i WHERE $12::text = 'assign' AND $17::text IS NOT NULL AND sr.id = i."requestId"
  ), ev AS (${eventInsertSql('i', 'i.id IS NOT NULL')})
  SELECT pg_notify('incident_changes', i.id::text)::text AS notified FROM i`;
const ref = (id: string) => id.slice(0, 8).toUpperCase();

export class Lifecycle {
  constructor(
    private readonly db: Db,
    private readonly orders: OrderProvider,
    private readonly channel: NotificationChannel,
  ) {}

  private async request(requestId: string) {
    const request = await this.db.serviceRequest.findUnique({ where: { id: requestId }, include: { service: true, client: true } });
    if (!request) throw notFound(`request ${requestId}`);
    return request;
  }

  private async incident(incidentId: string) {
    const incident = await this.db.incident.findUnique({ where: { id: incidentId }, include: { request: { include: { client: true } } } });
    if (!incident) throw notFound(`incident ${incidentId}`);
    return incident;
  }

  private eventBase(i: { id: string; requestId: string; departmentId: string; serviceId: string; request: { channel: string } }) {
    return { requestId: i.requestId, incidentId: i.id, departmentId: i.departmentId, serviceId: i.serviceId, channel: i.request.channel };
  }

  async createOrder(requestId: string): Promise<string> {
    const [known] = await sqlRows(this.db, 'SELECT 1 AS known FROM "ServiceRequest" WHERE id = $1::uuid', [requestId]);
    if (!known) throw notFound(`request ${requestId}`);
    const { orderId } = await this.orders.create({ idempotencyKey: requestId, requestId });
    await sqlRows(this.db, RECORD_ORDER, [...eventParams({ type: 'order.created', requestId }, new Date()), orderId]);
    return orderId;
  }

  async openIncident(input: OpenIncidentInput): Promise<string> {
    const [row] = await sqlRows<{ created: string | null; existing: string | null; request: string | null }>(this.db, OPEN_INCIDENT, [
      ...eventParams({ type: 'incident.opened', requestId: input.requestId, incidentId: randomUUID(), departmentId: input.departmentId }, new Date()),
      input.orderId,
      input.priority,
      date(input.responseDueAt),
      date(input.resolutionDueAt),
    ]);
    if (!row?.request) throw notFound(`request ${input.requestId}`);
    return (row.created ?? row.existing)!;
  }

  /**
   * Mirrors one state change the workflow applied: incident fields, timeline row, event, in one
   * statement (the update's latency is mostly this write; docs/performance.md). A retried
   * attempt finds its key taken and changes nothing.
   */
  async recordTransition(r: TransitionRecord): Promise<void> {
    const comment = r.action === 'resolve' && typeof r.detail.comment === 'string' ? r.detail.comment : null;
    const at = new Date();
    const type = r.action === 'assign' ? 'incident.assigned' : 'incident.state_changed';
    await sqlRows(this.db, RECORD_TRANSITION, [
      ...eventParams({ type, requestId: null, incidentId: r.incidentId, actorId: r.actorId, discriminator: r.key }, at),
      r.key,
      r.action,
      r.from,
      r.to,
      JSON.stringify(r.detail),
      r.priority,
      r.assigneeId,
      date(r.responseDueAt),
      date(r.resolutionDueAt),
      date(r.resolvedAt),
      r.reopenCount,
      comment,
    ]);
  }

  async slaReached(input: { incidentId: string; clock: 'response' | 'resolution'; level: 'warning' | 'breach' }): Promise<void> {
    const field = `${input.clock}${input.level === 'warning' ? 'Warned' : 'Breached'}` as const;
    const { incident, first } = await this.db.$transaction(async (tx) => {
      // Only the attempt that sets the flag counts (a retried activity finds it set).
      const flipped = await tx.incident.updateMany({ where: { id: input.incidentId, [field]: false }, data: { [field]: true } });
      const i = await tx.incident.findUniqueOrThrow({ where: { id: input.incidentId }, include: { request: true, department: { select: { code: true } } } });
      await recordEvent(tx, {
        ...this.eventBase(i),
        type: input.level === 'warning' ? 'sla.warning' : 'sla.breach',
        discriminator: input.clock,
        slaClock: input.clock,
      });
      return { incident: i, first: flipped.count > 0 };
    });
    if (first) slaEvents.inc({ department: incident.department.code, clock: input.clock, level: input.level });
    const supervisors = await this.db.employee.findMany({ where: { departmentId: incident.departmentId, roles: { has: 'supervisor' }, active: true } });
    for (const s of supervisors) {
      await this.send(
        `sla:${input.incidentId}:${input.clock}:${input.level}:${s.id}`,
        incident.id,
        s.email,
        s.locale,
        input.level === 'warning' ? 'sla-warning' : 'sla-breach',
        {
          ref: ref(incident.requestId),
          title: incident.title,
          clock: input.clock,
        },
      );
    }
  }

  async unlinkRequest(requestId: string, orderId: string, actorId: string): Promise<void> {
    await this.orders.cancel(orderId);
    let afterCommit = false;
    await this.db.$transaction(async (tx) => {
      const i = await tx.incident.update({ where: { requestId }, data: { unlinked: true }, include: { request: true } });
      const closed = await tx.serviceRequest.updateMany({
        where: { id: requestId, status: { not: 'CLOSED' } },
        data: { status: 'CLOSED', closeReason: 'unlinked from its incident', closedAt: new Date() },
      });
      // Counted after commit (below); a rolled-back attempt must not count.
      afterCommit = closed.count > 0;
      await recordEvent(tx, { ...this.eventBase(i), type: 'order.cancelled', actorId });
      await recordEvent(tx, { ...this.eventBase(i), type: 'request.closed', actorId });
    });
    if (afterCommit) requestsClosed.inc({ outcome: 'unlinked' });
  }

  async closeIncident(incidentId: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const incident = await tx.incident.findUnique({ where: { id: incidentId }, include: { request: true } });
      if (!incident) throw notFound(`incident ${incidentId}`);
      if (incident.closedAt) return;
      await tx.incident.update({ where: { id: incidentId }, data: { status: 'CLOSED', closedAt: new Date() } });
      await recordEvent(tx, { ...this.eventBase(incident), type: 'incident.closed' });
    });
  }

  async closeOrder(requestId: string, orderId: string): Promise<void> {
    await this.orders.close(orderId);
    await this.db.$transaction((tx) => recordEvent(tx, { type: 'order.closed', requestId }));
  }

  async closeRequest(requestId: string, reason: string): Promise<void> {
    const closed = await this.db.$transaction(async (tx) => {
      const request = await tx.serviceRequest.findUnique({ where: { id: requestId }, include: { service: true } });
      if (!request) throw notFound(`request ${requestId}`);
      if (request.status === 'CLOSED') return false;
      await tx.serviceRequest.update({ where: { id: requestId }, data: { status: 'CLOSED', closeReason: reason, closedAt: new Date() } });
      await recordEvent(tx, {
        type: 'request.closed',
        requestId,
        incidentId: request.incidentId,
        departmentId: request.service.departmentId,
        serviceId: request.serviceId,
        channel: request.channel,
      });
      return true;
    });
    if (closed) requestsClosed.inc({ outcome: reason === 'resolved' ? 'resolved' : 'order_failed' });
  }

  /**
   * Staff closed the request before an incident was made: the order, if one was created, is
   * cancelled (compensation) and the request closes with the reason and who gave it.
   */
  async abandonRequest(requestId: string, orderId: string | null, reason: string, actorId: string): Promise<void> {
    const request = await this.request(requestId);
    const order = orderId ?? request.externalOrderId;
    if (order) await this.orders.cancel(order);
    const closed = await this.db.$transaction(async (tx) => {
      const done = await tx.serviceRequest.updateMany({
        where: { id: requestId, status: { not: 'CLOSED' } },
        data: { status: 'CLOSED', closeReason: reason, closedAt: new Date() },
      });
      if (done.count === 0) return false;
      await audit(tx, { entityType: 'request', entityId: requestId, actorId, action: 'close', field: 'status', before: request.status, after: 'CLOSED' });
      const base = { requestId, departmentId: request.service.departmentId, serviceId: request.serviceId, channel: request.channel, actorId };
      if (order) await recordEvent(tx, { ...base, type: 'order.cancelled' });
      await recordEvent(tx, { ...base, type: 'request.closed' });
      return true;
    });
    if (closed) requestsClosed.inc({ outcome: 'closed_by_staff' });
  }

  private async send(key: string, incidentId: string | null, recipient: string, lang: string | null, template: TemplateName, vars: TemplateVars) {
    const { subject, body } = await renderTemplate(this.db, template, lang, vars);
    const delivered = await sendOnce(this.db, this.channel, { key, incidentId, recipient, template, subject, body });
    if (delivered && incidentId) await recordEvent(this.db, { type: 'notification.sent', requestId: null, incidentId, discriminator: key });
    return delivered;
  }

  /** The incident's reference, title and client, for a message about it. */
  private async aboutIncident(incidentId: string) {
    const [i] = await sqlRows<{ requestId: string; title: string; client: { email: string | null; phone: string; locale: string } }>(
      this.db,
      `SELECT i."requestId", i.title, json_build_object('email', c.email, 'phone', c.phone, 'locale', c.locale) AS client
       FROM "Incident" i JOIN "ServiceRequest" r ON r.id = i."requestId" JOIN "Client" c ON c.id = r."clientId" WHERE i.id = $1::uuid`,
      [incidentId],
    );
    if (!i) throw notFound(`incident ${incidentId}`);
    return i;
  }

  /** The client hears of every status change. */
  async notifyStatusChange(incidentId: string, status: IncidentStatus, seq?: number): Promise<void> {
    const i = await this.aboutIncident(incidentId);
    const client = i.client;
    // The workflow's step number keys the message; runs from before it passed one count rows.
    const transitions = seq ?? (await this.db.incidentTransition.count({ where: { incidentId } }));
    await this.send(`status:${incidentId}:${transitions}:${status}`, incidentId, client.email ?? client.phone, client.locale, 'status', {
      ref: ref(i.requestId),
      title: i.title,
      status,
    });
  }

  /** The agent hears of an assignment. */
  async notifyAssignee(incidentId: string, agentId: string, seq?: number): Promise<void> {
    const i = await this.aboutIncident(incidentId);
    const agent = await this.db.employee.findUnique({ where: { id: agentId } });
    if (!agent) return;
    // The workflow's step number keys the message; runs from before it passed one count rows.
    const n = seq ?? (await this.db.incidentTransition.count({ where: { incidentId, action: 'assign' } }));
    await this.send(`assigned:${incidentId}:${n}:${agentId}`, incidentId, agent.email, agent.locale, 'assigned', { ref: ref(i.requestId), title: i.title });
  }

  /** The filer's manager and the client hear that the request is closed. */
  async notifyClosure(requestId: string): Promise<number> {
    const request = await this.request(requestId);
    const incident = request.incidentId ? await this.incident(request.incidentId) : null;
    const filer = request.createdById ? await this.db.employee.findUnique({ where: { id: request.createdById } }) : null;
    const manager = filer?.managerId ? await this.db.employee.findUnique({ where: { id: filer.managerId } }) : null;
    const vars = { ref: ref(requestId), title: incident?.title ?? request.service.name };
    let sent = 0;
    if (manager && (await this.send(`closure:${requestId}:manager`, request.incidentId, manager.email, manager.locale, 'closed', vars))) sent++;
    if (await this.send(`closure:${requestId}:client`, request.incidentId, request.client.email ?? request.client.phone, request.client.locale, 'closed', vars))
      sent++;
    return sent;
  }
}
