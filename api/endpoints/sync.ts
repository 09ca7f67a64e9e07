// The sync's admin API (domain/sync/admin.ts, docs/sync.md): mappings, held values, status.
import { z } from 'zod';
import {
  heldListSchema,
  heldViewSchema,
  mappingInputSchema,
  mappingListSchema,
  mappingViewSchema,
  personSuggestionSchema,
  systemStatusSchema,
} from '../../domain/sync/admin';
import { json, other } from '../contract/endpoint';
import { idParam } from './common';
import { endpoint } from './services';

const mapping = mappingViewSchema.openapi('SyncMapping');
const held = heldViewSchema.openapi('SyncHeldValue');
const systemStatus = systemStatusSchema.openapi('SyncSystemStatus');
const personSuggestion = personSuggestionSchema.openapi('SyncPersonSuggestion');

export const syncEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/admin/sync/status',
    summary: "Each outside system's sync: cursor, last pass, lag, last error, links and held values (admins)",
    responses: { 200: json(z.object({ systems: z.array(systemStatus) }), 'The systems') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { systems: await services.sync.status(actor) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/sync/mappings',
    summary: 'The mappings of statuses, priorities, queues or projects, people and fields (admins)',
    request: { query: mappingListSchema },
    responses: { 200: json(z.object({ items: z.array(mapping) }), 'The mappings') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: { items: await services.sync.mappings(actor, req.query) } }),
  }),
  endpoint({
    method: 'put',
    path: '/api/admin/sync/mappings',
    summary: "Set the mapping of one of the other system's values (one per system, kind and value); its held values are resolved (admins)",
    request: { body: mappingInputSchema },
    responses: { 200: json(z.object({ mapping }), 'Stored') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: { mapping: await services.sync.putMapping(actor, req.body ?? {}) } }),
  }),
  endpoint({
    method: 'delete',
    path: '/api/admin/sync/mappings/{id}',
    summary: 'Remove a mapping (admins)',
    request: { params: idParam },
    responses: { 204: other('Removed') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => {
      await services.sync.deleteMapping(actor, params.id);
      return { status: 204 };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/sync/person-suggestions',
    summary: "People held there whose login or e-mail matches one of our employees' (match by e-mail or login), to map in one step (admins)",
    responses: { 200: json(z.object({ items: z.array(personSuggestion) }), 'The suggestions') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { items: await services.sync.personSuggestions(actor) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/sync/held',
    summary: 'Values from the other systems held for want of a mapping, with the reason, newest first (admins)',
    request: { query: heldListSchema },
    responses: { 200: json(z.object({ items: z.array(held) }), 'The held values') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: { items: await services.sync.held(actor, req.query) } }),
  }),
];
