// OpenAPI paths of the employee directory (Keycloak user lookup and the sync job).
import { z } from 'zod';
import { ROLES } from '../domain/access/identity';
import { json, problems, type PathRegistrar } from './openapiKit';

const employee = z
  .object({
    id: z.string(),
    username: z.string(),
    email: z.string().nullable(),
    fullName: z.string(),
    phone: z.string().nullable(),
    department: z.string().nullable(),
    managerId: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
    locale: z.string().nullable(),
    enabled: z.boolean(),
  })
  .openapi('Employee');

export const registerEmployeePaths: PathRegistrar = (registry, security) => {
  registry.registerPath({
    method: 'get',
    path: '/api/employees/{id}',
    summary: 'A user object by Keycloak user id, from Keycloak (cached for minutes); staff only, anyone for themselves',
    security,
    request: { params: z.object({ id: z.string().uuid() }) },
    responses: { 200: json(z.object({ employee }), 'The employee as Keycloak has them'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/admin/employees/sync',
    summary: 'Mirror every Keycloak user into the employee table (admins)',
    security,
    request: { query: z.object({ deactivateMissing: z.enum(['true', 'false']).optional() }) },
    responses: { 200: json(z.object({ mirrored: z.number().int(), deactivated: z.number().int() }), 'Done'), ...problems(401, 403) },
  });
};
