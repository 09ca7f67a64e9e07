// Business calendars: working hours per weekday and holidays, in their own time zone. The SLA
// clocks of the departments using a calendar count only its working time.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { calendarUsage } from './repository';
import type { AdminResource } from './resource';
import { tableResource } from './tableResource';
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

export function calendarsResource(db: Database): AdminResource<View> {
  const asView = (r: { week: unknown }) => r as View;
  const dates = (holidays: string[]) => [...new Set(holidays)].sort();
  return tableResource(db, {
    path: 'calendars',
    title: 'BusinessCalendar',
    view,
    createSchema,
    updateSchema,
    noun: 'calendar',
    unique: { key: ['BusinessCalendar', 'name'], taken: (name) => `a calendar named ${name} exists` },
    oneDefault: 'BusinessCalendar',
    list: async (q) => (await listCalendars(q)).map(asView),
    insert: async (q, input) => asView(await insertCalendar(q, { ...input, holidays: dates(input.holidays) })),
    async update(q, id, input) {
      const row = await updateCalendar(q, id, { ...input, ...(input.holidays ? { holidays: dates(input.holidays) } : {}) });
      return row && asView(row);
    },
    usage: calendarUsage,
    refusal(c) {
      if (c.used.departments) return `${c.used.departments} departments work by this calendar`;
      return c.isDefault ? 'the default calendar cannot be deleted' : null;
    },
  });
}
