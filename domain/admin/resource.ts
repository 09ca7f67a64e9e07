// An admin-managed table (departments, services, SLA contracts, calendars, employees): list,
// create, edit and delete, validated by zod schemas that also document the API. Supervisors
// may read; only admins write.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { forbidden, invalid, notFound } from '../shared/errors';
import { hasRole, type Actor } from '../access/identity';
import { parseInput, UUID } from '../shared/validation';
import { rowExists, type AdminTable } from './repository';

export interface AdminResource<V = unknown> {
  /** URL segment: /api/admin/<path>. */
  path: string;
  /** OpenAPI component name of one item. */
  title: string;
  view: z.ZodTypeAny;
  createSchema: z.ZodTypeAny | null; // null: rows come from elsewhere (employees: Keycloak)
  updateSchema: z.ZodTypeAny;
  list(): Promise<V[]>;
  create(input: unknown, actor: Actor): Promise<V>;
  update(id: string, input: unknown, actor: Actor): Promise<V>;
  remove(id: string, actor: Actor): Promise<void>;
}

export function mayRead(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'supervisor')) throw forbidden('administration is for admins (supervisors may look)');
}

export function mayWrite(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw forbidden('only admins change the configuration');
}

/** Codes and class/type keys: lower-case letters, digits and dashes. */
export const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes');

/** Parses the id of an existing row; anything else is a 404. */
export function rowId(id: string, what: string): string {
  if (!UUID.test(id)) throw notFound(what);
  return id;
}

/** A row the input points at: the field, the id given (none: nothing to check), its table, the message when missing. */
export interface Reference {
  field: string;
  id: string | null | undefined;
  table: AdminTable;
  message: string;
}

/** Each row the input points at must exist; the first missing one is a 400 on its field. */
export async function mustExist(db: Database, references: Reference[]): Promise<void> {
  for (const r of references) if (r.id && !(await rowExists(db, r.table, r.id))) throw invalid([{ field: r.field, message: r.message }]);
}

export { parseInput };
