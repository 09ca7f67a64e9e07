// The audit trail: every change made through the domain services, in the same transaction as
// the change (who, when, what, the value before and after).
import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import type { Prisma } from '../../generated/prisma/client';
import type { Database } from '../../infra/db';

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

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

export async function audit(tx: Prisma.TransactionClient | Database, e: AuditInput): Promise<void> {
  // TRANSITION (issue 11 item 2): Kysely transactions and Prisma ones both audit until every caller is on Kysely.
  if (tx instanceof Kysely) {
    const value = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
    await tx
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
    return;
  }
  await tx.auditEntry.create({
    data: {
      entityType: e.entityType,
      entityId: e.entityId,
      incidentId: e.incidentId ?? null,
      actorId: e.actorId,
      action: e.action,
      field: e.field ?? null,
      before: json(e.before),
      after: json(e.after),
    },
  });
}
