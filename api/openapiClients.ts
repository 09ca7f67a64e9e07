// OpenAPI paths of the clients (CRM side).
import { z } from 'zod';
import { clientCreateSchema, clientListSchema, clientUpdateSchema } from '../domain/clients/clients';
import { json, problems, type PathRegistrar } from './openapiKit';

const client = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    kind: z.enum(['person', 'company']),
    phone: z.string().describe('the primary phone'),
    phones: z.array(z.object({ phone: z.string(), label: z.string() })),
    emails: z.array(z.object({ email: z.string(), label: z.string() })),
    locale: z.enum(['ru', 'en']),
    telegramId: z.string().nullable(),
    address: z.string().nullable(),
    notes: z.string(),
    externalId: z.string().nullable(),
    slaContractId: z.string().uuid().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('Client');
const request = z.object({
  id: z.string().uuid(),
  status: z.string(),
  description: z.string(),
  service: z.string(),
  serviceCode: z.string(),
  createdAt: z.string().datetime(),
  incident: z.object({ id: z.string().uuid(), status: z.string() }).nullable(),
});
const card = z.object({ client, requests: z.array(request) }).openapi('ClientCard');
const id = z.object({ id: z.string().uuid() });

export const registerClientPaths: PathRegistrar = (registry, security) => {
  registry.registerPath({
    method: 'get',
    path: '/api/clients',
    summary: 'Clients (staff): search by part of the name, a phone or an e-mail; newest first; cursor pages',
    security,
    request: { query: clientListSchema },
    responses: { 200: json(z.object({ items: z.array(client), nextCursor: z.string().nullable() }), 'One page'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/clients/lookup',
    summary: 'The intake card: the client owning a phone, with open and past requests (staff)',
    security,
    request: { query: z.object({ phone: z.string() }) },
    responses: { 200: json(card, 'Found'), ...problems(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/clients/{id}',
    summary: 'A client with their requests (staff); ETag for If-Match',
    security,
    request: { params: id },
    responses: { 200: json(card, 'The client'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/clients',
    summary: 'Create a client (staff); Idempotency-Key honoured',
    security,
    request: { headers: z.object({ 'Idempotency-Key': z.string().optional() }), body: { content: { 'application/json': { schema: clientCreateSchema } } } },
    responses: {
      201: json(z.object({ client }), 'Created'),
      200: json(z.object({ client }), 'The same key again: the client created then'),
      ...problems(400, 401, 403, 409),
    },
  });
  registry.registerPath({
    method: 'patch',
    path: '/api/clients/{id}',
    summary: 'Edit a client (staff); with If-Match a change made meanwhile is a 409',
    security,
    request: {
      params: id,
      headers: z.object({ 'If-Match': z.string().optional() }),
      body: { content: { 'application/json': { schema: clientUpdateSchema } } },
    },
    responses: { 200: json(z.object({ client }), 'Changed'), ...problems(400, 401, 403, 404, 409) },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/clients/{id}',
    summary: 'Delete a client softly (supervisors, admins): gone from search and intake, history kept',
    security,
    request: { params: id },
    responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
  });
};
