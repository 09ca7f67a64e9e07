// Departments and services follow the same rules: a code no other row has, rows they point at
// that must exist, and no deletion while other rows use them. One implementation serves both.
import { z } from 'zod';
import { database, type Database, type Db } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { codeTaken, deleteRow, rowExists } from './repository';
import { mustExist, parseInput, rowId, type AdminResource, type Reference } from './resource';

export interface CodedTable<V, C extends U, U extends { code?: string }> {
  path: string;
  title: string;
  view: z.ZodTypeAny;
  createSchema: z.ZodType<C, z.ZodTypeDef, unknown>;
  updateSchema: z.ZodType<U, z.ZodTypeDef, unknown>;
  table: 'Department' | 'Service';
  /** The row in messages: "department", "service". */
  noun: string;
  /** What the table checks before the rows the input points at (departments: the parent). */
  check?: (db: Database, id: string | null, input: U) => Promise<void>;
  references: (input: U) => Reference[];
  list: (db: Database) => Promise<V[]>;
  insert: (db: Database, input: C) => Promise<V>;
  update: (db: Database, id: string, input: U) => Promise<V | undefined>;
  /** Why the row may not be deleted, null when it may; undefined when there is no such row. */
  inUse: (db: Database, id: string) => Promise<string | null | undefined>;
}

export function codedResource<V, C extends U, U extends { code?: string }>(db: Db, t: CodedTable<V, C, U>): AdminResource<V> {
  async function check(q: Database, id: string | null, input: U): Promise<void> {
    await t.check?.(q, id, input);
    await mustExist(q, t.references(input));
    if (input.code && (await codeTaken(q, t.table, input.code, id))) throw conflict(`${t.noun} code ${input.code} is taken`);
  }

  return {
    path: t.path,
    title: t.title,
    view: t.view,
    createSchema: t.createSchema,
    updateSchema: t.updateSchema,
    list: () => t.list(database(db)),
    async create(body) {
      const q = database(db);
      const input = parseInput(t.createSchema, body);
      await check(q, null, input);
      return t.insert(q, input);
    },
    async update(id, body) {
      rowId(id, t.noun);
      const q = database(db);
      const input = parseInput(t.updateSchema, body);
      if (!(await rowExists(q, t.table, id))) throw notFound(t.noun);
      await check(q, id, input);
      const row = await t.update(q, id, input);
      if (!row) throw notFound(t.noun);
      return row;
    },
    async remove(id) {
      rowId(id, t.noun);
      const q = database(db);
      const refusal = await t.inUse(q, id);
      if (refusal === undefined) throw notFound(t.noun);
      if (refusal) throw conflict(refusal);
      await deleteRow(q, t.table, id);
    },
  };
}
