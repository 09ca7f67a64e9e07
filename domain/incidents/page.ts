// One page of the incident list (board, client page, search, CSV export) in a single SQL
// query: the reader's scope (access/scope.ts), every filter, the keyset order and the cards'
// columns together; and one incident's card if it is in the reader's scope (every GET and
// move of an incident). The board is the most frequent read of the desk; Prisma's separate
// queries (department subtree, the page's ids, then the cards) cost more than the database's
// work (docs/performance.md).
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../infra/db';
import { incidentLevel, incidentStaffLevel, incidentVisible } from '../access/scope';
import type { Actor } from '../access/identity';
import { cardSelect, readCards } from './cards';
import type { IncidentView } from './incidentView';
import { keysetSql, limitSql, listFilters, type ListColumns, type ListQuery } from '../lists/listQuery';
import { searchMatches, type SearchText } from './search';

const { sql, join } = Prisma;

/** The board's filters over the card's aliases (listQuery.ts). */
const COLUMNS: ListColumns = {
  client: 'r."clientId"',
  created: 'i."createdAt"',
  status: ['i.status', 'IncidentStatus'],
  assignee: 'i."assigneeId"',
  department: 'i."departmentId"',
  service: 's.code',
  channel: 'r.channel',
  priority: 'i.priority',
};

/** A batch of search matches to narrow: their ids, and the text, which only staff match in internal comments. */
export interface AmongMatches {
  ids: string[];
  take: number;
  search: SearchText;
}

/**
 * The page's cards: limit + 1 rows, so the caller sees whether another page follows; or, for a
 * batch of search matches, at most `take` of the incidents among `ids` that pass. A match
 * found in internal text counts only where the reader is staff.
 */
export async function incidentPage(db: Db, actor: Actor, q: ListQuery, among?: AmongMatches): Promise<IncidentView[]> {
  const { order, after } = keysetSql('i', q.sort, q.cursor);
  const where = [incidentVisible(actor), ...listFilters(actor.id, q, COLUMNS)];
  if (among) where.push(sql`i.id = ANY(${among.ids}::uuid[])`, sql`(${incidentStaffLevel(actor)} OR ${searchMatches(among.search, 'public')})`);
  if (after) where.push(after);
  const want = among ? among.take : q.limit + 1;
  const rows = await readCards(db, sql`${cardSelect(incidentLevel(actor))} WHERE ${join(where, ' AND ')} ORDER BY ${order} ${limitSql(want)}`);
  return rows.slice(0, want);
}

/** The card of one incident (by id or by request id) if it is in the reader's scope, in one statement. */
export async function incidentInScope(db: Db, actor: Actor, by: { id: string } | { requestId: string }): Promise<IncidentView | null> {
  const match = 'id' in by ? sql`i.id = ${by.id}::uuid` : sql`i."requestId" = ${by.requestId}::uuid`;
  const [card] = await readCards(db, sql`${cardSelect(incidentLevel(actor))} WHERE ${match} AND ${incidentVisible(actor)}`);
  return card ?? null;
}
