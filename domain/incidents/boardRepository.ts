// The board's statements (board.ts says how they are used): how many incidents each column and
// lane holds, and one page of one column (or of one lane's column), with the reader's scope
// (access/repository.ts), the board's filters, the search and the period in which closed and
// cancelled incidents still show. A column's page is the card statement of every list
// (cardRepository.ts) with its status and assignee fixed, read in keyset order: an index on
// (status, assignee, createdAt, id) walks a column newest first and stops at the page size
// (docs/performance.md, "A board of any size").
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { incidentStaffLevel, incidentVisible } from '../access/repository';
import { allOf, keyset, listFilters, listLimit } from '../lists/repository';
import type { ListQuery } from '../lists/listQuery';
import { FINAL_STATUSES } from '../process/states';
import { cards, COLUMNS, type CardRow } from './cardRepository';
import { searchMatches, type SearchDocument, type SearchText } from './searchRepository';

/** What narrows the whole board besides the list filters. */
export interface BoardScope {
  /** Closed and cancelled incidents show when they ended (or last changed) at or after this. */
  since: Date;
  /** The search text, as a probe found it matches (full text or, failing that, similarity), in the reader's document. */
  search?: { text: SearchText; doc: SearchDocument };
}

/** Final incidents only within the period: their closing time, or their last change while the request still runs. */
const inPeriod = (since: Date) =>
  sql<boolean>`(i.status <> ALL(${[...FINAL_STATUSES]}::"IncidentStatus"[]) OR COALESCE(i."closedAt", i."updatedAt") >= ${since})`;

/** The search: staff match internal text only where they are staff (as the list's search does). */
function searching(actor: Actor, search: NonNullable<BoardScope['search']>): RawBuilder<boolean> {
  if (search.doc === 'public') return searchMatches(search.text, 'public');
  return sql<boolean>`(${searchMatches(search.text, 'all')} AND (${incidentStaffLevel(actor)} OR ${searchMatches(search.text, 'public')}))`;
}

function boardWhere(actor: Actor, q: ListQuery, scope: BoardScope): RawBuilder<boolean>[] {
  const where = [incidentVisible(actor), ...listFilters(actor.id, q, COLUMNS), inPeriod(scope.since)];
  if (scope.search) where.push(searching(actor, scope.search));
  return where;
}

/** How many incidents the board holds by status and assignee (null: the queue), with the assignee's name. */
export const boardCounts = (db: Database, actor: Actor, q: ListQuery, scope: BoardScope) => boardCountsQuery(db, actor, q, scope).execute();

export function boardCountsQuery(db: Database, actor: Actor, q: ListQuery, scope: BoardScope) {
  return db
    .selectFrom('Incident as i')
    .innerJoin('Service as s', 's.id', 'i.serviceId')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .leftJoin('Employee as e', 'e.id', 'i.assigneeId')
    .select([
      'i.status',
      'i.assigneeId',
      sql<string | null>`MIN(COALESCE(NULLIF(e."fullName", ''), e.username))`.as('assigneeName'),
      sql<number>`count(*)::int`.as('count'),
    ])
    .where(allOf(boardWhere(actor, q, scope)))
    .groupBy(['i.status', 'i.assigneeId']);
}

/** One page of one column: `q` fixes its status (and, in a lane, its assignee); up to `want` cards in keyset order. */
export const boardColumnPage = (db: Database, actor: Actor, q: ListQuery, scope: BoardScope, want: number): Promise<CardRow[]> =>
  boardColumnQuery(db, actor, q, scope, want).execute();

export function boardColumnQuery(db: Database, actor: Actor, q: ListQuery, scope: BoardScope, want: number) {
  const { order, after } = keyset('i', q.sort, q.cursor);
  const where = boardWhere(actor, q, scope);
  if (after) where.push(after);
  return cards(db, actor).where(allOf(where)).orderBy(order).limit(listLimit(want));
}
