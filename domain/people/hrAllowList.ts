// Admin side of self-registration: the built-in HR allow-list and the accounts waiting for it.
import { z } from 'zod';
import type { Db } from '../../infra/db';
import { forbidden, invalid, notFound } from '../shared/errors';
import { hasRole, type Actor } from '../access/identity';
import { parseInput } from '../shared/validation';

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
  constructor(private readonly db: Db) {}

  async list(actor: Actor) {
    requireAdmin(actor);
    return this.db.hrAllowListEntry.findMany({ orderBy: { email: 'asc' } });
  }

  async put(actor: Actor, rawEmail: string, body: unknown) {
    requireAdmin(actor);
    const address = email.safeParse(rawEmail);
    if (!address.success) throw invalid([{ field: 'email', message: 'must be an e-mail address' }]);
    const input = parseInput(allowListEntrySchema, body);
    if (input.departmentCode && !(await this.db.department.findUnique({ where: { code: input.departmentCode } }))) {
      throw invalid([{ field: 'departmentCode', message: `no department ${input.departmentCode}` }]);
    }
    const data = { departmentCode: input.departmentCode ?? null, note: input.note ?? '' };
    return this.db.hrAllowListEntry.upsert({ where: { email: address.data }, create: { email: address.data, ...data }, update: data });
  }

  async remove(actor: Actor, rawEmail: string): Promise<void> {
    requireAdmin(actor);
    const { count } = await this.db.hrAllowListEntry.deleteMany({ where: { email: rawEmail.trim().toLowerCase() } });
    if (!count) throw notFound('allow-list entry');
  }

  async pending(actor: Actor) {
    requireAdmin(actor);
    return this.db.pendingAccount.findMany({ orderBy: { firstSeenAt: 'desc' } });
  }
}
