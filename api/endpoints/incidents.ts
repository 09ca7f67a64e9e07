// The incident board: list (JSON pages or CSV), one incident, its live stream, its
// notification log, transitions and resolving.
import { z } from 'zod';
import { notificationAttemptViewSchema, resolveSchema, transitionSchema } from '../../domain/incidents/incidents';
import { incidentEtag, incidentViewSchema, type IncidentView } from '../../domain/incidents/incidentView';
import { INCIDENT_STATUSES } from '../../domain/process/states';
import { listQueryParams } from '../../domain/lists/listQuery';
import { json, other } from '../contract/endpoint';
import { csvReply } from '../csvDownload';
import { idParam, ifMatchHeader } from './common';
import { endpoint } from './services';

export const incident = incidentViewSchema.openapi('Incident');
const one = z.object({ incident });
/** One server-sent event as a client reads it (each event's own schema, as OpenAPI 3.0/3.1 describe streams). */
const incidentEvent = z
  .object({
    event: z.literal('incident'),
    data: z.string().describe('the incident (an Incident, as JSON)'),
  })
  .openapi('IncidentEvent');
const list = async (page: Promise<{ items: IncidentView[]; nextCursor: string | null }>) => {
  const { items, nextCursor } = await page;
  return { items: items, nextCursor };
};

export const incidentEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/incidents',
    summary: 'Incidents the caller may see, filtered, sorted and paged by cursor; format=csv exports all of them',
    description: 'q searches title, request description and comments (Russian and English stemming, typos tolerated).',
    request: { query: listQueryParams(INCIDENT_STATUSES, 200, 1000) },
    responses: {
      200: json(
        z.object({ items: z.array(incident), nextCursor: z.string().nullable() }),
        'One page (newest first by default), or a CSV file with format=csv',
        {
          'text/csv': z.string(),
        },
      ),
    },
    problems: [400, 429],
    handle: async ({ req, actor, services }) =>
      req.query.format === 'csv'
        ? csvReply('incidents', (write) => services.incidents.csv(actor, req.query, write))
        : { status: 200, body: await list(services.incidents.list(actor, req.query)) },
  }),
  // Before /api/incidents/{id}, which would take "stream" for an id.
  endpoint({
    method: 'get',
    path: '/api/incidents/stream',
    summary: 'Server-sent events: each incident in the caller\'s scope as it changes (event "incident", data: the incident)',
    responses: { 200: other('text/event-stream', { 'text/event-stream': incidentEvent }) },
    problems: [429],
    handle: ({ req, actor, services }) => ({ sent: (res) => services.live.subscribe(actor, req, res) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/incidents/{id}',
    summary: 'One incident',
    request: { params: idParam },
    responses: { 200: json(one, 'The incident') },
    problems: [404],
    handle: async ({ params, actor, services }) => {
      const found = await services.incidents.get(actor, params.id);
      return { status: 200, body: { incident: found }, headers: { ETag: incidentEtag(found) } };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/incidents/{id}/notifications',
    summary: 'The notification log of an incident: every delivery attempt, oldest first',
    request: { params: idParam },
    responses: { 200: json(z.object({ items: z.array(notificationAttemptViewSchema) }), 'Attempts') },
    problems: [404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { items: await services.incidents.notifications(actor, params.id) } }),
  }),
  endpoint({
    method: 'post',
    path: '/api/incidents/{id}/transitions',
    summary: 'Move an incident through its business process (a Temporal update with a validator)',
    description: 'Send If-Match with the ETag of GET /api/incidents/{id} to refuse the change (409) when the incident changed meanwhile.',
    request: { params: idParam, headers: ifMatchHeader, body: transitionSchema },
    responses: { 200: json(one, 'Applied by the workflow; ETag header: the new version') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services, header }) => {
      const moved = await services.incidents.transition(actor, params.id, req.body, header('If-Match'));
      return { status: 200, body: { incident: moved }, headers: { ETag: incidentEtag(moved) } };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/incidents/{id}/resolve',
    summary:
      'Resolve an incident with a resolution text (the "resolve" transition); after the reopen window the workflow closes incident, order and request and notifies',
    request: { params: idParam, body: resolveSchema },
    responses: { 200: json(one, 'Resolved') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services }) => ({
      status: 200,
      body: { incident: await services.incidents.resolve(actor, params.id, req.body) },
    }),
  }),
];
