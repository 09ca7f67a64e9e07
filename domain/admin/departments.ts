// Departments: a tree (parent), with a head (an employee) and a business calendar.
import { z } from 'zod';
import type { Db } from '../../infra/db';
import { conflict, invalid, notFound } from '../shared/errors';
import { parseInput, rowId, slug, type AdminResource } from './resource';

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

export function departmentsResource(db: Db): AdminResource<View> {
  const select = { id: true, code: true, name: true, parentId: true, headId: true, calendarId: true } as const;

  async function check(id: string | null, input: z.infer<typeof updateSchema>): Promise<void> {
    if (input.parentId) {
      // The parent must exist and must not be the department itself or one below it.
      const all = await db.department.findMany({ select: { id: true, parentId: true } });
      if (!all.some((d) => d.id === input.parentId)) throw invalid([{ field: 'parentId', message: 'no such department' }]);
      for (let p: string | null | undefined = input.parentId; p; p = all.find((d) => d.id === p)?.parentId) {
        if (p === id) throw invalid([{ field: 'parentId', message: 'a department cannot be below itself' }]);
      }
    }
    if (input.headId && !(await db.employee.findUnique({ where: { id: input.headId } }))) throw invalid([{ field: 'headId', message: 'no such employee' }]);
    if (input.calendarId && !(await db.businessCalendar.findUnique({ where: { id: input.calendarId } })))
      throw invalid([{ field: 'calendarId', message: 'no such calendar' }]);
    if (input.code && (await db.department.findFirst({ where: { code: input.code, ...(id ? { NOT: { id } } : {}) } })))
      throw conflict(`department code ${input.code} is taken`);
  }

  return {
    path: 'departments',
    title: 'Department',
    view,
    createSchema,
    updateSchema,
    list: () => db.department.findMany({ select, orderBy: { code: 'asc' } }),
    async create(body) {
      const input = parseInput(createSchema, body);
      await check(null, input);
      return db.department.create({ data: input, select });
    },
    async update(id, body) {
      rowId(id, 'department');
      const input = parseInput(updateSchema, body);
      if (!(await db.department.findUnique({ where: { id } }))) throw notFound('department');
      await check(id, input);
      return db.department.update({ where: { id }, data: input, select });
    },
    async remove(id) {
      rowId(id, 'department');
      const d = await db.department.findUnique({
        where: { id },
        select: { _count: { select: { children: true, employees: true, services: true, incidents: true, routingRules: true } } },
      });
      if (!d) throw notFound('department');
      const used = Object.entries(d._count).filter(([, n]) => n > 0);
      if (used.length) throw conflict(`the department still has ${used.map(([k, n]) => `${n} ${k}`).join(', ')}; move them first`);
      await db.department.delete({ where: { id } });
    },
  };
}
