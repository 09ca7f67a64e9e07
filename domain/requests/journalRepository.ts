// The journal's one statement: every request the reader may see (access/repository.ts),
// filtered, sorted and paged by cursor, or one by id.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../infra/db';
import { requestLevel, requestVisible } from '../access/repository';
import type { Actor } from '../access/identity';
import { allOf, keyset, listFilters, listLimit, type ListColumns } from '../lists/repository';
import type { ListQuery } from '../lists/listQuery';
import type { Priority } from '../process/types';
import { phoneDigitsOf } from '../shared/phoneSearch';

/** The journal's filters (lists/repository.ts): a request's department is its incident's, or its service's before one exists. */
const COLUMNS: ListColumns = {
  client: sql.ref('r.clientId'),
  created: sql.ref('r.createdAt'),
  status: [sql.ref('r.status'), 'RequestStatus'],
  assignee: sql.ref('i.assigneeId'),
  department: sql.ref('d.id'),
  service: sql.ref('s.code'),
  serviceClass: sql.ref('s.serviceClass'),
  serviceType: sql.ref('s.serviceType'),
  problemType: sql.ref('r.problemType'),
  channel: sql.ref('r.channel'),
  priority: sql`COALESCE(i.priority, r.priority)`,
};

/** The journal's search: description or client name (any case, the reader's % and _ literal), phone digits, the request id. */
function search(text: string, isId: boolean): RawBuilder<boolean> {
  const digits = phoneDigitsOf(text);
  const pattern = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
  const any: RawBuilder<boolean>[] = [sql`r.description ILIKE ${pattern}`, sql`c.name ILIKE ${pattern}`];
  if (digits) any.push(sql`c.phone LIKE ${`%${digits}%`}`);
  if (isId) any.push(sql`r.id = ${text}::uuid`);
  return sql<boolean>`(${sql.join(any, sql` OR `)})`;
}

/**
 * Up to `want` requests of the list (the LIMIT is the next fixed size: lists/repository.ts), or
 * the one request `id`; over r (request), c (client), s (service), i (incident, if any) and the
 * department that has it. `searchIsId`: the search text is a request id.
 */
export function journalRows(db: Database, actor: Actor, q: ListQuery, want: number, searchIsId: boolean, id?: string) {
  const { order, after } = keyset('r', q.sort, q.cursor);
  const where: RawBuilder<boolean>[] = [requestVisible(actor), ...listFilters(actor.id, q, COLUMNS)];
  if (q.q) where.push(search(q.q, searchIsId));
  if (id) where.push(sql`r.id = ${id}::uuid`);
  if (after) where.push(after);
  return db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .leftJoin('Incident as i', 'i.id', 'r.incidentId')
    .innerJoin('Department as d', (j) => j.on(sql<boolean>`d.id = COALESCE(i."departmentId", s."departmentId")`))
    .leftJoin('Employee as e', 'e.id', 'i.assigneeId')
    .select([
      requestLevel(actor).as('access'),
      'r.id',
      'r.status',
      'r.channel',
      'r.description',
      sql<Priority>`COALESCE(i.priority, r.priority)::text`.as('priority'),
      'r.closeReason',
      'r.externalOrderId',
      'c.id as clientId',
      'c.name as clientName',
      'c.phone as clientPhone',
      's.code as serviceCode',
      's.name as serviceName',
      'd.code as departmentCode',
      'd.name as departmentName',
      'i.assigneeId',
      sql<string | null>`COALESCE(NULLIF(e."fullName", ''), e.username, i."assigneeId")`.as('assigneeName'),
      'i.id as incidentId',
      'i.status as incidentStatus',
      'i.priority as incidentPriority',
      'i.title as incidentTitle',
      'r.createdAt',
      'r.updatedAt',
      'r.closedAt',
    ])
    .where(allOf(where))
    .orderBy(order)
    .limit(listLimit(want))
    .execute();
}

export type JournalRow = Awaited<ReturnType<typeof journalRows>>[number];
