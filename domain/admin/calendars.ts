// Business calendars: working hours per weekday and holidays, in their own time zone. The SLA
// clocks of the departments using a calendar count only its working time.
import { z } from 'zod';
import type { Db } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { parseInput, rowId, type AdminResource } from './resource';

const validZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const interval = z
  .tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)])
  .refine(([a, b]) => a < b, { message: 'an interval ends after it starts' });
const week = z.array(z.array(interval).max(6)).length(7).describe('per weekday from Sunday: working intervals [startMinute, endMinute) of local time');
const createSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    timezone: z.string().refine(validZone, 'not an IANA time zone, e.g. Europe/Moscow'),
    week,
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')).max(400),
    isDefault: z.boolean().optional(),
  })
  .strict();
const updateSchema = createSchema.partial().strict();
const view = z.object({ id: z.string().uuid(), name: z.string(), timezone: z.string(), week, holidays: z.array(z.string()), isDefault: z.boolean() });
type View = z.infer<typeof view>;

export function calendarsResource(db: Db): AdminResource<View> {
  const select = { id: true, name: true, timezone: true, week: true, holidays: true, isDefault: true } as const;
  const asView = (r: { week: unknown }) => r as View;
  return {
    path: 'calendars',
    title: 'BusinessCalendar',
    view,
    createSchema,
    updateSchema,
    list: async () => (await db.businessCalendar.findMany({ select, orderBy: { name: 'asc' } })).map(asView),
    async create(body) {
      const input = parseInput(createSchema, body);
      if (await db.businessCalendar.findUnique({ where: { name: input.name } })) throw conflict(`a calendar named ${input.name} exists`);
      return db.$transaction(async (tx) => {
        if (input.isDefault) await tx.businessCalendar.updateMany({ data: { isDefault: false } });
        return asView(await tx.businessCalendar.create({ data: { ...input, holidays: [...new Set(input.holidays)].sort() }, select }));
      });
    },
    async update(id, body) {
      rowId(id, 'calendar');
      const input = parseInput(updateSchema, body);
      if (!(await db.businessCalendar.findUnique({ where: { id } }))) throw notFound('calendar');
      if (input.name && (await db.businessCalendar.findFirst({ where: { name: input.name, NOT: { id } } })))
        throw conflict(`a calendar named ${input.name} exists`);
      return db.$transaction(async (tx) => {
        if (input.isDefault) await tx.businessCalendar.updateMany({ where: { NOT: { id } }, data: { isDefault: false } });
        const data = { ...input, ...(input.holidays ? { holidays: [...new Set(input.holidays)].sort() } : {}) };
        return asView(await tx.businessCalendar.update({ where: { id }, data, select }));
      });
    },
    async remove(id) {
      rowId(id, 'calendar');
      const c = await db.businessCalendar.findUnique({ where: { id }, select: { isDefault: true, _count: { select: { departments: true } } } });
      if (!c) throw notFound('calendar');
      if (c._count.departments) throw conflict(`${c._count.departments} departments work by this calendar`);
      if (c.isDefault) throw conflict('the default calendar cannot be deleted');
      await db.businessCalendar.delete({ where: { id } });
    },
  };
}
