// The audit trail: every change made through the domain services, in the same transaction as
// the change (who, when, what, the value before and after).
import { Kysely } from 'kysely';
import type { Prisma } from '../../generated/prisma/client';
import type { Database } from '../../infra/db';
import { insertAuditEntry, type AuditInput } from './auditRepository';

export type { AuditInput };

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

export async function audit(tx: Prisma.TransactionClient | Database, e: AuditInput): Promise<void> {
  // TRANSITION (issue 11 item 2): Kysely transactions and Prisma ones both audit until every caller is on Kysely.
  if (tx instanceof Kysely) {
    await insertAuditEntry(tx, e);
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
