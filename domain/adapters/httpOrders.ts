// Order provider for an outside order system over HTTP (contract: docs/order-system.md).
// The request id travels as Idempotency-Key, so a retried create returns the same order.
// 4xx answers (but 408 and 429) mean invalid data and are not retried; 5xx and network
// errors are retried by Temporal with backoff.
import { DomainError } from '../shared/errors';
import type { OrderProvider } from './orders';

export class HttpOrderProvider implements OrderProvider {
  constructor(
    private readonly baseUrl: string,
    /** ORDER_HTTP_TIMEOUT_MS: one call's limit; an order made after it is found by cancelByKey. */
    private readonly timeoutMs = 10_000,
  ) {
    if (!baseUrl) throw new Error('ORDER_HTTP_URL is required for ORDER_PROVIDER=http');
  }

  /** POSTs to the order system; a 404 is `null` where `absentIsNull` (nothing to act on), else a rejection. */
  private async call(path: string, body: unknown, idempotencyKey: string, absentIsNull = false): Promise<unknown> {
    const res = await fetch(new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (res.ok) return text ? JSON.parse(text) : {};
    if (res.status === 404 && absentIsNull) return null;
    const detail = `order system answered ${res.status} to ${path}: ${text.slice(0, 300)}`;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new DomainError(422, 'Order Rejected', detail);
    throw new Error(detail);
  }

  async create(input: { idempotencyKey: string; requestId: string }) {
    const body = (await this.call('orders', { requestId: input.requestId }, input.idempotencyKey)) as { id?: unknown };
    if (typeof body.id !== 'string' || !body.id) throw new Error('order system returned no order id');
    return { orderId: body.id };
  }

  async close(orderId: string) {
    await this.call(`orders/${encodeURIComponent(orderId)}/close`, {}, `close:${orderId}`);
  }

  async cancel(orderId: string) {
    await this.call(`orders/${encodeURIComponent(orderId)}/cancel`, {}, `cancel:${orderId}`);
  }

  async cancelByKey(idempotencyKey: string) {
    // 404: the key made no order (the create never reached the system), so nothing to cancel.
    await this.call(`orders/by-key/${encodeURIComponent(idempotencyKey)}/cancel`, {}, `cancel-key:${idempotencyKey}`, true);
  }
}
