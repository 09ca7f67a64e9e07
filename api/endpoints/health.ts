// Readiness, for load balancers and monitors: no sign-in.
import { z } from 'zod';
import { health } from '../health';
import { json } from '../contract/endpoint';
import { endpoint } from './services';

// Up or down only: which dependency failed, and why, is on the internal port (api/internalServer.ts).
const report = z.object({ status: z.enum(['ok', 'degraded']) });

export const healthEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/health',
    summary: 'Readiness of database, Temporal, ClickHouse and the live board',
    access: 'anyone',
    responses: { 200: json(report, 'All healthy'), 503: json(report, 'A dependency is down') },
    problems: [],
    handle: async ({ services }) => {
      const { status } = await health(services.db, services.temporal, services.analytics.ch, services.live);
      return { status: status === 'ok' ? 200 : 503, body: { status } };
    },
  }),
];
