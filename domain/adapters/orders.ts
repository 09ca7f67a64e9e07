// The external order system behind one interface. The built-in provider keeps orders in our
// database; the idempotency key (the request id) makes a retried create return the same order.
import { type Database } from '../../infra/db';
import { endOrder, endOrderOfKey, orderOfKey } from './ordersRepository';

export interface OrderProvider {
  create(input: { idempotencyKey: string; requestId: string }): Promise<{ orderId: string }>;
  close(orderId: string): Promise<void>;
  /** Compensation: the request no longer needs the order. */
  cancel(orderId: string): Promise<void>;
  /**
   * Compensation when creating timed out or failed without a clear "no": cancels the order the
   * request's idempotency key may have made unseen; nothing when it made none.
   */
  cancelByKey(idempotencyKey: string): Promise<void>;
}

export class BuiltinOrderProvider implements OrderProvider {
  constructor(private readonly db: Database) {}

  async create(input: { idempotencyKey: string; requestId: string }) {
    return { orderId: await orderOfKey(this.db, input.idempotencyKey, input.requestId) };
  }

  async close(orderId: string) {
    await endOrder(this.db, orderId, 'CLOSED');
  }

  async cancel(orderId: string) {
    await endOrder(this.db, orderId, 'CANCELLED');
  }

  async cancelByKey(idempotencyKey: string) {
    await endOrderOfKey(this.db, idempotencyKey, 'CANCELLED');
  }
}
