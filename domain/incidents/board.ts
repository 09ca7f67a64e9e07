// The board of any size: every column (and, for supervisors, every agent's lane in it) pages
// from the server with its true count, filters and search run in the database, and closed or
// cancelled incidents show only for a chosen number of days. The board used to read the newest
// 1000 incidents and filter them in the browser, so a busy department lost cards without a
// word. Who sees what stays in domain/access; the statements are in boardRepository.ts.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { isStaff, type Actor } from '../access/identity';
import { INCIDENT_STATUSES, type IncidentStatus } from '../process/states';
import { listQueryParams, pageOf, type ListQuery } from '../lists/listQuery';
import { parseInput } from '../shared/validation';
import { boardColumnPage, boardCounts, type BoardScope } from './boardRepository';
import { cardView } from './cards';
import type { IncidentView } from './incidentView';
import { searchIncidents } from './search';

/** Cards a column shows at first; "show more" reads further pages. */
export const BOARD_PAGE = 20;
/** Closed and cancelled incidents show for this many days unless the reader picks another period. */
export const CLOSED_DAYS = 7;

const list = listQueryParams(INCIDENT_STATUSES, BOARD_PAGE, 200);
/** The board's filters (the ones it always had), its closed period and whether it has a lane per agent. */
export const boardQueryParams = list
  .pick({ q: true, status: true, priority: true, channel: true, service: true, assignee: true, from: true, to: true, limit: true })
  .extend({
    closedDays: z.coerce.number().int().min(1).max(365).default(CLOSED_DAYS).describe('closed and cancelled incidents of the last this many days'),
    lanes: z.enum(['agent', 'none']).default('none').describe('agent: a lane per assignee (and "none" for the queue)'),
  })
  .strict();
const beforeTo = (f: { from?: string; to?: string }) => !f.from || !f.to || f.from <= f.to;
export const boardQuerySchema = boardQueryParams.refine(beforeTo, { path: ['to'], message: 'must not be before from' });

/** One column's next page: the board's query, the column and, on a board with lanes, the lane. */
export const boardColumnQueryParams = list
  .pick({ q: true, priority: true, channel: true, service: true, assignee: true, from: true, to: true, limit: true, cursor: true })
  .extend({
    closedDays: z.coerce.number().int().min(1).max(365).default(CLOSED_DAYS),
    column: z.enum(INCIDENT_STATUSES).describe('the column (status)'),
    lane: z.string().trim().min(1).max(100).optional().describe('"none" (the queue) or an employee id: that lane of the column'),
  })
  .strict();
export const boardColumnQuerySchema = boardColumnQueryParams.refine(beforeTo, { path: ['to'], message: 'must not be before from' });

/** One column of one lane ("all" on a board without lanes): its true count and a page of cards. */
export interface BoardCell {
  status: IncidentStatus;
  lane: string;
  count: number;
  items: IncidentView[];
  nextCursor: string | null;
}

export interface BoardCounts {
  closedSince: string;
  columns: { status: IncidentStatus; count: number }[];
  /** On a board with lanes: the queue ("none") and every assignee with incidents here, by name. */
  lanes: { id: string; name: string | null }[];
  cells: { status: IncidentStatus; lane: string; count: number }[];
}

const dayMs = 86_400_000;

export class BoardService {
  constructor(private readonly db: Database) {}

  /** The counts of every column and lane, and the first page of each non-empty one. */
  async board(actor: Actor, query: unknown): Promise<BoardCounts & { cells: BoardCell[] }> {
    const q = parseInput(boardQuerySchema, query);
    const scope = await this.scope(actor, q.q, q.closedDays);
    const counts = await this.countsOf(actor, q, scope, q.lanes === 'agent');
    const cells = await Promise.all(
      counts.cells.map(async (cell) => ({
        ...cell,
        ...(cell.count ? await this.page(actor, { ...q, cursor: undefined }, scope, cell.status, cell.lane) : { items: [], nextCursor: null }),
      })),
    );
    return { ...counts, cells };
  }

  /** Only the counts (the live board refreshes them when an incident changes). */
  async counts(actor: Actor, query: unknown): Promise<BoardCounts> {
    const q = parseInput(boardQuerySchema, query);
    return this.countsOf(actor, q, await this.scope(actor, q.q, q.closedDays), q.lanes === 'agent');
  }

  /** A further page of one column (of one lane). */
  async column(actor: Actor, query: unknown): Promise<{ items: IncidentView[]; nextCursor: string | null }> {
    const q = parseInput(boardColumnQuerySchema, query);
    const scope = await this.scope(actor, q.q, q.closedDays);
    return this.page(actor, q, scope, q.column, q.lane ?? 'all');
  }

  private async page(actor: Actor, q: Omit<ListQuery, 'sort' | 'format'>, scope: BoardScope, status: IncidentStatus, lane: string) {
    const cell: ListQuery = { ...q, status, sort: '-createdAt', format: 'json', ...(lane === 'all' ? {} : { assignee: lane }) };
    const rows = await boardColumnPage(this.db, actor, cell, scope, cell.limit + 1);
    return pageOf(rows.slice(0, cell.limit + 1).map(cardView), cell.limit, cell.sort);
  }

  /**
   * The period and, with a search text, how it matches: the list's search decides between full
   * text and (when no document matches at all) trigram similarity; the board then narrows by it
   * in the database instead of paging through batches of matches.
   */
  private async scope(actor: Actor, text: string | undefined, closedDays: number): Promise<BoardScope> {
    const since = new Date(Date.now() - closedDays * dayMs);
    if (!text) return { since };
    const doc = isStaff(actor) ? 'all' : 'public';
    const probe = await searchIncidents(this.db, text, doc, null, 1);
    return { since, search: { text: probe.search, doc } };
  }

  private async countsOf(actor: Actor, q: Omit<ListQuery, 'sort' | 'format'>, scope: BoardScope, lanes: boolean): Promise<BoardCounts> {
    const rows = await boardCounts(this.db, actor, { ...q, sort: '-createdAt', format: 'json' }, scope);
    const columns = INCIDENT_STATUSES.map((status) => ({ status, count: rows.filter((r) => r.status === status).reduce((n, r) => n + r.count, 0) }));
    const names = new Map<string, string | null>([['none', null]]);
    for (const r of rows) if (r.assigneeId) names.set(r.assigneeId, r.assigneeName);
    const laneList = lanes
      ? [...names]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => (a.id === 'none' ? -1 : b.id === 'none' ? 1 : (a.name ?? a.id).localeCompare(b.name ?? b.id)))
      : [];
    const cells = lanes
      ? laneList.flatMap((lane) =>
          INCIDENT_STATUSES.map((status) => ({
            status,
            lane: lane.id,
            count: rows.filter((r) => r.status === status && (r.assigneeId ?? 'none') === lane.id).reduce((n, r) => n + r.count, 0),
          })),
        )
      : columns.map((c) => ({ ...c, lane: 'all' }));
    return { closedSince: scope.since.toISOString(), columns, lanes: laneList, cells };
  }
}
