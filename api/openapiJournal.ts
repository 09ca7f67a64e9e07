// OpenAPI paths of the request journal: the filtered list (JSON pages or CSV) and one request.
import { z } from 'zod';
import { ACCESS_LEVELS } from '../domain/access/levels';
import { PRIORITIES } from '../domain/process/types';
import { REQUEST_STATUSES } from '../domain/requests/journal';
import { listQueryParams } from '../domain/lists/listQuery';
import { closeRequestSchema } from '../domain/requests/closing';
import { json, problems, type PathRegistrar } from './openapiKit';

const ref = z.object({ code: z.string(), name: z.string() });
const journalRequest = z
  .object({
    id: z.string().uuid(),
    status: z.enum(REQUEST_STATUSES),
    channel: z.string(),
    description: z.string(),
    priority: z.enum(PRIORITIES),
    closeReason: z.string().nullable(),
    externalOrderId: z.string().nullable(),
    client: z.object({ id: z.string().uuid(), name: z.string(), phone: z.string() }),
    service: ref,
    department: ref,
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    incident: z.object({ id: z.string().uuid(), status: z.string(), priority: z.string(), title: z.string() }).nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    closedAt: z.string().datetime().nullable(),
    access: z.enum(ACCESS_LEVELS).openapi({ description: "The reader's level on the request (see Incident.access)" }),
  })
  .openapi('JournalRequest');

export const registerJournalPaths: PathRegistrar = (registry, security) => {
  registry.registerPath({
    method: 'get',
    path: '/api/requests',
    summary: 'The journal: requests the caller may see, filtered, sorted and paged by cursor; format=csv exports all of them',
    description: 'q matches the description, the client name (case-insensitive, any alphabet) or digits of the phone.',
    security,
    request: { query: listQueryParams(REQUEST_STATUSES, 50, 500) },
    responses: {
      200: {
        description: 'One page, or a CSV file (UTF-8 with BOM) with format=csv',
        content: {
          'application/json': { schema: z.object({ items: z.array(journalRequest), nextCursor: z.string().nullable() }) },
          'text/csv': { schema: z.string() },
        },
      },
      ...problems(400, 401),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/requests/{id}',
    summary: 'One request',
    security,
    request: { params: z.object({ id: z.string().uuid() }) },
    responses: { 200: json(z.object({ request: journalRequest }), 'The request'), ...problems(401, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/requests/{id}/close',
    summary: 'Close a request for which no incident could be made, with a reason (staff; a Temporal update)',
    description:
      'Allowed while the request is being routed or its order is being created. An order created meanwhile is cancelled. A request with an incident is closed by unlinking the incident (409).',
    security,
    request: { params: z.object({ id: z.string().uuid() }), body: { content: { 'application/json': { schema: closeRequestSchema } } } },
    responses: { 200: json(z.object({ request: journalRequest }), 'Closed by the workflow'), ...problems(400, 401, 403, 404, 409) },
  });
};
