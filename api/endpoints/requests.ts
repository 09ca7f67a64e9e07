// Service requests: filing (operators), the journal (JSON pages or CSV), one request, closing.
import { z } from 'zod';
import { fileRequestSchema } from '../../domain/requests/intake';
import { REQUEST_STATUSES } from '../../domain/requests/journal';
import { requestViewSchema } from '../../domain/requests/requestView';
import { closeRequestSchema } from '../../domain/requests/closing';
import { listQueryParams } from '../../domain/lists/listQuery';
import { json } from '../contract/endpoint';
import { versionTag } from '../../domain/shared/etag';
import { csvReply } from '../csvDownload';
import { filedReply } from '../filedResponse';
import { filedRequest as filed, idParam } from './common';
import { incidentRef } from './incidentLinks';
import { endpoint } from './services';

const journalRequest = requestViewSchema.openapi('JournalRequest');
const offer = z
  .array(incidentRef)
  .describe('Open mass incidents of the same service in your scope: link with massIncidentId or POST /api/incidents/{id}/children');
/** One request: also the answer of an edit (requestEditing.ts). */
export const one = z.object({ request: journalRequest });

export const requestEndpoints = [
  endpoint({
    method: 'post',
    path: '/api/requests',
    summary: 'File a service request for a client found by phone (operators)',
    request: { body: fileRequestSchema },
    idempotencyKey: 'service',
    responses: {
      201: json(z.object({ request: filed, massIncidents: offer }), 'Filed; its workflow is running'),
      200: json(z.object({ request: filed, massIncidents: offer }), 'Replay of an earlier call with the same Idempotency-Key'),
    },
    problems: [400, 403, 404, 409, 429],
    handle: async ({ req, actor, services, header }) => {
      const reply = filedReply(await services.requests.file(actor, req.body, header('Idempotency-Key')));
      // The intake's offer (domain/incidents/mass.ts, MATCH_RULE): link in one more action.
      const massIncidents = await services.mass.offerFor(actor, { serviceCode: req.body.serviceCode });
      return { ...reply, body: { ...reply.body, massIncidents } };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/requests',
    summary: 'The journal: requests the caller may see, filtered, sorted and paged by cursor; format=csv exports all of them',
    description: 'q matches the description, the client name (case-insensitive, any alphabet) or digits of the phone.',
    request: { query: listQueryParams(REQUEST_STATUSES, 50, 500) },
    responses: {
      200: json(z.object({ items: z.array(journalRequest), nextCursor: z.string().nullable() }), 'One page, or a CSV file (UTF-8 with BOM) with format=csv', {
        'text/csv': z.string(),
      }),
    },
    problems: [400, 429],
    handle: async ({ req, actor, services }) => {
      if (req.query.format === 'csv') return csvReply('requests', (write) => services.journal.csv(actor, req.query, write));
      const { items, nextCursor } = await services.journal.list(actor, req.query);
      return { status: 200, body: { items, nextCursor } };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/requests/{id}/close',
    summary: 'Close a request for which no incident could be made, with a reason (staff; a Temporal update)',
    description:
      'Allowed while the request is being routed or its order is being created. An order created meanwhile is cancelled. A request with an incident is closed by unlinking the incident (409).',
    request: { params: idParam, body: closeRequestSchema },
    responses: { 200: json(one, 'Closed by the workflow') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services }) => {
      await services.closing.close(actor, params.id, req.body);
      return { status: 200, body: { request: await services.journal.get(actor, params.id) } };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/requests/{id}',
    summary: 'One request; ETag for If-Match',
    request: { params: idParam },
    responses: { 200: json(one, 'The request') },
    problems: [404],
    handle: async ({ params, actor, services }) => {
      const request = await services.journal.get(actor, params.id);
      return { status: 200, body: { request }, headers: { ETag: versionTag(request) } };
    },
  }),
];
