// Board fixtures: a service of its own in a department (so a board filtered by it holds exactly
// these incidents) and incidents inserted as rows, more than a column's page. A read of the
// board needs no process behind its cards; these rows have no workflow and are never moved.
import { randomUUID } from 'node:crypto';
import type { Fixtures } from './db';

export interface BoardCard {
  status: 'NEW' | 'ASSIGNED' | 'IN_PROGRESS' | 'WAITING_FOR_CLIENT' | 'RESOLVED' | 'CLOSED' | 'CANCELLED';
  title: string;
  assigneeId?: string;
  priority?: 'P1' | 'P2' | 'P3' | 'P4';
  channel?: 'PHONE' | 'EMAIL' | 'WEB';
  createdAt: Date;
  closedAt?: Date;
  /** The last change (a cancelled incident's request may still be open: no closedAt yet). */
  updatedAt?: Date;
}

/** A service of the department with the given code, for the fixtures' incidents. */
export async function boardService(db: Fixtures, code: string, department: string): Promise<{ id: string; departmentId: string }> {
  const dept = await db.department.findUniqueOrThrow({ where: { code: department } });
  const service = await db.service.create({ data: { code, name: `Board test ${code}`, departmentId: dept.id } });
  return { id: service.id, departmentId: dept.id };
}

/** Inserts the cards as incidents of the service (searchable by their titles); returns their ids in order. */
export async function insertBoardCards(db: Fixtures, service: { id: string; departmentId: string }, cards: BoardCard[]): Promise<string[]> {
  const client = await db.client.findFirstOrThrow({ orderBy: { createdAt: 'asc' } });
  const ids: string[] = [];
  for (const card of cards) {
    const requestId = randomUUID();
    const id = randomUUID();
    await db.$executeRawUnsafe(
      `INSERT INTO "ServiceRequest" (id, "clientId", "serviceId", channel, description, status, "workflowId", "incidentId", "createdAt", "updatedAt")
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::"Channel", $5, 'IN_PROGRESS', $1, $6::uuid, $7, $7)`,
      requestId,
      client.id,
      service.id,
      card.channel ?? 'PHONE',
      card.title,
      id,
      card.createdAt,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Incident" (id, "requestId", title, status, priority, "departmentId", "serviceId", "assigneeId", "createdAt", "updatedAt", "closedAt",
         "searchText", "searchVector", "publicSearchText", "publicSearchVector")
       VALUES ($1::uuid, $2::uuid, $3, $4::"IncidentStatus", $5::"Priority", $6::uuid, $7::uuid, $8, $9, $10, $11,
         $3, to_tsvector('english', $3), $3, to_tsvector('english', $3))`,
      id,
      requestId,
      card.title,
      card.status,
      card.priority ?? 'P3',
      service.departmentId,
      service.id,
      card.assigneeId ?? null,
      card.createdAt,
      card.updatedAt ?? card.closedAt ?? card.createdAt,
      card.closedAt ?? null,
    );
    ids.push(id);
  }
  return ids;
}

/** Removes the service's incidents, their requests and the service. */
export async function removeBoardService(db: Fixtures, serviceId: string): Promise<void> {
  await db.$executeRawUnsafe(`DELETE FROM "Incident" WHERE "serviceId" = $1::uuid`, serviceId);
  await db.$executeRawUnsafe(`DELETE FROM "ServiceRequest" WHERE "serviceId" = $1::uuid`, serviceId);
  await db.service.delete({ where: { id: serviceId } });
}
