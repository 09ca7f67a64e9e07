// A local outside order system speaking the HTTP contract of docs/order-system.md, with
// programmable failures: the third party our HTTP order provider talks to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface OrderSystem {
  url: string;
  orders: Map<string, { id: string; status: string; requestId: string }>; // by idempotency key
  createCalls: number;
  failNextCreates: number;
  rejectAll: boolean;
  /** Answers creates this late (the order exists meanwhile), like a slow outside system. */
  createDelayMs: number;
  /** Down: every call's connection is dropped unanswered, as when the system is unreachable. */
  down: boolean;
  close(): Promise<void>;
}

export async function startOrderSystem(): Promise<OrderSystem> {
  const system: OrderSystem = {
    url: '',
    orders: new Map(),
    createCalls: 0,
    failNextCreates: 0,
    rejectAll: false,
    createDelayMs: 0,
    down: false,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    if (system.down) return void req.socket.destroy();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const send = (status: number, payload: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (req.method === 'POST' && req.url === '/orders') {
        system.createCalls++;
        if (system.rejectAll) return send(422, { error: 'unknown customer account' });
        if (system.failNextCreates > 0) {
          system.failNextCreates--;
          return send(500, { error: 'order system is overloaded' });
        }
        const existing = system.orders.get(key);
        if (existing) return send(200, existing);
        const order = { id: `ORD-${randomUUID().slice(0, 8)}`, status: 'OPEN', requestId: JSON.parse(body).requestId as string };
        system.orders.set(key, order);
        if (system.createDelayMs > 0) return void setTimeout(() => send(201, order), system.createDelayMs);
        return send(201, order);
      }
      // Cancel by the create's idempotency key: the order a timed-out create may have made.
      const byKey = req.url?.match(/^\/orders\/by-key\/([^/]+)\/cancel$/);
      if (req.method === 'POST' && byKey) {
        const order = system.orders.get(decodeURIComponent(byKey[1]!));
        if (!order) return send(404, { error: 'no order under this key' });
        order.status = 'CANCELLED';
        return send(200, order);
      }
      const m = req.url?.match(/^\/orders\/([^/]+)\/(close|cancel)$/);
      if (req.method === 'POST' && m) {
        const order = [...system.orders.values()].find((o) => o.id === decodeURIComponent(m[1]!));
        if (!order) return send(404, { error: 'no such order' });
        order.status = m[2] === 'close' ? 'CLOSED' : 'CANCELLED';
        return send(200, order);
      }
      send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  system.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  system.close = () => new Promise((r) => server.close(() => r()));
  return system;
}
