// Readiness, for load balancers and monitors: no sign-in.
import { z } from 'zod';
import { health } from '../health';
import { json } from '../contract/endpoint';
import { endpoint } from './services';

const report = z.object({ status: z.string(), checks: z.record(z.object({ ok: z.boolean(), detail: z.string().optional() })) });

export const healthEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/health',
    summary: 'Readiness of database, Temporal, ClickHouse and the live board',
    access: 'anyone',
    responses: { 200: json(report, 'All healthy'), 503: json(report, 'A dependency is down') },
    problems: [],
    handle: async ({ services }) => {
      const body = await health(services.db, services.temporal, services.analytics.ch, services.live);
      return { status: body.status === 'ok' ? 200 : 503, body };
    },
  }),
];
