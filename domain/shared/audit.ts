// The audit trail: every change made through the domain services, in the same transaction as
// the change (who, when, what, the value before and after).
import type { Database } from '../../infra/db';
import { insertAuditEntry, type AuditInput } from './auditRepository';

export type { AuditInput };

export async function audit(tx: Database, e: AuditInput): Promise<void> {
  await insertAuditEntry(tx, e);
}
