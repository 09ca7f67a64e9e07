// Employees by Keycloak user id: the user object as Keycloak has it now (through its admin
// API, cached for a few minutes), and the sync job that mirrors every Keycloak user into the
// employee table (sign-in mirrors one user; this catches people who never signed in, and
// deactivates those removed or disabled in Keycloak).
import { z } from 'zod';
import { UUID } from '../shared/validation';
import { type Database } from '../../infra/db';
import { KeycloakConflict, KeycloakRefused, type KeycloakAdmin, type KeycloakUser } from '../../infra/keycloakAdmin';
import { conflict, forbidden, invalid, notFound } from '../shared/errors';
import { ROLES, isStaff, type Actor, type Role } from '../access/identity';
import { deactivateEmployeesExcept, upsertEmployee } from './repository';

/** An employee as Keycloak has them now (the document's Employee). */
export const employeeViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().nullable(),
  fullName: z.string(),
  phone: z.string().nullable(),
  department: z.string().nullable(),
  managerId: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  locale: z.string().nullable(),
  enabled: z.boolean(),
});
export type EmployeeView = z.infer<typeof employeeViewSchema>;

/** A person an admin adds: the roles are those of their level and below (ROLES is ordered). */
export interface NewEmployee {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  departmentCode: string;
  phone: string | null;
  locale: 'ru' | 'en';
  temporaryPassword: string;
}

/** Keycloak's field names as the create call's (the rest of a refusal names no field). */
const REFUSED_FIELDS: Record<string, string> = {
  username: 'username',
  email: 'email',
  firstName: 'firstName',
  lastName: 'lastName',
  password: 'temporaryPassword',
};

const first = (u: KeycloakUser, key: string) => u.attributes?.[key]?.[0] ?? null;

export class EmployeeDirectory {
  private readonly cache = new Map<string, { view: EmployeeView | null; expires: number }>();

  constructor(
    private readonly db: Database,
    private readonly keycloak: KeycloakAdmin,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 5000,
  ) {}

  /** GET /api/employees/:id — staff look colleagues up; unknown ids are 404. */
  async lookup(actor: Actor, id: string): Promise<EmployeeView> {
    if (!isStaff(actor) && actor.id !== id) throw forbidden('only staff look employees up');
    if (!UUID.test(id)) throw notFound('employee');
    const hit = this.cache.get(id);
    const view = hit && hit.expires > Date.now() ? hit.view : await this.fetch(id);
    if (!view) throw notFound('employee');
    return view;
  }

  /**
   * Mirrors every Keycloak user into the employee table. With deactivateMissing, employees
   * Keycloak no longer knows are deactivated (they get no work and no digests).
   */
  async sync(deactivateMissing = false): Promise<{ mirrored: number; deactivated: number }> {
    const seen = new Set<string>();
    let mirrored = 0;
    for await (const user of this.keycloak.users()) {
      if (!user.email || user.username.startsWith('service-account-')) continue;
      seen.add(user.id);
      await this.mirror(this.view(user, await this.keycloak.realmRoles(user.id)));
      mirrored++;
    }
    if (!deactivateMissing) return { mirrored, deactivated: 0 };
    return { mirrored, deactivated: await deactivateEmployeesExcept(this.db, [...seen]) };
  }

  /**
   * Creates the person in Keycloak (enabled, the roles of their level, a temporary password they
   * change at first sign-in) and mirrors them at once, so they can be assigned before they sign
   * in. Keycloak is the owner: a username or e-mail it already has is a 409.
   */
  async create(person: NewEmployee): Promise<string> {
    const attributes: Record<string, string[]> = { department: [person.departmentCode], locale: [person.locale] };
    if (person.phone) attributes.phone = [person.phone];
    let id: string;
    try {
      id = await this.keycloak.createUser(
        { username: person.username, email: person.email, firstName: person.firstName, lastName: person.lastName, attributes },
        ROLES.slice(0, ROLES.indexOf(person.role) + 1),
        person.temporaryPassword,
      );
    } catch (error) {
      if (error instanceof KeycloakConflict) throw conflict(`Keycloak already has this username or e-mail: ${error.message}`);
      // A fuzzer's two-letter username and such: Keycloak's own rules are stricter than ours.
      if (error instanceof KeycloakRefused)
        throw invalid([{ field: REFUSED_FIELDS[error.field ?? ''] ?? '', message: `Keycloak refused it: ${error.message}` }]);
      throw error;
    }
    const view = await this.fetch(id);
    if (view) await this.mirror(view);
    return id;
  }

  /** Enables or disables the person's Keycloak account (a disabled one cannot sign in, and its sessions end at the next recheck). */
  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.keycloak.setEnabled(id, enabled); // false: not in Keycloak (a mirrored row only), nothing to switch
    this.cache.delete(id);
  }

  private async fetch(id: string): Promise<EmployeeView | null> {
    const user = await this.keycloak.user(id);
    const view = user ? this.view(user, await this.keycloak.realmRoles(id)) : null;
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, { view, expires: Date.now() + this.ttlMs });
    return view;
  }

  private view(u: KeycloakUser, roles: string[]): EmployeeView {
    return {
      id: u.id,
      username: u.username,
      email: u.email ?? null,
      fullName: [u.firstName, u.lastName].filter(Boolean).join(' ') || u.username,
      phone: first(u, 'phone'),
      department: first(u, 'department'),
      managerId: first(u, 'manager_id'),
      roles: roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
      locale: first(u, 'locale'),
      enabled: u.enabled,
    };
  }

  private async mirror(e: EmployeeView): Promise<void> {
    await upsertEmployee(
      this.db,
      {
        id: e.id,
        username: e.username,
        email: e.email!,
        fullName: e.fullName,
        phone: e.phone,
        managerId: e.managerId,
        roles: e.roles,
        active: e.enabled,
        ...(e.locale === 'ru' || e.locale === 'en' ? { locale: e.locale } : {}),
      },
      e.department,
    );
  }
}
