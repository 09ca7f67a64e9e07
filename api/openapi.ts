// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { fileRequestSchema } from '../domain/requests/intake';
import { resolveSchema, transitionSchema } from '../domain/incidents/incidents';
import { ACCESS_LEVELS } from '../domain/access/levels';
import { ACTIONS, INCIDENT_STATUSES } from '../domain/process/states';
import { PRIORITIES } from '../domain/process/types';
import { listQueryParams } from '../domain/lists/listQuery';

const incidentListParams = listQueryParams(INCIDENT_STATUSES, 200, 1000);

import { json, problems } from './openapiKit';
import { morePaths } from './openapiPaths';

const incident = z
  .object({
    id: z.string().uuid(),
    requestId: z.string().uuid(),
    title: z.string(),
    status: z.enum(INCIDENT_STATUSES),
    priority: z.enum(PRIORITIES),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    unlinked: z.boolean(),
    sla: z.object({
      responseDueAt: z.string().datetime().nullable(),
      resolutionDueAt: z.string().datetime().nullable(),
      responseWarned: z.boolean(),
      responseBreached: z.boolean(),
      resolutionWarned: z.boolean(),
      resolutionBreached: z.boolean(),
    }),
    allowedActions: z
      .array(z.enum(ACTIONS))
      .openapi({ description: "What the reader may do now: the actions the current status allows that the reader's access level permits" }),
    access: z
      .enum(ACCESS_LEVELS)
      .openapi({ description: "The reader's level: staff work the incident, its requester follows it (reopen, close, public comments), an observer reads" }),
    department: z.object({ code: z.string(), name: z.string() }),
    service: z.object({ code: z.string(), name: z.string() }),
    client: z.object({ name: z.string(), phone: z.string() }),
    channel: z.string(),
    problemType: z.string().nullable(),
    asset: z.object({ name: z.string(), location: z.string() }).nullable(),
    orderId: z.string().nullable(),
    resolution: z.string().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    closedAt: z.string().datetime().nullable(),
  })
  .openapi('Incident');
const request = z
  .object({
    id: z.string().uuid(),
    status: z.string(),
    channel: z.string(),
    clientId: z.string().uuid(),
    serviceId: z.string().uuid(),
    createdAt: z.string().datetime(),
  })
  .openapi('ServiceRequest');

export function buildOpenApi(serverUrl: string) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const cookie = registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'incident_desk_session' });
  const security = [{ [bearer.name]: [] }, { [cookie.name]: [] }];
  const id = z.object({ id: z.string().uuid() });

  registry.registerPath({
    method: 'post',
    path: '/api/requests',
    summary: 'File a service request for a client found by phone (operators)',
    security,
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().min(8).max(200).optional() }),
      body: { content: { 'application/json': { schema: fileRequestSchema } } },
    },
    responses: {
      201: json(z.object({ request }), 'Filed; its workflow is running'),
      200: json(z.object({ request }), 'Replay of an earlier call with the same Idempotency-Key'),
      ...problems(400, 401, 403, 409),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/incidents',
    summary: 'Incidents the caller may see, filtered, sorted and paged by cursor; format=csv exports all of them',
    description: 'q searches title, request description and comments (Russian and English stemming, typos tolerated).',
    security,
    request: { query: incidentListParams },
    responses: {
      200: {
        description: 'One page (newest first by default), or a CSV file with format=csv',
        content: {
          'application/json': { schema: z.object({ items: z.array(incident), nextCursor: z.string().nullable() }) },
          'text/csv': { schema: z.string() },
        },
      },
      ...problems(400, 401),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/incidents/{id}',
    summary: 'One incident',
    security,
    request: { params: id },
    responses: { 200: json(z.object({ incident }), 'The incident'), ...problems(401, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/incidents/{id}/transitions',
    summary: 'Move an incident through its business process (a Temporal update with a validator)',
    security,
    description: 'Send If-Match with the ETag of GET /api/incidents/{id} to refuse the change (409) when the incident changed meanwhile.',
    request: {
      params: id,
      headers: z.object({ 'If-Match': z.string().optional() }),
      body: { content: { 'application/json': { schema: transitionSchema } } },
    },
    responses: { 200: json(z.object({ incident }), 'Applied by the workflow; ETag header: the new version'), ...problems(400, 401, 403, 404, 409) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/incidents/stream',
    summary: 'Server-sent events: each incident in the caller\'s scope as it changes (event "incident", data: the incident)',
    security,
    responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } }, ...problems(401) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/incidents/{id}/notifications',
    summary: 'The notification log of an incident: every delivery attempt, oldest first',
    security,
    request: { params: id },
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({
              key: z.string(),
              recipient: z.string(),
              channel: z.string(),
              template: z.string(),
              subject: z.string(),
              outcome: z.enum(['sent', 'failed']),
              error: z.string().nullable(),
              at: z.string().datetime(),
            }),
          ),
        }),
        'Attempts',
      ),
      ...problems(401, 404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/services',
    summary: 'The service catalog; q narrows it to entries whose code, name or description contain the text',
    security,
    request: { query: z.object({ q: z.string().max(100).optional() }) },
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({
              code: z.string(),
              name: z.string(),
              description: z.string(),
              serviceClass: z.string(),
              serviceType: z.string(),
              department: z.object({ code: z.string(), name: z.string() }),
            }),
          ),
        }),
        'Services by name',
      ),
      ...problems(401),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/incidents/{id}/resolve',
    summary:
      'Resolve an incident with a resolution text (the "resolve" transition); after the reopen window the workflow closes incident, order and request and notifies',
    security,
    request: { params: id, body: { content: { 'application/json': { schema: resolveSchema } } } },
    responses: { 200: json(z.object({ incident }), 'Resolved'), ...problems(400, 401, 403, 404, 409) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/analytics/events',
    summary: 'Lifecycle events of a request from the ClickHouse event store',
    security,
    request: { query: z.object({ requestId: z.string().uuid() }) },
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({
              event_id: z.string(),
              type: z.string(),
              request_id: z.string(),
              incident_id: z.string().nullable(),
              channel: z.string(),
              actor_id: z.string(),
              occurred_at: z.string(),
            }),
          ),
        }),
        'Events, oldest first',
      ),
      ...problems(400, 401, 404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/analytics/daily',
    summary: 'Events per day, type and department (supervisors: their department subtree; admins: all)',
    security,
    request: { query: z.object({ from: z.string().openapi({ example: '2026-11-01' }), to: z.string().openapi({ example: '2026-11-30' }) }) },
    responses: {
      200: json(
        z.object({ items: z.array(z.object({ day: z.string(), type: z.string(), department_id: z.string().uuid(), events: z.number().int() })) }),
        'Counts, each event once',
      ),
      ...problems(400, 401, 403),
    },
  });
  const seconds = z.number().int().nullable();
  registry.registerPath({
    method: 'get',
    path: '/api/reports/summary',
    summary:
      'Supervisor summary of a period from ClickHouse: requests completed, average and p90 completion time, incidents per day, SLA compliance, load per agent (supervisors: their department subtree; admins: all)',
    security,
    request: {
      query: z.object({
        from: z.string().openapi({ example: '2026-11-01', description: 'first day (UTC), inclusive' }),
        to: z.string().openapi({ example: '2026-11-30', description: 'last day (UTC), inclusive; at most 366 days after from' }),
        department: z
          .string()
          .optional()
          .openapi({ example: 'it', description: 'department code: it and the departments below it; a supervisor may name only departments in their subtree' }),
      }),
    },
    responses: {
      200: json(
        z.object({
          period: z.object({ from: z.string(), to: z.string() }),
          departments: z.array(z.string()).nullable().openapi({ description: 'department codes covered; null: all' }),
          requests: z.object({
            completed: z.number().int().openapi({ description: 'requests closed in the period, any reason' }),
            resolved: z.number().int().openapi({ description: 'of those, closed because the incident was resolved' }),
            byCloseReason: z.record(z.number().int()),
            averageCompletionSeconds: seconds.openapi({ description: 'filing to closure, resolved requests' }),
            p90CompletionSeconds: seconds,
            averageResolutionSeconds: seconds.openapi({ description: 'filing to resolution, resolved requests' }),
          }),
          incidentsPerDay: z
            .array(z.object({ day: z.string(), opened: z.number().int(), closed: z.number().int() }))
            .openapi({ description: 'every day of the period' }),
          sla: z.object({
            closedWithIncident: z.number().int(),
            withinSla: z.number().int().openapi({ description: 'closed without breaching a response or resolution target' }),
            compliance: z.number().nullable().openapi({ description: 'withinSla / closedWithIncident' }),
            warnings: z.number().int(),
            breaches: z.number().int(),
          }),
          agents: z.array(
            z.object({
              agentId: z.string(),
              username: z.string().nullable(),
              fullName: z.string().nullable(),
              assigned: z.number().int().openapi({ description: 'incidents assigned to the agent in the period' }),
              resolved: z.number().int().openapi({ description: 'requests closed as resolved with the agent assigned' }),
              averageCompletionSeconds: seconds,
            }),
          ),
        }),
        'Figures of the period; each event counted once',
      ),
      ...problems(400, 401, 403),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user',
    security,
    responses: {
      200: json(
        z.object({
          id: z.string(),
          username: z.string(),
          fullName: z.string(),
          email: z.string(),
          roles: z.array(z.string()),
          department: z.string().nullable(),
          locale: z.string().nullable(),
        }),
        'Current user',
      ),
      ...problems(401),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/health',
    summary: 'Readiness of database, Temporal and ClickHouse',
    responses: {
      200: json(z.object({ status: z.string(), checks: z.record(z.object({ ok: z.boolean(), detail: z.string().optional() })) }), 'All healthy'),
      503: { description: 'A dependency is down' },
    },
  });

  for (const register of morePaths) register(registry, security);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Incident Desk API', version: '0.1.0', description: 'Service desk and incident management on Temporal' },
    servers: [{ url: serverUrl }],
  });
}
