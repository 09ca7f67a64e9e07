// /api/admin/<table>: list (admins and supervisors), create, edit, delete (admins), one set of
// four endpoints per admin table, from the schemas the domain validates them with.
import { z } from 'zod';
import { adminResources } from '../../domain/admin';
import { mayRead, mayWrite, type AdminResource } from '../../domain/admin/resource';
import type { Database } from '../../infra/db';
import type { EmployeeDirectory } from '../../domain/people/employeeDirectory';
import { json, other } from '../contract/endpoint';
import { endpoint } from './services';

const id = z.object({ id: z.string() });

function tableEndpoints(table: AdminResource) {
  const item = table.view.openapi(table.title);
  const base = `/api/admin/${table.path}` as const;
  const resource = (tables: ReadonlyMap<string, AdminResource>) => tables.get(table.path)!;
  return [
    endpoint({
      method: 'get',
      path: base,
      summary: `All ${table.path} (admins; supervisors may read)`,
      responses: { 200: json(z.object({ items: z.array(item) }), 'Every row') },
      problems: [403],
      handle: async ({ actor, services }) => {
        mayRead(actor);
        return { status: 200, body: { items: await resource(services.adminTables).list() } };
      },
    }),
    // A table without a create schema has no create: POST answers 405.
    ...(table.createSchema
      ? [
          endpoint({
            method: 'post',
            path: base,
            summary: `Create one of ${table.path} (admins)`,
            request: { body: table.createSchema },
            idempotencyKey: 'replay',
            responses: { 201: json(z.object({ item }), 'Created'), 200: json(z.object({ item }), 'The same key again: the row created then') },
            problems: [400, 403, 409],
            handle: async ({ req, actor, services }) => {
              mayWrite(actor);
              return { status: 201, body: { item: await resource(services.adminTables).create(req.body ?? {}, actor) } };
            },
          }),
        ]
      : []),
    endpoint({
      method: 'patch',
      path: `${base}/{id}`,
      summary: `Change one of ${table.path} (admins)`,
      request: { params: id, body: table.updateSchema },
      responses: { 200: json(z.object({ item }), 'Changed') },
      problems: [400, 403, 404, 409],
      handle: async ({ req, params, actor, services }) => {
        mayWrite(actor);
        return { status: 200, body: { item: await resource(services.adminTables).update(params.id, req.body ?? {}, actor) } };
      },
    }),
    endpoint({
      method: 'delete',
      path: `${base}/{id}`,
      summary: `Delete one of ${table.path} (admins; refused while in use)`,
      request: { params: id },
      responses: { 204: other('Deleted') },
      problems: [403, 404, 409],
      handle: async ({ params, actor, services }) => {
        mayWrite(actor);
        await resource(services.adminTables).remove(params.id, actor);
        return { status: 204 };
      },
    }),
  ];
}

/** The tables' paths and schemas; the handlers use the tables the app built on its database. */
export const adminEndpoints = adminResources({} as Database, {} as EmployeeDirectory).flatMap(tableEndpoints);
