// The external order system behind one interface. The built-in provider keeps orders in our
// database; the idempotency key (the request id) makes a retried create return the same order.
import type { Db } from '../infra/db';

export interface OrderProvider {
  create(input: { idempotencyKey: string; requestId: string }): Promise<{ orderId: string }>;
  close(orderId: string): Promise<void>;
  /** Compensation: the request no longer needs the order. */
  cancel(orderId: string): Promise<void>;
}

export class BuiltinOrderProvider implements OrderProvider {
  constructor(private readonly db: Db) {}

  async create(input: { idempotencyKey: string; requestId: string }) {
    const order = await this.db.externalOrder.upsert({
      where: { idempotencyKey: input.idempotencyKey },
      create: { idempotencyKey: input.idempotencyKey, requestId: input.requestId },
      update: {},
    });
    return { orderId: order.id };
  }

  async close(orderId: string) {
    await this.db.externalOrder.updateMany({ where: { id: orderId, status: 'OPEN' }, data: { status: 'CLOSED', closedAt: new Date() } });
  }

  async cancel(orderId: string) {
    await this.db.externalOrder.updateMany({ where: { id: orderId, status: 'OPEN' }, data: { status: 'CANCELLED', closedAt: new Date() } });
  }
}
