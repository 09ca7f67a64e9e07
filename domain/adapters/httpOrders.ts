// Order provider for an outside order system over HTTP (contract: docs/order-system.md).
// The request id travels as Idempotency-Key, so a retried create returns the same order.
// 4xx answers (but 408 and 429) mean invalid data and are not retried; 5xx and network
// errors are retried by Temporal with backoff.
import { DomainError } from '../shared/errors';
import type { OrderProvider } from './orders';

export class HttpOrderProvider implements OrderProvider {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {
    if (!baseUrl) throw new Error('ORDER_HTTP_URL is required for ORDER_PROVIDER=http');
  }

  private async call(path: string, body: unknown, idempotencyKey: string): Promise<unknown> {
    const res = await fetch(new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (res.ok) return text ? JSON.parse(text) : {};
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
}
