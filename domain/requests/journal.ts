// The journal of service requests: every request the reader may see (access/repository.ts),
// filtered, sorted and paged by cursor, one by id, or all of a filtered list as CSV, each
// through the one statement of journalRepository.ts.
import { type Database } from '../../infra/db';
import { CSV_BOM, csvRow } from '../shared/csv';
import { notFound } from '../shared/errors';
import type { Actor } from '../access/identity';
import { allPages, listQuerySchema, pageOf, type ListQuery } from '../lists/listQuery';
import { journalRows, type JournalRow } from './journalRepository';
import { parseInput, UUID } from '../shared/validation';
import type { RequestView } from './requestView';
import { REQUEST_STATUSES } from '../process/states';
import { iso } from '../shared/iso';

export { REQUEST_STATUSES } from '../process/states';
import type { ClientRequestSummary } from '../clients/clientView';

export type { RequestView } from './requestView';

export const requestListSchema = listQuerySchema(REQUEST_STATUSES, 50, 500);
const CSV_MAX_ROWS = 100_000;
const CSV_PAGE = 1000;
/** Requests listed on a client's card. */
const CLIENT_CARD_REQUESTS = 100;

/** Up to `limit` + 1 requests of the list (the extra row tells whether a page follows), or the one request `id`. */
export async function requestRows(db: Database, actor: Actor, q: ListQuery, id?: string): Promise<RequestView[]> {
  const rows = await journalRows(db, actor, q, q.limit + 1, !!q.q && UUID.test(q.q), id);
  return rows.slice(0, q.limit + 1).map(view);
}

const view = (r: JournalRow): RequestView => ({
  id: r.id,
  status: r.status,
  channel: r.channel,
  description: r.description,
  priority: r.priority,
  closeReason: r.closeReason,
  externalOrderId: r.externalOrderId,
  client: { id: r.clientId, name: r.clientName, phone: r.clientPhone },
  service: { code: r.serviceCode, name: r.serviceName },
  department: { code: r.departmentCode, name: r.departmentName },
  assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? r.assigneeId } : null,
  incident: r.incidentId ? { id: r.incidentId, status: r.incidentStatus!, priority: r.incidentPriority!, title: r.incidentTitle! } : null,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
  closedAt: iso(r.closedAt),
  access: r.access,
});

const CSV_HEADER = [
  'id',
  'created_at',
  'status',
  'channel',
  'client',
  'phone',
  'service',
  'department',
  'priority',
  'assignee',
  'incident_status',
  'close_reason',
  'closed_at',
  'description',
];
const csvCells = (r: RequestView) => [
  r.id,
  r.createdAt,
  r.status,
  r.channel,
  r.client.name,
  r.client.phone,
  r.service.name,
  r.department.name,
  r.priority,
  r.assignee?.name,
  r.incident?.status,
  r.closeReason,
  r.closedAt,
  r.description,
];

export class RequestJournal {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: unknown): Promise<{ items: RequestView[]; nextCursor: string | null }> {
    const q = parseInput(requestListSchema, query);
    return pageOf(await requestRows(this.db, actor, q), q.limit, q.sort);
  }

  /** A client's latest requests in the reader's scope, newest first, as the client card lists them. */
  async ofClient(actor: Actor, clientId: string): Promise<ClientRequestSummary[]> {
    const rows = await requestRows(this.db, actor, requestListSchema.parse({ client: clientId, limit: CLIENT_CARD_REQUESTS }));
    return rows.slice(0, CLIENT_CARD_REQUESTS).map((r) => ({
      id: r.id,
      status: r.status,
      description: r.description,
      service: r.service.name,
      serviceCode: r.service.code,
      createdAt: r.createdAt,
      incident: r.incident ? { id: r.incident.id, status: r.incident.status } : null,
    }));
  }

  async get(actor: Actor, id: string): Promise<RequestView> {
    if (!UUID.test(id)) throw notFound('request');
    const [row] = await requestRows(this.db, actor, requestListSchema.parse({ limit: 1 }), id);
    if (!row) throw notFound('request');
    return row;
  }

  /** Every request of the filtered list as CSV, written in pages of the list's statement. */
  async csv(actor: Actor, query: unknown, write: (chunk: string) => void | Promise<void>): Promise<void> {
    const q = parseInput(requestListSchema, query);
    await write(CSV_BOM + csvRow(CSV_HEADER));
    for await (const r of allPages(q.sort, CSV_PAGE, CSV_MAX_ROWS, (cursor) => requestRows(this.db, actor, { ...q, cursor, limit: CSV_PAGE })))
      await write(csvRow(csvCells(r)));
  }
}
