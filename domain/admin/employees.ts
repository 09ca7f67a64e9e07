// Employees as admins manage them here: the desk's own settings (capacity, shift, time zone,
// language, active). Identity, roles and department come from Keycloak: an admin adds a person
// through Keycloak's admin API (EmployeeDirectory.create), and switching "active" off disables
// their Keycloak account too, so they cannot sign in anywhere the realm reaches.
import { LANGS } from '../shared/languages';
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { conflict, forbidden, invalid, notFound } from '../shared/errors';
import { E164 } from '../shared/validation';
import { ROLES } from '../access/identity';
import type { EmployeeDirectory } from '../people/employeeDirectory';
import { departmentCodes } from '../shared/departmentRepository';
import { rowExists } from './repository';
import { parseInput, type AdminResource } from './resource';
import { employeeRow, listEmployees, updateEmployee } from './tablesRepository';

const createSchema = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{2,49}$/, '3-50 letters, digits, dots, dashes or underscores (Keycloak takes 3 and more)'),
    email: z.string().trim().toLowerCase().email().max(200),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    role: z.enum(ROLES).describe('the highest role; the lower ones come with it (a supervisor is an agent and a user too)'),
    departmentId: z.string().uuid(),
    phone: E164.nullable().optional(),
    locale: z.enum(LANGS).optional(),
    temporaryPassword: z.string().min(8, 'at least 8 characters').max(128).describe('changed by the person at their first sign-in'),
  })
  .strict();

const updateSchema = z
  .object({
    capacity: z.number().int().min(0).max(1000).optional().describe('open incidents the agent may hold'),
    onShift: z.boolean().optional(),
    timezone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'not an IANA time zone')
      .optional(),
    locale: z.enum(LANGS).optional(),
    active: z.boolean().optional(),
  })
  .strict();
const view = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  departmentId: z.string().uuid().nullable(),
  capacity: z.number().int(),
  onShift: z.boolean(),
  timezone: z.string(),
  locale: z.string(),
  active: z.boolean(),
});
type View = z.infer<typeof view>;

export function employeesResource(db: Database, directory: Pick<EmployeeDirectory, 'create' | 'setEnabled'>): AdminResource<View> {
  return {
    path: 'employees',
    title: 'AdminEmployee',
    view,
    createSchema,
    updateSchema,
    list: () => listEmployees(db),
    async create(body) {
      const input = parseInput(createSchema, body);
      const [departmentCode] = await departmentCodes(db, [input.departmentId]);
      if (!departmentCode) throw invalid([{ field: 'departmentId', message: 'no such department' }]);
      const id = await directory.create({ ...input, departmentCode, phone: input.phone ?? null, locale: input.locale ?? 'ru' });
      const row = await employeeRow(db, id);
      if (!row) throw conflict('Keycloak made the account but the desk could not mirror it; run the employee sync');
      return row;
    },
    async update(id, body, actor) {
      const input = parseInput(updateSchema, body);
      // An admin who switched themselves off would be locked out at the next call, with no
      // one left to switch them back on in a desk with one admin (a fuzzer run did just that).
      if (input.active === false && id === actor.id) throw conflict('you cannot deactivate your own account; ask another admin');
      if (!(await rowExists(db, 'Employee', id))) throw notFound('employee');
      if (input.active !== undefined) await directory.setEnabled(id, input.active);
      // An admin's "active" is the desk's own decision: the Keycloak sync never undoes it.
      const row = await updateEmployee(db, id, input.active === undefined ? input : { ...input, deactivatedInDesk: !input.active });
      if (!row) throw notFound('employee');
      return row;
    },
    remove() {
      throw forbidden('employees are deactivated (active: false), not deleted: their history stays');
    },
  };
}
