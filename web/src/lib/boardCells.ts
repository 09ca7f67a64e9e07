// The board's cells as the page holds them: per column (status) and lane (assignee, "none" for
// the queue, "all" without lanes) the server's true count and the cards loaded so far, newest
// first. A card that changes (the live stream, a move on this page) leaves the cell it was in
// and enters its new one where it belongs in the order, if that place is among the loaded cards;
// the counts come from the server (GET /api/board/counts), never from the loaded cards.
import type { Incident, Status } from './types';
import type { Answer } from './api';

export type Board = Answer<'/api/board', 'GET'>;
export type BoardCounts = Answer<'/api/board/counts', 'GET'>;
export interface Cell {
  count: number;
  items: Incident[];
  nextCursor: string | null;
}

export const cellKey = (status: Status, lane: string) => `${lane}|${status}`;

/** The cells of a board answer, by key. */
export function cellsOf(board: Board): Map<string, Cell> {
  return new Map(board.cells.map((c) => [cellKey(c.status, c.lane), { count: c.count, items: c.items, nextCursor: c.nextCursor }]));
}

/** The lane a card belongs to. */
export const laneOf = (incident: Incident, byAgent: boolean) => (byAgent ? (incident.assigneeId ?? 'none') : 'all');

/** Newer first, ties by id (the server's keyset order). */
const before = (a: Incident, b: Incident) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);

/**
 * The cells after a card changed: out of the cell it was in; into its new cell (when `shows`)
 * at its place in the order, unless that place is past the loaded cards of a cell with more
 * pages (it will come with them).
 */
export function placeCard(cells: Map<string, Cell>, incident: Incident, byAgent: boolean, shows: boolean): Map<string, Cell> {
  const next = new Map(cells);
  for (const [key, cell] of cells)
    if (cell.items.some((i) => i.id === incident.id)) next.set(key, { ...cell, items: cell.items.filter((i) => i.id !== incident.id) });
  if (!shows) return next;
  const key = cellKey(incident.status, laneOf(incident, byAgent));
  const cell = next.get(key) ?? { count: 0, items: [], nextCursor: null };
  const at = cell.items.findIndex((i) => before(incident, i));
  if (at === -1 && cell.nextCursor) return next;
  const items = [...cell.items];
  items.splice(at === -1 ? items.length : at, 0, incident);
  next.set(key, { ...cell, items });
  return next;
}

/** The cells with the server's new counts (cells it no longer names are empty). */
export function withCounts(cells: Map<string, Cell>, counts: BoardCounts): Map<string, Cell> {
  const next = new Map<string, Cell>();
  for (const c of counts.cells) {
    const key = cellKey(c.status, c.lane);
    next.set(key, { ...(cells.get(key) ?? { items: [], nextCursor: null }), count: c.count });
  }
  return next;
}
