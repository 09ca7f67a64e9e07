// The journal of service requests: every request the actor may see, filtered, sorted and paged
// by cursor, one by id, or all of a filtered list as CSV.
import type { Db } from '../infra/db';
import type { Prisma } from '../generated/prisma/client';
import { departmentSubtree, requestScope } from './access';
import { CSV_BOM, csvRow } from './csv';
import { notFound } from './errors';
import type { Actor } from './identity';
import { createdRange, encodeCursor, keyset, listQuerySchema, type ListQuery } from './listQuery';
import { parseInput, UUID } from './validation';
import type { RequestView } from './requestView';

export type { RequestView } from './requestView';

export const REQUEST_STATUSES = ['NEW', 'IN_PROGRESS', 'CLOSED'] as const;
export const requestListSchema = listQuerySchema(REQUEST_STATUSES, 50, 500);
const CSV_MAX_ROWS = 100_000;

const include = {
  client: { select: { id: true, name: true, phone: true } },
  service: { select: { code: true, name: true, department: { select: { code: true, name: true } } } },
  incident: { select: { id: true, status: true, priority: true, title: true, assigneeId: true, department: { select: { code: true, name: true } } } },
} satisfies Prisma.ServiceRequestInclude;
type Row = Prisma.ServiceRequestGetPayload<{ include: typeof include }>;

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
    const { field, orderBy, after } = keyset(q.sort, q.cursor);
    const rows = await this.db.serviceRequest.findMany({ where: { AND: [await this.where(actor, q), after] }, include, orderBy, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: await this.views(page), nextCursor: rows.length > q.limit && last ? encodeCursor(last[field], last.id) : null };
  }

  async get(actor: Actor, id: string): Promise<RequestView> {
    if (!UUID.test(id)) throw notFound('request');
    const row = await this.db.serviceRequest.findFirst({ where: { AND: [{ id }, await requestScope(this.db, actor)] }, include });
    if (!row) throw notFound('request');
    return (await this.views([row]))[0]!;
  }

  /** Every request of the filtered list as CSV, written in pages of 1000 rows. */
  async csv(actor: Actor, query: unknown, write: (chunk: string) => void): Promise<void> {
    const q = parseInput(requestListSchema, query);
    const where = await this.where(actor, q);
    write(CSV_BOM + csvRow(CSV_HEADER));
    let cursor: string | undefined;
    for (let written = 0; written < CSV_MAX_ROWS;) {
      const { field, orderBy, after } = keyset(q.sort, cursor);
      const rows = await this.db.serviceRequest.findMany({ where: { AND: [where, after] }, include, orderBy, take: 1000 });
      if (rows.length === 0) break;
      for (const r of await this.views(rows)) write(csvRow(csvCells(r)));
      written += rows.length;
      const last = rows[rows.length - 1]!;
      cursor = encodeCursor(last[field], last.id);
    }
  }

  private async where(actor: Actor, q: ListQuery): Promise<Prisma.ServiceRequestWhereInput> {
    const and: Prisma.ServiceRequestWhereInput[] = [await requestScope(this.db, actor)];
    if (q.client) and.push({ clientId: q.client });
    const created = createdRange(q);
    if (created) and.push({ createdAt: created });
    if (q.status) and.push({ status: { in: q.status.split(',') as (typeof REQUEST_STATUSES)[number][] } });
    if (q.assignee === 'me') and.push({ incident: { assigneeId: actor.id } });
    else if (q.assignee === 'none') and.push({ OR: [{ incident: null }, { incident: { assigneeId: null } }] });
    else if (q.assignee) and.push({ incident: { assigneeId: q.assignee } });
    if (q.department) {
      const ids = await departmentSubtree(this.db, q.department);
      and.push({ OR: [{ incident: { departmentId: { in: ids } } }, { incident: null, service: { departmentId: { in: ids } } }] });
    }
    if (q.service) and.push({ service: { code: q.service } });
    if (q.channel) and.push({ channel: q.channel });
    if (q.priority) and.push({ OR: [{ incident: { priority: q.priority } }, { incident: null, priority: q.priority }] });
    if (q.q) {
      const digits = q.q.replace(/[^\d]/g, '');
      and.push({
        OR: [
          { description: { contains: q.q, mode: 'insensitive' } },
          { client: { name: { contains: q.q, mode: 'insensitive' } } },
          ...(digits.length >= 3 ? [{ client: { phone: { contains: digits } } }] : []),
          ...(UUID.test(q.q) ? [{ id: q.q }] : []),
        ],
      });
    }
    return { AND: and };
  }

  private async views(rows: Row[]): Promise<RequestView[]> {
    const ids = [...new Set(rows.map((r) => r.incident?.assigneeId).filter((id): id is string => !!id))];
    const employees = ids.length ? await this.db.employee.findMany({ where: { id: { in: ids } }, select: { id: true, fullName: true, username: true } }) : [];
    const names = new Map(employees.map((e) => [e.id, e.fullName || e.username]));
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      channel: r.channel,
      description: r.description,
      priority: r.incident?.priority ?? r.priority,
      closeReason: r.closeReason,
      externalOrderId: r.externalOrderId,
      client: r.client,
      service: { code: r.service.code, name: r.service.name },
      department: r.incident?.department ?? r.service.department,
      assignee: r.incident?.assigneeId ? { id: r.incident.assigneeId, name: names.get(r.incident.assigneeId) ?? r.incident.assigneeId } : null,
      incident: r.incident ? { id: r.incident.id, status: r.incident.status, priority: r.incident.priority, title: r.incident.title } : null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
    }));
  }
}
