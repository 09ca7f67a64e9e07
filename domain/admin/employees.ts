// Employees as admins manage them here: the desk's own settings (capacity, shift, time zone,
// language, active). Identity, roles and department come from Keycloak.
import { LANGS } from '../shared/languages';
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { conflict, forbidden, notFound } from '../shared/errors';
import { rowExists } from './repository';
import { parseInput, type AdminResource } from './resource';
import { listEmployees, updateEmployee } from './tablesRepository';

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

export function employeesResource(db: Database): AdminResource<View> {
  return {
    path: 'employees',
    title: 'AdminEmployee',
    view,
    createSchema: null,
    updateSchema,
    list: () => listEmployees(db),
    create() {
      throw forbidden('employees come from Keycloak (sign-in, sync, self-registration); add people there');
    },
    async update(id, body, actor) {
      const input = parseInput(updateSchema, body);
      // An admin who switched themselves off would be locked out at the next call, with no
      // one left to switch them back on in a desk with one admin (a fuzzer run did just that).
      if (input.active === false && id === actor.id) throw conflict('you cannot deactivate your own account; ask another admin');
      if (!(await rowExists(db, 'Employee', id))) throw notFound('employee');
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
