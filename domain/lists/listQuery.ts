// The filters, sorting and cursor every list of requests and incidents accepts (journal,
// board, client page, CSV export). Parsed from the query string; errors name the parameter.
// Their SQL (keyset order, filters, LIMIT) is in repository.ts.
import { z } from 'zod';
import { Channel } from '../../generated/kysely/enums';
import { invalid } from '../shared/errors';
import { PRIORITIES } from '../process/types';
import { UUID } from '../shared/validation';
import { dayAfter, dayStart } from '../shared/reportPeriod';

// A calendar day PostgreSQL and Date agree on: "0000-00-00" passed the old pattern and failed
// in the database with a 500 (a fuzzer's find).
const day = z
  .string()
  .date('must be a date, YYYY-MM-DD')
  .refine((d) => d >= '1970-01-01', 'must be 1970-01-01 or later');
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
      serviceClass: code.optional().describe("the service's class (e.g. hardware)"),
      serviceType: code.optional().describe("the service's type (e.g. printer)"),
      problemType: code.optional().describe('the problem type the reporter picked (its code, e.g. paper-jam)'),
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

/** The day range as timestamps: from the start of `from` to the end of `to` (UTC). */
export function createdRange(q: Pick<ListQuery, 'from' | 'to'>): { gte?: Date; lt?: Date } | undefined {
  if (!q.from && !q.to) return undefined;
  return {
    ...(q.from ? { gte: dayStart(q.from) } : {}),
    ...(q.to ? { lt: dayAfter(q.to) } : {}),
  };
}

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
