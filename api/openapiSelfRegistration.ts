// OpenAPI paths of self-registration: the HR allow-list and the accounts waiting for it.
import { z } from 'zod';
import { allowListEntrySchema } from '../domain/people/hrAllowList';
import { json, problems, type PathRegistrar } from './openapiKit';

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

export const registerSelfRegistrationPaths: PathRegistrar = (registry, security) => {
  registry.registerPath({
    method: 'get',
    path: '/api/admin/hr-allow-list',
    summary: 'People allowed to self-register (admins)',
    security,
    responses: { 200: json(z.object({ items: z.array(entry) }), 'The allow-list'), ...problems(401, 403) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/admin/hr-allow-list/{email}',
    summary: 'Allow a person to self-register, with their department (admins)',
    security,
    request: { params: emailParam, body: { content: { 'application/json': { schema: allowListEntrySchema } } } },
    responses: { 200: json(z.object({ entry }), 'Stored'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/admin/hr-allow-list/{email}',
    summary: 'Remove a person from the allow-list (admins)',
    security,
    request: { params: emailParam },
    responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/admin/pending-accounts',
    summary: 'Self-registered accounts the HR directory has not confirmed (admins)',
    security,
    responses: { 200: json(z.object({ items: z.array(pending) }), 'Waiting accounts'), ...problems(401, 403) },
  });
};
