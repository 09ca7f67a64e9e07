// Self-registration: the HR allow-list and the accounts waiting for it (admins).
import { z } from 'zod';
import { allowListEntrySchema } from '../../domain/people/hrAllowList';
import { json, other } from '../contract/endpoint';
import { endpoint } from './services';

const entry = z
  .object({ email: z.string().email(), departmentCode: z.string().nullable(), note: z.string(), createdAt: z.string().datetime() })
  .openapi('HrAllowListEntry');
const pending = z
  .object({
    userId: z.string(),
    username: z.string(),
    email: z.string(),
    fullName: z.string(),
    reason: z.string(),
    firstSeenAt: z.string().datetime(),
    lastCheckedAt: z.string().datetime(),
  })
  .openapi('PendingAccount');
const emailParam = z.object({ email: z.string().email() });

export const selfRegistrationEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/admin/hr-allow-list',
    summary: 'People allowed to self-register (admins)',
    responses: { 200: json(z.object({ items: z.array(entry) }), 'The allow-list') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { items: await services.allowList.list(actor) } }),
  }),
  endpoint({
    method: 'put',
    path: '/api/admin/hr-allow-list/{email}',
    summary: 'Allow a person to self-register, with their department (admins)',
    request: { params: emailParam, body: allowListEntrySchema },
    responses: { 200: json(z.object({ entry }), 'Stored') },
    problems: [400, 403],
    handle: async ({ req, params, actor, services }) => ({
      status: 200,
      body: { entry: await services.allowList.put(actor, params.email, req.body ?? {}) },
    }),
  }),
  endpoint({
    method: 'delete',
    path: '/api/admin/hr-allow-list/{email}',
    summary: 'Remove a person from the allow-list (admins)',
    request: { params: emailParam },
    responses: { 204: other('Removed') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => {
      await services.allowList.remove(actor, params.email);
      return { status: 204 };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/pending-accounts',
    summary: 'Self-registered accounts the HR directory has not confirmed (admins)',
    responses: { 200: json(z.object({ items: z.array(pending) }), 'Waiting accounts') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { items: await services.allowList.pending(actor) } }),
  }),
];
