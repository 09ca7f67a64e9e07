// The employee directory: a Keycloak user lookup and the sync job.
import { z } from 'zod';
import { forbidden } from '../../domain/shared/errors';
import { hasRole } from '../../domain/access/identity';
import { employeeViewSchema } from '../../domain/people/employeeDirectory';
import { json } from '../contract/endpoint';
import { endpoint } from './services';

const employee = employeeViewSchema.openapi('Employee');

export const employeeEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/employees/{id}',
    summary: 'A user object by Keycloak user id, from Keycloak (cached for minutes); staff only, anyone for themselves',
    request: { params: z.object({ id: z.string().uuid() }) },
    responses: { 200: json(z.object({ employee }), 'The employee as Keycloak has them') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { employee: await services.directory.lookup(actor, params.id) } }),
  }),
  endpoint({
    method: 'post',
    path: '/api/admin/employees/sync',
    summary: 'Mirror every Keycloak user into the employee table (admins)',
    request: { query: z.object({ deactivateMissing: z.enum(['true', 'false']).optional() }) },
    responses: { 200: json(z.object({ mirrored: z.number().int(), deactivated: z.number().int() }), 'Done') },
    problems: [403],
    handle: async ({ req, actor, services }) => {
      if (!hasRole(actor, 'admin')) throw forbidden('only admins start the employee sync');
      return { status: 200, body: await services.directory.sync(req.query.deactivateMissing === 'true') };
    },
  }),
];
