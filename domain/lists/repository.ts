// The SQL parts every list of requests and incidents shares (journal, board, client page, CSV
// export, client list): the keyset order and cursor condition, the filters, the LIMIT.
import { sql, type RawBuilder } from 'kysely';
import { departmentSubtree } from '../shared/departmentRepository';
import { createdRange, decodeCursor, sortField, type ListQuery, type Sort } from './listQuery';

type Condition = RawBuilder<boolean>;

/**
 * The keyset order of a list over the table alias `t` (its sort column, ties broken by id) and
 * the "after the cursor" condition: every list of the desk pages this way.
 */
export function keyset(t: string, sort: Sort, cursor: string | undefined): { order: RawBuilder<unknown>; after: Condition | null } {
  const column = sql.ref(`${t}.${sortField(sort)}`);
  const id = sql.ref(`${t}.id`);
  const desc = sort.startsWith('-');
  const dir = sql.raw(desc ? 'DESC' : 'ASC');
  const order = sql`${column} ${dir}, ${id} ${dir}`;
  if (!cursor) return { order, after: null };
  const c = decodeCursor(cursor);
  return { order, after: sql<boolean>`(${column}, ${id}) ${sql.raw(desc ? '<' : '>')} (${new Date(c.at)}, ${c.id}::uuid)` };
}

/** The columns a list's filters read, as expressions over the list statement's aliases. */
export interface ListColumns {
  client: RawBuilder<unknown>;
  created: RawBuilder<unknown>;
  /** The status column and its enum type. */
  status: [column: RawBuilder<unknown>, type: 'IncidentStatus' | 'RequestStatus'];
  assignee: RawBuilder<unknown>;
  department: RawBuilder<unknown>;
  service: RawBuilder<unknown>;
  serviceClass: RawBuilder<unknown>;
  serviceType: RawBuilder<unknown>;
  problemType: RawBuilder<unknown>;
  channel: RawBuilder<unknown>;
  priority: RawBuilder<unknown>;
}

/**
 * The list filters (the search text aside) as SQL conditions, the same for every list ("me" is
 * the reader, `actorId`): enums are compared as enums so their indexes serve, and a department
 * means its subtree.
 */
export function listFilters(actorId: string, q: ListQuery, c: ListColumns): Condition[] {
  const and: Condition[] = [];
  if (q.client) and.push(sql`${c.client} = ${q.client}::uuid`);
  const created = createdRange(q);
  if (created?.gte) and.push(sql`${c.created} >= ${created.gte}`);
  if (created?.lt) and.push(sql`${c.created} < ${created.lt}`);
  if (q.status) and.push(sql`${c.status[0]} = ANY(${q.status.split(',')}::${sql.raw(`"${c.status[1]}"[]`)})`);
  if (q.assignee === 'me') and.push(sql`${c.assignee} = ${actorId}`);
  else if (q.assignee === 'none') and.push(sql`${c.assignee} IS NULL`);
  else if (q.assignee) and.push(sql`${c.assignee} = ${q.assignee}`);
  if (q.department) and.push(sql`${c.department} = ANY(${departmentSubtree(q.department)})`);
  if (q.service) and.push(sql`${c.service} = ${q.service}`);
  if (q.serviceClass) and.push(sql`${c.serviceClass} = ${q.serviceClass}`);
  if (q.serviceType) and.push(sql`${c.serviceType} = ${q.serviceType}`);
  if (q.problemType) and.push(sql`${c.problemType} = ${q.problemType}`);
  if (q.channel) and.push(sql`${c.channel} = ${q.channel}::"Channel"`);
  if (q.priority) and.push(sql`${c.priority} = ${q.priority}::"Priority"`);
  return and;
}

/** All the conditions together (TRUE for none). */
export const allOf = (conditions: Condition[]): Condition => (conditions.length ? sql<boolean>`${sql.join(conditions, sql` AND `)}` : sql<boolean>`TRUE`);

/**
 * The LIMIT written into a list statement: a few fixed sizes, so that the prepared statements
 * of a list stay few (one per distinct text: infra/db.ts) while their plans know how many rows
 * are wanted (with LIMIT as a parameter PostgreSQL's generic plan expects thousands and joins
 * every incident: 25 ms instead of 1 ms for a board page of 20). Callers drop the rows beyond `n`.
 */
export const listLimit = (n: number) => sql.lit([21, 51, 101, 201, 501, 1001].find((b) => b >= n) ?? Math.ceil(n / 1000) * 1000);
