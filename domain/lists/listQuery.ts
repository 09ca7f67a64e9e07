// The filters, sorting and cursor every list of requests and incidents accepts (journal,
// board, client page, CSV export). Parsed from the query string; errors name the parameter.
import { z } from 'zod';
import { Prisma } from '../../generated/prisma/client';
import { Channel } from '../../generated/prisma/enums';
import { departmentSubtree } from '../shared/departments';
import { invalid } from '../shared/errors';
import { PRIORITIES } from '../process/types';
import { UUID } from '../shared/validation';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const code = z.string().trim().min(1).max(64);
export const SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt'] as const;
export type Sort = (typeof SORTS)[number];

/** The query parameters of one kind of list (for OpenAPI): its statuses and page sizes differ. */
export function listQueryParams(statuses: readonly [string, ...string[]], defaultLimit: number, maxLimit: number) {
  return z
    .object({
      client: z.string().uuid().optional().describe('client id'),
      from: day.optional().describe('created on or after this day (UTC)'),
      to: day.optional().describe('created on or before this day (UTC)'),
      status: z
        .string()
        .optional()
        .describe(`one or more of ${statuses.join(', ')}, comma-separated`)
        .superRefine((v, ctx) => {
          for (const s of v?.split(',') ?? []) if (!statuses.includes(s)) ctx.addIssue({ code: 'custom', message: `unknown status "${s}"` });
        }),
      assignee: z.string().trim().min(1).max(100).optional().describe('"me", "none" or an employee id'),
      department: code.optional().describe('department code (and the departments below it)'),
      service: code.optional().describe('service code'),
      channel: z.nativeEnum(Channel).optional(),
      priority: z.enum(PRIORITIES).optional(),
      q: z.string().trim().min(1).max(200).optional().describe('search text'),
      sort: z.enum(SORTS).default('-createdAt'),
      cursor: z.string().max(300).optional().describe('nextCursor of the previous page'),
      limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
      format: z.enum(['json', 'csv']).default('json').describe('csv: every matching row as a CSV file (cursor and limit ignored)'),
    })
    .strict();
}

/** The list query as validated: the parameters and their relations. */
export const listQuerySchema = (...args: Parameters<typeof listQueryParams>) =>
  listQueryParams(...args).refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'must not be before from' });
export type ListQuery = z.infer<ReturnType<typeof listQuerySchema>>;

/** A position in a sorted list: the sort key of the last row and its id (ties broken by id). */
interface Cursor {
  at: string;
  id: string;
}

export const encodeCursor = (at: Date, id: string): string => Buffer.from(JSON.stringify({ at: at.toISOString(), id })).toString('base64url');

export function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof c.at === 'string' && !Number.isNaN(Date.parse(c.at)) && typeof c.id === 'string' && UUID.test(c.id)) return { at: c.at, id: c.id };
  } catch {
    // fall through
  }
  throw invalid([{ field: 'cursor', message: 'not a cursor this API returned' }]);
}

/** The timestamp column a sort orders by (ties broken by id). */
export const sortField = (sort: Sort) => sort.replace('-', '') as 'createdAt' | 'updatedAt';

/**
 * The keyset order of a list over the table alias `t` (its sort column, ties broken by id) and
 * the "after the cursor" condition: every list of the desk pages this way.
 */
export function keysetSql(
  t: string,
  sort: Sort,
  cursor: string | undefined,
): { field: 'createdAt' | 'updatedAt'; order: Prisma.Sql; after: Prisma.Sql | null } {
  const field = sortField(sort);
  const column = Prisma.raw(`${t}."${field}"`);
  const id = Prisma.raw(`${t}.id`);
  const desc = sort.startsWith('-');
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const order = Prisma.sql`${column} ${dir}, ${id} ${dir}`;
  if (!cursor) return { field, order, after: null };
  const c = decodeCursor(cursor);
  return { field, order, after: Prisma.sql`(${column}, ${id}) ${Prisma.raw(desc ? '<' : '>')} (${new Date(c.at)}, ${c.id}::uuid)` };
}

/** The day range as timestamps: from the start of `from` to the end of `to` (UTC). */
export function createdRange(q: Pick<ListQuery, 'from' | 'to'>): { gte?: Date; lt?: Date } | undefined {
  if (!q.from && !q.to) return undefined;
  return {
    ...(q.from ? { gte: new Date(`${q.from}T00:00:00Z`) } : {}),
    ...(q.to ? { lt: new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) } : {}),
  };
}

/** The columns a list's filters read, as SQL over the list statement's aliases. */
export interface ListColumns {
  client: string;
  created: string;
  /** The status column and its enum type. */
  status: [column: string, type: string];
  assignee: string;
  department: string;
  service: string;
  channel: string;
  priority: string;
}

/**
 * The list filters (the search text aside) as SQL conditions, the same for every list ("me" is
 * the reader, `actorId`): enums are compared as enums so their indexes serve, and a department
 * means its subtree.
 */
export function listFilters(actorId: string, q: ListQuery, c: ListColumns): Prisma.Sql[] {
  const col = Prisma.raw;
  const and: Prisma.Sql[] = [];
  if (q.client) and.push(Prisma.sql`${col(c.client)} = ${q.client}::uuid`);
  const created = createdRange(q);
  if (created?.gte) and.push(Prisma.sql`${col(c.created)} >= ${created.gte}`);
  if (created?.lt) and.push(Prisma.sql`${col(c.created)} < ${created.lt}`);
  if (q.status) and.push(Prisma.sql`${col(c.status[0])} = ANY(${q.status.split(',')}::${col(`"${c.status[1]}"[]`)})`);
  if (q.assignee === 'me') and.push(Prisma.sql`${col(c.assignee)} = ${actorId}`);
  else if (q.assignee === 'none') and.push(Prisma.sql`${col(c.assignee)} IS NULL`);
  else if (q.assignee) and.push(Prisma.sql`${col(c.assignee)} = ${q.assignee}`);
  if (q.department) and.push(Prisma.sql`${col(c.department)} = ANY(${departmentSubtree(q.department)})`);
  if (q.service) and.push(Prisma.sql`${col(c.service)} = ${q.service}`);
  if (q.channel) and.push(Prisma.sql`${col(c.channel)} = ${q.channel}::"Channel"`);
  if (q.priority) and.push(Prisma.sql`${col(c.priority)} = ${q.priority}::"Priority"`);
  return and;
}

/**
 * The LIMIT written into a list statement: a few fixed sizes, so that the prepared statements
 * of a list stay few (one per distinct text: sqlRows) while their plans know how many rows are
 * wanted (with LIMIT as a parameter PostgreSQL's generic plan expects thousands and joins every
 * incident: 25 ms instead of 1 ms for a board page of 20). Callers drop the rows beyond `n`.
 */
export const limitSql = (n: number) => Prisma.raw(`LIMIT ${[21, 51, 101, 201, 501, 1001].find((b) => b >= n) ?? Math.ceil(n / 1000) * 1000}`);

type Keyed = { id: string } & Record<'createdAt' | 'updatedAt', string>;

/** A page of a list read with one row more than its limit: the items, and the cursor of the next page if there is one. */
export function pageOf<T extends Keyed>(rows: T[], limit: number, sort: Sort): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(new Date(last[sortField(sort)]), last.id) : null };
}

/** Every row of a list, page after page (each read with one row more than `size`), up to `max` rows: CSV exports. */
export async function* allPages<T extends Keyed>(sort: Sort, size: number, max: number, read: (cursor: string | undefined) => Promise<T[]>): AsyncGenerator<T> {
  let cursor: string | undefined;
  for (let seen = 0; seen < max;) {
    const page = pageOf(await read(cursor), size, sort);
    yield* page.items;
    seen += page.items.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
