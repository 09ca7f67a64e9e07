// Incident cards as the API returns them, read in one SQL query: the incident with its
// department, service, request, client, device, the assignee's name and the reader's access
// level (access/scope.ts). The board, search pages, the CSV export and every read of one
// incident select them through incidentPage.ts.
import { Prisma } from '../../generated/prisma/client';
import { sqlRows, type Db } from '../../infra/db';
import type { AccessLevel } from '../access/levels';
import type { Priority } from '../process/types';
import { actionsFor } from './actions';
import type { IncidentStatus } from '../process/states';
import { allowedActions } from '../process/states';
import type { IncidentView } from './incidentView';

interface CardRow {
  id: string;
  requestId: string;
  title: string;
  status: IncidentStatus;
  priority: Priority; // the enum column, read as text
  assigneeId: string | null;
  assigneeName: string | null;
  unlinked: boolean;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  responseWarned: boolean;
  responseBreached: boolean;
  resolutionWarned: boolean;
  resolutionBreached: boolean;
  departmentCode: string;
  departmentName: string;
  serviceCode: string;
  serviceName: string;
  clientName: string;
  clientPhone: string;
  channel: string;
  problemType: string | null;
  assetName: string | null;
  assetLocation: string | null;
  orderId: string | null;
  resolution: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  access: AccessLevel;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const view = (r: CardRow): IncidentView => ({
  id: r.id,
  requestId: r.requestId,
  title: r.title,
  status: r.status,
  priority: r.priority,
  assigneeId: r.assigneeId,
  assigneeName: r.assigneeId ? r.assigneeName : null,
  unlinked: r.unlinked,
  sla: {
    responseDueAt: iso(r.responseDueAt),
    resolutionDueAt: iso(r.resolutionDueAt),
    responseWarned: r.responseWarned,
    responseBreached: r.responseBreached,
    resolutionWarned: r.resolutionWarned,
    resolutionBreached: r.resolutionBreached,
  },
  allowedActions: actionsFor(r.access, allowedActions(r.status)),
  access: r.access,
  department: { code: r.departmentCode, name: r.departmentName },
  service: { code: r.serviceCode, name: r.serviceName },
  client: { name: r.clientName, phone: r.clientPhone },
  channel: r.channel,
  problemType: r.problemType,
  asset: r.assetName === null ? null : { name: r.assetName, location: r.assetLocation ?? '' },
  orderId: r.orderId,
  resolution: r.resolution,
  createdAt: iso(r.createdAt)!,
  updatedAt: iso(r.updatedAt)!,
  closedAt: iso(r.closedAt),
});

/**
 * The card's columns and joins: the incident i with its request r and client c; `access` is
 * the reader's level on the row (incidentLevel of access/scope.ts).
 */
export const cardSelect = (access: Prisma.Sql) => Prisma.sql`
    SELECT ${access} AS access, i.id, i."requestId", i.title, i.status::text AS status, i.priority::text AS priority, i."assigneeId",
           COALESCE(NULLIF(e."fullName", ''), e.username) AS "assigneeName", i.unlinked,
           i."responseDueAt", i."resolutionDueAt", i."responseWarned", i."responseBreached", i."resolutionWarned", i."resolutionBreached",
           d.code AS "departmentCode", d.name AS "departmentName", s.code AS "serviceCode", s.name AS "serviceName",
           c.name AS "clientName", c.phone AS "clientPhone", r.channel::text AS channel, r."problemType",
           a.name AS "assetName", a.location AS "assetLocation",
           i."orderId", i.resolution, i."createdAt", i."updatedAt", i."closedAt"
      FROM "Incident" i
      JOIN "Department" d ON d.id = i."departmentId"
      JOIN "Service" s ON s.id = i."serviceId"
      JOIN "ServiceRequest" r ON r.id = i."requestId"
      JOIN "Client" c ON c.id = r."clientId"
      LEFT JOIN "Asset" a ON a.id = r."assetId"
      LEFT JOIN "Employee" e ON e.id = i."assigneeId"`;

/**
 * Cards read by a query that starts with cardSelect, in the query's order: through the pg
 * pool under the client when there is one, else (a transaction) through Prisma. Through the
 * pool the query is a named prepared statement (one per distinct text: the filters a page
 * uses, never their values): planning a join of seven tables costs PostgreSQL about 10 ms,
 * five times the execution of a page; a prepared statement is planned once per connection.
 */
export async function readCards(db: Db, query: Prisma.Sql): Promise<IncidentView[]> {
  return (await sqlRows<CardRow>(db, query.text, query.values)).map(view);
}
