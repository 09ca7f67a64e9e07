// Incident cards in one statement: the incident with its department, service, request,
// client, device, the assignee's name and the reader's access level (access/repository.ts):
// one page of the incident list (board, client page, search, CSV export) with the reader's
// scope, every filter and the keyset order, or one incident's card if it is in the reader's
// scope. The board is the most frequent read of the desk; Prisma's separate queries
// (department subtree, the page's ids, then the cards) cost more than the database's work
// (docs/performance.md). Every statement runs as a named prepared statement (one per distinct
// text: the filters a page uses, never their values): planning a join of seven tables costs
// PostgreSQL about 10 ms, five times the execution of a page; a prepared statement is planned
// once per connection.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../infra/db';
import { incidentLevel, incidentStaffLevel, incidentVisible } from '../access/repository';
import type { Actor } from '../access/identity';
import { allOf, keyset, listFilters, listLimit, type ListColumns } from '../lists/repository';
import type { ListQuery } from '../lists/listQuery';
import { searchMatches, type SearchText } from './searchRepository';

/** The board's filters over the card's aliases (lists/repository.ts). */
export const COLUMNS: ListColumns = {
  client: sql.ref('r.clientId'),
  created: sql.ref('i.createdAt'),
  status: [sql.ref('i.status'), 'IncidentStatus'],
  assignee: sql.ref('i.assigneeId'),
  department: sql.ref('i.departmentId'),
  service: sql.ref('s.code'),
  serviceClass: sql.ref('s.serviceClass'),
  serviceType: sql.ref('s.serviceType'),
  problemType: sql.ref('r.problemType'),
  channel: sql.ref('r.channel'),
  priority: sql.ref('i.priority'),
};

/** The card's columns and joins: the incident i with its request r and client c; `access` is the reader's level on the row. */
export const cards = (db: Database, actor: Actor) =>
  db
    .selectFrom('Incident as i')
    .innerJoin('Department as d', 'd.id', 'i.departmentId')
    .innerJoin('Service as s', 's.id', 'i.serviceId')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .leftJoin('Asset as a', 'a.id', 'r.assetId')
    .leftJoin('Employee as e', 'e.id', 'i.assigneeId')
    .select([
      incidentLevel(actor).as('access'),
      'i.id',
      'i.requestId',
      'i.title',
      'r.description',
      'i.status',
      'i.priority',
      'i.assigneeId',
      sql<string | null>`COALESCE(NULLIF(e."fullName", ''), e.username)`.as('assigneeName'),
      'i.unlinked',
      'i.responseDueAt',
      'i.resolutionDueAt',
      'i.responseWarned',
      'i.responseBreached',
      'i.resolutionWarned',
      'i.resolutionBreached',
      'd.code as departmentCode',
      'd.name as departmentName',
      's.code as serviceCode',
      's.name as serviceName',
      'c.name as clientName',
      'c.phone as clientPhone',
      'r.channel',
      'r.problemType',
      'a.name as assetName',
      'a.location as assetLocation',
      'i.orderId',
      'i.resolution',
      'i.createdAt',
      'i.updatedAt',
      'i.closedAt',
    ]);

export type CardRow = Awaited<ReturnType<ReturnType<typeof cards>['execute']>>[number];

/** A batch of search matches to narrow: their ids, and the text, which only staff match in internal comments. */
export interface AmongMatches {
  ids: string[];
  take: number;
  search: SearchText;
}

/**
 * The page's cards: up to `want` rows (the LIMIT is the next fixed size: lists/repository.ts)
 * in the list's order; for a batch of search matches, those among `ids` that pass. A match
 * found in internal text counts only where the reader is staff.
 */
export async function cardPage(db: Database, actor: Actor, q: ListQuery, want: number, among?: Omit<AmongMatches, 'take'>): Promise<CardRow[]> {
  const { order, after } = keyset('i', q.sort, q.cursor);
  const where: RawBuilder<boolean>[] = [incidentVisible(actor), ...listFilters(actor.id, q, COLUMNS)];
  if (among) where.push(sql`i.id = ANY(${among.ids}::uuid[])`, sql`(${incidentStaffLevel(actor)} OR ${searchMatches(among.search, 'public')})`);
  if (after) where.push(after);
  return cards(db, actor).where(allOf(where)).orderBy(order).limit(listLimit(want)).execute();
}

/** The card of one incident (by id or by request id) if it is in the reader's scope. */
export async function cardInScope(db: Database, actor: Actor, by: { id: string } | { requestId: string }): Promise<CardRow | undefined> {
  const match = 'id' in by ? sql<boolean>`i.id = ${by.id}::uuid` : sql<boolean>`i."requestId" = ${by.requestId}::uuid`;
  return cards(db, actor).where(match).where(incidentVisible(actor)).executeTakeFirst();
}
