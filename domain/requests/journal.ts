// The journal of service requests: every request the reader may see (access/scope.ts),
// filtered, sorted and paged by cursor, one by id, or all of a filtered list as CSV, each
// through the one statement below.
import { Prisma } from '../../generated/prisma/client';
import { sqlRows, type Db } from '../../infra/db';
import type { AccessLevel } from '../access/levels';
import { requestLevel, requestVisible } from '../access/scope';
import { CSV_BOM, csvRow } from '../shared/csv';
import { notFound } from '../shared/errors';
import type { Actor } from '../access/identity';
import { allPages, keysetSql, limitSql, listFilters, listQuerySchema, pageOf, type ListColumns, type ListQuery } from '../lists/listQuery';
import { parseInput, UUID } from '../shared/validation';
import type { RequestView } from './requestView';
import { REQUEST_STATUSES, type RequestStatus } from '../process/states';
import type { Priority } from '../process/types';

export { REQUEST_STATUSES } from '../process/states';
import type { ClientRequestSummary } from '../clients/clientView';

export type { RequestView } from './requestView';

const { sql, join } = Prisma;

export const requestListSchema = listQuerySchema(REQUEST_STATUSES, 50, 500);
const CSV_MAX_ROWS = 100_000;
const CSV_PAGE = 1000;
/** Requests listed on a client's card. */
const CLIENT_CARD_REQUESTS = 100;

interface Row {
  id: string;
  status: RequestStatus; // enum columns, read as text
  channel: string;
  description: string;
  priority: Priority;
  closeReason: string | null;
  externalOrderId: string | null;
  clientId: string;
  clientName: string;
  clientPhone: string;
  serviceCode: string;
  serviceName: string;
  departmentCode: string;
  departmentName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  incidentId: string | null;
  incidentStatus: string | null;
  incidentPriority: string | null;
  incidentTitle: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  access: AccessLevel;
}

/** The journal's columns over r (request), c (client), s (service), i (incident, if any) and the department that has it. */
const select = (actor: Actor) => sql`
  SELECT ${requestLevel(actor)} AS access, r.id, r.status::text AS status, r.channel::text AS channel, r.description,
         COALESCE(i.priority, r.priority)::text AS priority, r."closeReason", r."externalOrderId",
         c.id AS "clientId", c.name AS "clientName", c.phone AS "clientPhone", s.code AS "serviceCode", s.name AS "serviceName",
         d.code AS "departmentCode", d.name AS "departmentName",
         i."assigneeId", COALESCE(NULLIF(e."fullName", ''), e.username, i."assigneeId") AS "assigneeName",
         i.id AS "incidentId", i.status::text AS "incidentStatus", i.priority::text AS "incidentPriority", i.title AS "incidentTitle",
         r."createdAt", r."updatedAt", r."closedAt"
    FROM "ServiceRequest" r
    JOIN "Client" c ON c.id = r."clientId"
    JOIN "Service" s ON s.id = r."serviceId"
    LEFT JOIN "Incident" i ON i.id = r."incidentId"
    JOIN "Department" d ON d.id = COALESCE(i."departmentId", s."departmentId")
    LEFT JOIN "Employee" e ON e.id = i."assigneeId"`;

/** The journal's filters (listQuery.ts): a request's department is its incident's, or its service's before one exists. */
const COLUMNS: ListColumns = {
  client: 'r."clientId"',
  created: 'r."createdAt"',
  status: ['r.status', 'RequestStatus'],
  assignee: 'i."assigneeId"',
  department: 'd.id',
  service: 's.code',
  channel: 'r.channel',
  priority: 'COALESCE(i.priority, r.priority)',
};

/** The journal's search: description or client name (any case, the reader's % and _ literal), phone digits, the request id. */
function search(text: string): Prisma.Sql {
  const digits = text.replace(/[^\d]/g, '');
  const pattern = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
  const any = [sql`r.description ILIKE ${pattern}`, sql`c.name ILIKE ${pattern}`];
  if (digits.length >= 3) any.push(sql`c.phone LIKE ${`%${digits}%`}`);
  if (UUID.test(text)) any.push(sql`r.id = ${text}::uuid`);
  return sql`(${join(any, ' OR ')})`;
}

/** Up to `limit` + 1 requests of the list (the extra row tells whether a page follows), or the one request `id`. */
export async function requestRows(db: Db, actor: Actor, q: ListQuery, id?: string): Promise<RequestView[]> {
  const { order, after } = keysetSql('r', q.sort, q.cursor);
  const where = [requestVisible(actor), ...listFilters(actor.id, q, COLUMNS)];
  if (q.q) where.push(search(q.q));
  if (id) where.push(sql`r.id = ${id}::uuid`);
  if (after) where.push(after);
  const query = sql`${select(actor)} WHERE ${join(where, ' AND ')} ORDER BY ${order} ${limitSql(q.limit + 1)}`;
  return (await sqlRows<Row>(db, query.text, query.values)).slice(0, q.limit + 1).map(view);
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const view = (r: Row): RequestView => ({
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
  createdAt: iso(r.createdAt)!,
  updatedAt: iso(r.updatedAt)!,
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
  constructor(private readonly db: Db) {}

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
  async csv(actor: Actor, query: unknown, write: (chunk: string) => void): Promise<void> {
    const q = parseInput(requestListSchema, query);
    write(CSV_BOM + csvRow(CSV_HEADER));
    for await (const r of allPages(q.sort, CSV_PAGE, CSV_MAX_ROWS, (cursor) => requestRows(this.db, actor, { ...q, cursor, limit: CSV_PAGE })))
      write(csvRow(csvCells(r)));
  }
}
