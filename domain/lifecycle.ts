// The steps of a service request's process, called by Temporal activities. Each is
// idempotent (safe to retry) and writes its change and its outbox event in one transaction.
import type { Db } from '../infra/db';
import { recordEvent } from './events';
import { notFound } from './errors';
import type { OrderProvider } from './orders';
import { sendOnce, type NotificationChannel } from './notifier';

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

  async createOrder(requestId: string): Promise<string> {
    const request = await this.request(requestId);
    const { orderId } = await this.orders.create({ idempotencyKey: requestId, requestId });
    await this.db.$transaction(async (tx) => {
      await tx.serviceRequest.update({ where: { id: requestId }, data: { externalOrderId: orderId } });
      await recordEvent(tx, { type: 'order.created', requestId, serviceId: request.serviceId, departmentId: request.service.departmentId, channel: request.channel });
    });
    return orderId;
  }

  async openIncident(requestId: string, orderId: string): Promise<string> {
    const request = await this.request(requestId);
    return this.db.$transaction(async (tx) => {
      const existing = await tx.incident.findUnique({ where: { requestId } });
      if (existing) return existing.id;
      const incident = await tx.incident.create({
        data: {
          requestId,
          title: `${request.service.name}: ${request.description.slice(0, 120)}`,
          departmentId: request.service.departmentId,
          serviceId: request.serviceId,
          orderId,
        },
      });
      await tx.serviceRequest.update({ where: { id: requestId }, data: { status: 'IN_PROGRESS', incidentId: incident.id } });
      await recordEvent(tx, { type: 'incident.opened', requestId, incidentId: incident.id, departmentId: incident.departmentId, serviceId: incident.serviceId, channel: request.channel });
      return incident.id;
    });
  }

  async closeIncident(incidentId: string, resolution: string, actorId: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const incident = await tx.incident.findUnique({ where: { id: incidentId }, include: { request: true } });
      if (!incident) throw notFound(`incident ${incidentId}`);
      if (incident.status === 'CLOSED') return;
      await tx.incident.update({ where: { id: incidentId }, data: { status: 'CLOSED', resolution, resolvedById: actorId, closedAt: new Date() } });
      const common = { requestId: incident.requestId, incidentId, departmentId: incident.departmentId, serviceId: incident.serviceId, channel: incident.request.channel, actorId };
      await recordEvent(tx, { ...common, type: 'incident.resolved' });
      await recordEvent(tx, { ...common, type: 'incident.closed' });
    });
  }

  async closeOrder(requestId: string, orderId: string): Promise<void> {
    await this.orders.close(orderId);
    await this.db.$transaction((tx) => recordEvent(tx, { type: 'order.closed', requestId }));
  }

  async closeRequest(requestId: string, reason: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const request = await tx.serviceRequest.findUnique({ where: { id: requestId }, include: { service: true } });
      if (!request) throw notFound(`request ${requestId}`);
      if (request.status === 'CLOSED') return;
      await tx.serviceRequest.update({ where: { id: requestId }, data: { status: 'CLOSED', closeReason: reason, closedAt: new Date() } });
      await recordEvent(tx, { type: 'request.closed', requestId, incidentId: request.incidentId, departmentId: request.service.departmentId, serviceId: request.serviceId, channel: request.channel });
    });
  }

  /** Tells the filer's manager and the client that the request is closed. */
  async notifyClosure(requestId: string): Promise<number> {
    const request = await this.request(requestId);
    const filer = request.createdById ? await this.db.employee.findUnique({ where: { id: request.createdById } }) : null;
    const manager = filer?.managerId ? await this.db.employee.findUnique({ where: { id: filer.managerId } }) : null;
    const summary = `Request ${request.id.slice(0, 8)} (${request.service.name}) is closed: ${request.closeReason ?? ''}`.trim();
    const recipients = [
      manager && { who: 'manager', recipient: manager.email },
      { who: 'client', recipient: request.client.email ?? request.client.phone },
    ].filter((r): r is { who: string; recipient: string } => Boolean(r));
    let sent = 0;
    for (const r of recipients) {
      const delivered = await sendOnce(this.db, this.channel, {
        key: `closure:${requestId}:${r.who}`,
        incidentId: request.incidentId,
        recipient: r.recipient,
        template: `request-closed-${r.who}`,
        body: summary,
      });
      if (delivered) {
        sent++;
        await this.db.$transaction((tx) => recordEvent(tx, { type: 'notification.sent', requestId, incidentId: request.incidentId, discriminator: r.who }));
      }
    }
    return sent;
  }
}
