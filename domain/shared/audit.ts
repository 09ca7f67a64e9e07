// The audit trail: every change made through the domain services, in the same transaction as
// the change (who, when, what, the value before and after).
import type { Prisma } from '../../generated/prisma/client';

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

export async function audit(tx: Prisma.TransactionClient, e: AuditInput): Promise<void> {
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
