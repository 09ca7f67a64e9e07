// Business calendars: working hours per weekday and holidays, in their own time zone. The SLA
// clocks of the departments using a calendar count only its working time.
import { z } from 'zod';
import { database, type Db } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { calendarUsage, clearDefault, deleteRow, nameTaken, rowExists } from './repository';
import { parseInput, rowId, type AdminResource } from './resource';
import { insertCalendar, listCalendars, updateCalendar } from './tablesRepository';

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
  const asView = (r: { week: unknown }) => r as View;
  return {
    path: 'calendars',
    title: 'BusinessCalendar',
    view,
    createSchema,
    updateSchema,
    list: async () => (await listCalendars(database(db))).map(asView),
    async create(body) {
      const input = parseInput(createSchema, body);
      if (await nameTaken(database(db), 'BusinessCalendar', input.name, null)) throw conflict(`a calendar named ${input.name} exists`);
      return database(db)
        .transaction()
        .execute(async (trx) => {
          if (input.isDefault) await clearDefault(trx, 'BusinessCalendar', null);
          return asView(await insertCalendar(trx, { ...input, holidays: [...new Set(input.holidays)].sort() }));
        });
    },
    async update(id, body) {
      rowId(id, 'calendar');
      const input = parseInput(updateSchema, body);
      const q = database(db);
      if (!(await rowExists(q, 'BusinessCalendar', id))) throw notFound('calendar');
      if (input.name && (await nameTaken(q, 'BusinessCalendar', input.name, id))) throw conflict(`a calendar named ${input.name} exists`);
      return q.transaction().execute(async (trx) => {
        if (input.isDefault) await clearDefault(trx, 'BusinessCalendar', id);
        const row = await updateCalendar(trx, id, { ...input, ...(input.holidays ? { holidays: [...new Set(input.holidays)].sort() } : {}) });
        if (!row) throw notFound('calendar');
        return asView(row);
      });
    },
    async remove(id) {
      rowId(id, 'calendar');
      const c = await calendarUsage(database(db), id);
      if (!c) throw notFound('calendar');
      if (c.used.departments) throw conflict(`${c.used.departments} departments work by this calendar`);
      if (c.isDefault) throw conflict('the default calendar cannot be deleted');
      await deleteRow(database(db), 'BusinessCalendar', id);
    },
  };
}
