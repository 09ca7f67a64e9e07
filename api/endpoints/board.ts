// The incident board: every column's (and lane's) true count with its first page of cards, a
// column's further pages, and the counts alone for the live board (domain/incidents/board.ts).
import { z } from 'zod';
import { boardColumnQueryParams, boardQueryParams } from '../../domain/incidents/board';
import { INCIDENT_STATUSES } from '../../domain/process/states';
import { json } from '../contract/endpoint';
import { incident } from './incidents';
import { endpoint } from './services';

const status = z.enum(INCIDENT_STATUSES);
const lane = z.string().describe('"all" on a board without lanes, "none" for the queue, else the assignee\'s employee id');
const counts = {
  closedSince: z.string().datetime().describe('closed and cancelled incidents ended at or after this show'),
  columns: z.array(z.object({ status, count: z.number().int() })),
  lanes: z.array(z.object({ id: z.string(), name: z.string().nullable() })).describe('with lanes=agent: the queue ("none") first, then the assignees by name'),
};
const cellCount = z.object({ status, lane, count: z.number().int() });
const page = z.object({ items: z.array(incident), nextCursor: z.string().nullable() });
const boardCounts = z.object({ ...counts, cells: z.array(cellCount) }).openapi('BoardCounts');
const board = z.object({ ...counts, cells: z.array(cellCount.merge(page)) }).openapi('Board');

export const boardEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/board',
    summary: "The board in the caller's scope: each column's (and lane's) true count and first page of cards, newest first",
    description: 'Filters and search run on the server; closed and cancelled incidents show for the last closedDays days only.',
    request: { query: boardQueryParams },
    responses: { 200: json(board, 'The board') },
    problems: [400, 429],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await services.board.board(actor, req.query) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/board/counts',
    summary: 'The counts of the board alone (what the live board refreshes when an incident changes)',
    request: { query: boardQueryParams },
    responses: { 200: json(boardCounts, 'The counts') },
    problems: [400, 429],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await services.board.counts(actor, req.query) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/board/column',
    summary: 'A further page of one column (of one lane) of the board, by the cursor of the page before',
    request: { query: boardColumnQueryParams },
    responses: { 200: json(page, 'One page') },
    problems: [400, 429],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await services.board.column(actor, req.query) }),
  }),
];
