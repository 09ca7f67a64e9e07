// The external order system behind one interface. The built-in provider keeps orders in our
// database; the idempotency key (the request id) makes a retried create return the same order.
import { sqlRows, type Db } from '../../infra/db';

export interface OrderProvider {
  create(input: { idempotencyKey: string; requestId: string }): Promise<{ orderId: string }>;
  close(orderId: string): Promise<void>;
  /** Compensation: the request no longer needs the order. */
  cancel(orderId: string): Promise<void>;
}

export class BuiltinOrderProvider implements OrderProvider {
  constructor(private readonly db: Db) {}

  async create(input: { idempotencyKey: string; requestId: string }) {
    // One statement: the order of this key, made now or by an earlier attempt.
    const [order] = await sqlRows<{ id: string }>(
      this.db,
      `INSERT INTO "ExternalOrder" (id, "idempotencyKey", "requestId") VALUES (gen_random_uuid(), $1::text, $2::uuid)
       ON CONFLICT ("idempotencyKey") DO UPDATE SET "idempotencyKey" = EXCLUDED."idempotencyKey" RETURNING id`,
      [input.idempotencyKey, input.requestId],
    );
    return { orderId: order!.id };
  }

  async close(orderId: string) {
    await this.db.externalOrder.updateMany({ where: { id: orderId, status: 'OPEN' }, data: { status: 'CLOSED', closedAt: new Date() } });
  }

  async cancel(orderId: string) {
    await this.db.externalOrder.updateMany({ where: { id: orderId, status: 'OPEN' }, data: { status: 'CANCELLED', closedAt: new Date() } });
  }
}
