// The audit trail's statement (audit.ts).
import { randomUUID } from 'node:crypto';
import type { Database } from '../../infra/db';

/** One audit entry: who, what, the value before and after. */
export interface AuditInput {
  entityType: string;
  entityId: string;
  incidentId?: string | null;
  actorId: string | null;
  action: string;
  field?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function insertAuditEntry(db: Database, e: AuditInput): Promise<void> {
  const value = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  await db
    .insertInto('AuditEntry')
    .values({
      id: randomUUID(),
      entityType: e.entityType,
      entityId: e.entityId,
      incidentId: e.incidentId ?? null,
      actorId: e.actorId,
      action: e.action,
      field: e.field ?? null,
      before: value(e.before),
      after: value(e.after),
    })
    .execute();
}
