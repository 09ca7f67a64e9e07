// OpenAPI paths of the admin tables, from the same schemas that validate them.
import { z } from 'zod';
import type { AdminResource } from '../domain/admin/resource';
import { json, problems, type PathRegistrar } from './openapiKit';

export const adminPaths =
  (resources: AdminResource[]): PathRegistrar =>
  (registry, security) => {
    const id = z.object({ id: z.string() });
    for (const r of resources) {
      const item = r.view.openapi(r.title);
      const base = `/api/admin/${r.path}`;
      registry.registerPath({
        method: 'get',
        path: base,
        summary: `All ${r.path} (admins; supervisors may read)`,
        security,
        responses: { 200: json(z.object({ items: z.array(item) }), 'Every row'), ...problems(401, 403) },
      });
      if (r.createSchema) {
        registry.registerPath({
          method: 'post',
          path: base,
          summary: `Create one of ${r.path} (admins)`,
          security,
          request: { headers: z.object({ 'Idempotency-Key': z.string().optional() }), body: { content: { 'application/json': { schema: r.createSchema } } } },
          responses: {
            201: json(z.object({ item }), 'Created'),
            200: json(z.object({ item }), 'The same key again: the row created then'),
            ...problems(400, 401, 403, 409),
          },
        });
      }
      registry.registerPath({
        method: 'patch',
        path: `${base}/{id}`,
        summary: `Change one of ${r.path} (admins)`,
        security,
        request: { params: id, body: { content: { 'application/json': { schema: r.updateSchema } } } },
        responses: { 200: json(z.object({ item }), 'Changed'), ...problems(400, 401, 403, 404, 409) },
      });
      registry.registerPath({
        method: 'delete',
        path: `${base}/{id}`,
        summary: `Delete one of ${r.path} (admins; refused while in use)`,
        security,
        request: { params: id },
        responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404, 409) },
      });
    }
  };
