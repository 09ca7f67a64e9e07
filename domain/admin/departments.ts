// Departments: a tree (parent), with a head (an employee) and a business calendar.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { invalid } from '../shared/errors';
import { tableResource } from './tableResource';
import { departmentUsage } from './repository';
import { slug, type AdminResource } from './resource';
import { departmentTree, insertDepartment, listDepartments, updateDepartment } from './tablesRepository';

const fields = {
  code: slug,
  name: z.string().trim().min(1).max(200),
  parentId: z.string().uuid().nullable(),
  headId: z.string().min(1).max(100).nullable().describe('employee id (Keycloak user id) of the head'),
  calendarId: z.string().uuid().nullable(),
};
const createSchema = z
  .object({ ...fields, parentId: fields.parentId.optional(), headId: fields.headId.optional(), calendarId: fields.calendarId.optional() })
  .strict();
const updateSchema = createSchema.partial().strict();
const view = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  parentId: z.string().uuid().nullable(),
  headId: z.string().nullable(),
  calendarId: z.string().uuid().nullable(),
});
type View = z.infer<typeof view>;

export function departmentsResource(db: Database): AdminResource<View> {
  return tableResource(db, {
    path: 'departments',
    title: 'Department',
    view,
    createSchema,
    updateSchema,
    noun: 'department',
    unique: { key: ['Department', 'code'], taken: (code) => `department code ${code} is taken` },
    async check(q, id, input) {
      if (!input.parentId) return;
      // The parent must exist and must not be the department itself or one below it.
      const all = await departmentTree(q);
      if (!all.some((d) => d.id === input.parentId)) throw invalid([{ field: 'parentId', message: 'no such department' }]);
      for (let p: string | null | undefined = input.parentId; p; p = all.find((d) => d.id === p)?.parentId) {
        if (p === id) throw invalid([{ field: 'parentId', message: 'a department cannot be below itself' }]);
      }
    },
    references: (input) => [
      { field: 'headId', id: input.headId, table: 'Employee', message: 'no such employee' },
      { field: 'calendarId', id: input.calendarId, table: 'BusinessCalendar', message: 'no such calendar' },
    ],
    list: listDepartments,
    insert: insertDepartment,
    update: updateDepartment,
    usage: departmentUsage,
    refusal(used) {
      const counts = Object.entries(used).filter(([, n]) => n > 0);
      return counts.length ? `the department still has ${counts.map(([k, n]) => `${n} ${k}`).join(', ')}; move them first` : null;
    },
  });
}
