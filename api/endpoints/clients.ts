// Clients (the CRM side): search, the intake card by phone, one client, create, edit, delete.
import { z } from 'zod';
import { clientCreateSchema, clientEtag, clientListSchema, clientUpdateSchema } from '../../domain/clients/clients';
import { clientCardSchema, clientViewSchema, type ClientCard } from '../../domain/clients/clientView';
import { json, other } from '../contract/endpoint';
import { idParam, ifMatchHeader } from './common';
import { endpoint } from './services';

const client = clientViewSchema.openapi('Client');
// The card's client by its component name, so the document refers to Client there too.
const card = clientCardSchema.extend({ client }).openapi('ClientCard');
const one = z.object({ client });

const cardOf = (found: ClientCard) => ({ client: found.client, requests: found.requests });

export const clientEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/clients',
    summary: 'Clients (staff): search by part of the name, a phone or an e-mail; newest first; cursor pages',
    request: { query: clientListSchema },
    responses: { 200: json(z.object({ items: z.array(client), nextCursor: z.string().nullable() }), 'One page') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => {
      const { items, nextCursor } = await services.clients.list(actor, req.query);
      return { status: 200, body: { items, nextCursor } };
    },
  }),
  // Before /api/clients/{id}, which would take "lookup" for an id.
  endpoint({
    method: 'get',
    path: '/api/clients/lookup',
    summary: 'The intake card: the client owning a phone, with open and past requests (staff)',
    request: { query: z.object({ phone: z.string() }) },
    responses: { 200: json(card, 'Found') },
    problems: [400, 403, 404],
    handle: async ({ req, actor, services }) => ({ status: 200, body: cardOf(await services.clients.lookup(actor, req.query.phone)) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/clients/{id}',
    summary: 'A client with their requests (staff); ETag for If-Match',
    request: { params: idParam },
    responses: { 200: json(card, 'The client') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => {
      const found = await services.clients.get(actor, params.id);
      return { status: 200, body: cardOf(found), headers: { ETag: clientEtag(found.client) } };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/clients',
    summary: 'Create a client (staff); Idempotency-Key honoured',
    request: { body: clientCreateSchema },
    idempotencyKey: 'service',
    responses: { 201: json(one, 'Created'), 200: json(one, 'The same key again: the client created then') },
    problems: [400, 403, 409],
    handle: async ({ req, actor, services, header }) => {
      const { client: created, replayed } = await services.clients.create(actor, req.body, header('Idempotency-Key'));
      return {
        status: replayed ? 200 : 201,
        body: { client: created },
        headers: { Location: `/api/clients/${created.id}`, ETag: clientEtag(created) },
      };
    },
  }),
  endpoint({
    method: 'patch',
    path: '/api/clients/{id}',
    summary: 'Edit a client (staff); with If-Match a change made meanwhile is a 409',
    request: { params: idParam, headers: ifMatchHeader, body: clientUpdateSchema },
    responses: { 200: json(one, 'Changed') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services, header }) => {
      const changed = await services.clients.update(actor, params.id, req.body, header('If-Match'));
      return { status: 200, body: { client: changed }, headers: { ETag: clientEtag(changed) } };
    },
  }),
  endpoint({
    method: 'delete',
    path: '/api/clients/{id}',
    summary: 'Delete a client softly (supervisors, admins): gone from search and intake, history kept',
    request: { params: idParam },
    responses: { 204: other('Deleted') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => {
      await services.clients.remove(actor, params.id);
      return { status: 204 };
    },
  }),
];
