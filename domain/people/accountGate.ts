// Who may come in: people the desk knows (an active employee row, mirrored from Keycloak by the
// seed, the sync job or an earlier sign-in). Anyone else signed up on their own in Keycloak:
// on their first sign-in the HR directory must confirm them; until then they stay out and are
// listed for admins as pending.
import { type Database } from '../../infra/db';
import { DomainError, forbidden } from '../shared/errors';
import { linkClientOnce } from '../clients/accounts';
import { mirrorEmployee } from './employees';
import type { HrDirectory } from '../adapters/hrDirectory';
import type { Actor } from '../access/identity';
import { deletePendingAccount, employeeActive, upsertPendingAccount } from './repository';

const ADMITTED_TTL_MS = 60_000;
export const ACCOUNT_PENDING = 'urn:incident-desk:problem:account-pending';

export class AccountGate {
  private readonly admitted = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly hr: HrDirectory,
  ) {}

  /** Throws 403 for an unconfirmed or deactivated account; mirrors a newly confirmed one. */
  async admit(actor: Actor): Promise<void> {
    if ((this.admitted.get(actor.id) ?? 0) > Date.now()) return;
    const employee = await employeeActive(this.db, actor.id);
    if (employee && !employee.active) throw forbidden('this account is deactivated');
    if (!employee) await this.confirmNewcomer(actor);
    this.admitted.set(actor.id, Date.now() + ADMITTED_TTL_MS);
  }

  private async confirmNewcomer(actor: Actor): Promise<void> {
    if (!actor.email) return this.keepOut(actor, 'the account has no e-mail address to confirm');
    if (!actor.emailVerified) return this.keepOut(actor, "the account's e-mail address is not verified");
    let decision;
    try {
      decision = await this.hr.confirm(actor.email);
    } catch (error) {
      throw new DomainError(503, 'Service Unavailable', `the HR directory cannot confirm the account now: ${(error as Error).message}`);
    }
    if (!decision.confirmed) return this.keepOut(actor, 'not confirmed by the HR directory');
    await mirrorEmployee(this.db, { ...actor, department: actor.department ?? decision.department });
    await linkClientOnce(this.db, actor);
    await deletePendingAccount(this.db, actor.id);
  }

  private async keepOut(actor: Actor, reason: string): Promise<never> {
    const account = { username: actor.username, email: actor.email, fullName: actor.fullName, reason, lastCheckedAt: new Date() };
    await upsertPendingAccount(this.db, actor.id, account);
    throw new DomainError(403, 'Forbidden', `your account waits for confirmation: ${reason}`, [], ACCOUNT_PENDING);
  }
}
