// One page of the incident list (board, client page, search, CSV export) in a single
// statement: the reader's scope (access/repository.ts), every filter, the keyset order and the
// cards' columns together; and one incident's card if it is in the reader's scope (every GET
// and move of an incident). The statements are in cardRepository.ts (docs/performance.md).
import { type Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { cardView } from './cards';
import { cardInScope, cardPage, type AmongMatches } from './cardRepository';
import type { IncidentView } from './incidentView';
import type { ListQuery } from '../lists/listQuery';

export type { AmongMatches } from './cardRepository';

/**
 * The page's cards: limit + 1 rows, so the caller sees whether another page follows; or, for a
 * batch of search matches, at most `take` of the incidents among `ids` that pass. A match
 * found in internal text counts only where the reader is staff.
 */
export async function incidentPage(db: Database, actor: Actor, q: ListQuery, among?: AmongMatches): Promise<IncidentView[]> {
  const want = among ? among.take : q.limit + 1;
  const rows = await cardPage(db, actor, q, want, among);
  return rows.slice(0, want).map(cardView);
}

/** The card of one incident (by id or by request id) if it is in the reader's scope, in one statement. */
export async function incidentInScope(db: Database, actor: Actor, by: { id: string } | { requestId: string }): Promise<IncidentView | null> {
  const card = await cardInScope(db, actor, by);
  return card ? cardView(card) : null;
}
