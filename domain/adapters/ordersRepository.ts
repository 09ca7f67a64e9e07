// The statements of the built-in order system (orders.ts).
import { randomUUID } from 'node:crypto';
import type { Database } from '../../infra/db';
import type { OrderStatus } from '../../generated/kysely/enums';

/** One statement: the order of this key, made now or by an earlier attempt. */
export async function orderOfKey(db: Database, idempotencyKey: string, requestId: string): Promise<string> {
  const order = await db
    .insertInto('ExternalOrder')
    .values({ id: randomUUID(), idempotencyKey, requestId })
    .onConflict((oc) => oc.column('idempotencyKey').doUpdateSet((eb) => ({ idempotencyKey: eb.ref('excluded.idempotencyKey') })))
    .returning('id')
    .executeTakeFirstOrThrow();
  return order.id;
}

/** Ends an open order with the given status (an ended one stays as it is). */
export async function endOrder(db: Database, orderId: string, status: Exclude<OrderStatus, 'OPEN'>): Promise<void> {
  await db.updateTable('ExternalOrder').set({ status, closedAt: new Date() }).where('id', '=', orderId).where('status', '=', 'OPEN').execute();
}

/** Ends the open order made under this idempotency key, if there is one. */
export async function endOrderOfKey(db: Database, idempotencyKey: string, status: Exclude<OrderStatus, 'OPEN'>): Promise<void> {
  await db
    .updateTable('ExternalOrder')
    .set({ status, closedAt: new Date() })
    .where('idempotencyKey', '=', idempotencyKey)
    .where('status', '=', 'OPEN')
    .execute();
}
