// The rules admin tables share: a value no two rows have (a code, a name), rows the input
// points at that must exist, at most one default row, and no deletion while other rows use a
// row. One implementation serves departments, services, calendars and SLA contracts.
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { clearDefault, deleteRow, rowExists, taken, type UniqueKey } from './repository';
import { mustExist, parseInput, rowId, type AdminResource, type Reference } from './resource';

type Input = { code?: string; name?: string; isDefault?: boolean };

export interface Table<V, C extends U, U extends Input, W> {
  path: string;
  title: string;
  view: z.ZodTypeAny;
  createSchema: z.ZodType<C, z.ZodTypeDef, unknown>;
  updateSchema: z.ZodType<U, z.ZodTypeDef, unknown>;
  /** The row in messages: "department", "calendar". */
  noun: string;
  /** The value no two rows share, and the conflict when another row has it. */
  unique: { key: UniqueKey; taken: (value: string) => string };
  /** The table of which one row is the default (the others stop being it when a row becomes it). */
  oneDefault?: 'BusinessCalendar' | 'SlaContract';
  /** What the table checks before the rows the input points at (departments: the parent). */
  check?: (db: Database, id: string | null, input: U) => Promise<void>;
  references?: (input: U) => Reference[];
  list: (db: Database) => Promise<V[]>;
  insert: (db: Database, input: C) => Promise<V>;
  update: (db: Database, id: string, input: U) => Promise<V | undefined>;
  /** What uses the row (undefined: there is no such row), in one statement. */
  usage: (db: Database, id: string) => Promise<W | undefined>;
  /** Why a row so used may not be deleted; null when it may. */
  refusal: (used: W) => string | null;
}

export function tableResource<V, C extends U, U extends Input, W>(db: Database, t: Table<V, C, U, W>): AdminResource<V> {
  const [table, column] = t.unique.key;

  async function check(q: Database, id: string | null, input: U): Promise<void> {
    await t.check?.(q, id, input);
    await mustExist(q, t.references?.(input) ?? []);
    const value = input[column];
    if (value && (await taken(q, t.unique.key, value, id))) throw conflict(t.unique.taken(value));
  }

  /** The write, and the previous default's clearing when the row becomes the default, in one transaction. */
  function write<R>(id: string | null, input: U, work: (q: Database) => Promise<R>): Promise<R> {
    const oneDefault = t.oneDefault;
    if (!oneDefault) return work(db);
    return db.transaction().execute(async (trx) => {
      if (input.isDefault) await clearDefault(trx, oneDefault, id);
      return work(trx);
    });
  }

  return {
    path: t.path,
    title: t.title,
    view: t.view,
    createSchema: t.createSchema,
    updateSchema: t.updateSchema,
    list: () => t.list(db),
    async create(body) {
      const input = parseInput(t.createSchema, body);
      await check(db, null, input);
      return write(null, input, (q) => t.insert(q, input));
    },
    async update(id, body) {
      rowId(id, t.noun);
      const input = parseInput(t.updateSchema, body);
      if (!(await rowExists(db, table, id))) throw notFound(t.noun);
      await check(db, id, input);
      return write(id, input, async (q) => {
        const row = await t.update(q, id, input);
        if (!row) throw notFound(t.noun);
        return row;
      });
    },
    async remove(id) {
      rowId(id, t.noun);
      const used = await t.usage(db, id);
      if (used === undefined) throw notFound(t.noun);
      const refusal = t.refusal(used);
      if (refusal) throw conflict(refusal);
      await deleteRow(db, table, id);
    },
  };
}
