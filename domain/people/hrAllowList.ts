// Admin side of self-registration: the built-in HR allow-list and the accounts waiting for it.
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { forbidden, invalid, notFound } from '../shared/errors';
import { hasRole, type Actor } from '../access/identity';
import { parseInput } from '../shared/validation';
import { allowListEntries, deleteAllowListEntry, departmentCodeExists, pendingAccounts, upsertAllowListEntry } from './repository';

export const allowListEntrySchema = z
  .object({
    departmentCode: z.string().trim().min(1).max(64).nullable().optional().describe('department the person works in'),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
const email = z.string().trim().toLowerCase().email();

const requireAdmin = (actor: Actor) => {
  if (!hasRole(actor, 'admin')) throw forbidden('only admins manage self-registration');
};

export class HrAllowList {
  constructor(private readonly db: Database) {}

  async list(actor: Actor) {
    requireAdmin(actor);
    return allowListEntries(this.db);
  }

  async put(actor: Actor, rawEmail: string, body: unknown) {
    requireAdmin(actor);
    const address = email.safeParse(rawEmail);
    if (!address.success) throw invalid([{ field: 'email', message: 'must be an e-mail address' }]);
    const input = parseInput(allowListEntrySchema, body);
    if (input.departmentCode && !(await departmentCodeExists(this.db, input.departmentCode))) {
      throw invalid([{ field: 'departmentCode', message: `no department ${input.departmentCode}` }]);
    }
    return upsertAllowListEntry(this.db, address.data, { departmentCode: input.departmentCode ?? null, note: input.note ?? '' });
  }

  async remove(actor: Actor, rawEmail: string): Promise<void> {
    requireAdmin(actor);
    if (!(await deleteAllowListEntry(this.db, rawEmail.trim().toLowerCase()))) throw notFound('allow-list entry');
  }

  async pending(actor: Actor) {
    requireAdmin(actor);
    return pendingAccounts(this.db);
  }
}
