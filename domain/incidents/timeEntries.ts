// Time spent on incidents: the staff who work an incident log how long they spent and on what;
// only staff see it (it is internal, like internal notes: access/levels.ts); each removes their
// own entries, a supervisor or admin any; the report sums minutes per person over the
// incidents the reader works, for a period.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { seesInternal } from '../access/levels';
import { audit } from '../shared/audit';
import { forbidden, invalid, notFound } from '../shared/errors';
import { CALENDAR_DAY, parseInput, UUID } from '../shared/validation';
import { reportPeriodSchema } from '../shared/reportPeriod';
import { staffName } from '../shared/staffName';
import type { IncidentService } from './incidents';
import { insertTimeEntry, removeTimeEntry, timeByPerson, timeEntriesOf, timeEntry } from './timeEntryRepository';

/** A day's work at most in one entry; more is a typo (minutes for hours). */
export const MAX_ENTRY_MINUTES = 24 * 60;
/** How far back an entry may be dated: a quarter, so closed periods stay closed. */
export const BACKDATE_DAYS = 92;

/** Their audit entries, which the incident's timeline shows to staff only. */
export const TIME_AUDIT_ACTIONS = ['time.logged', 'time.removed'];

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const timeEntryInputSchema = z
  .object({
    minutes: z.number().int().min(1).max(MAX_ENTRY_MINUTES).describe('minutes spent, 1 to 1440'),
    note: z.string().trim().max(500).optional().describe('what the time went on'),
    spentOn: CALENDAR_DAY.optional().describe('the day; today by default'),
  })
  .strict();

export const timeEntryViewSchema = z.object({
  id: z.string().uuid(),
  employeeId: z.string(),
  employeeName: z.string(),
  minutes: z.number().int(),
  note: z.string(),
  spentOn: z.string(),
  createdAt: z.string().datetime(),
});
export type TimeEntryView = z.infer<typeof timeEntryViewSchema>;
export const timeSheetSchema = z.object({ items: z.array(timeEntryViewSchema), totalMinutes: z.number().int() });

export const timeReportSchema = z.object({
  items: z.array(z.object({ employeeId: z.string(), employeeName: z.string(), minutes: z.number().int(), incidents: z.number().int() })),
});

const view = (r: Awaited<ReturnType<typeof timeEntriesOf>>[number]): TimeEntryView => ({
  id: r.id,
  employeeId: r.employeeId,
  employeeName: staffName(r),
  minutes: r.minutes,
  note: r.note,
  spentOn: r.spentOn,
  createdAt: r.createdAt.toISOString(),
});

export class TimeEntryService {
  constructor(
    private readonly db: Database,
    private readonly incidents: IncidentService,
  ) {}

  /** The incident, when the reader works it (staff level); foreign ones are not found. */
  private async worked(actor: Actor, incidentId: string) {
    const incident = await this.incidents.get(actor, incidentId);
    if (!seesInternal(incident.access)) throw forbidden('time spent is for the staff who work the incident');
    return incident;
  }

  async list(actor: Actor, incidentId: string) {
    const incident = await this.worked(actor, incidentId);
    const items = (await timeEntriesOf(this.db, incident.id)).map(view);
    return { items, totalMinutes: items.reduce((sum, e) => sum + e.minutes, 0) };
  }

  async add(actor: Actor, incidentId: string, body: unknown, now = new Date()): Promise<TimeEntryView> {
    const incident = await this.worked(actor, incidentId);
    const input = parseInput(timeEntryInputSchema, body);
    const spentOn = input.spentOn ?? isoDay(now);
    const day = new Date(`${spentOn}T00:00:00Z`);
    // A day ahead is allowed: the agent's day may have begun before UTC's.
    if (day.getTime() > now.getTime() + 86_400_000) throw invalid([{ field: 'spentOn', message: 'time cannot be spent in the future' }]);
    if (day.getTime() < now.getTime() - BACKDATE_DAYS * 86_400_000) throw invalid([{ field: 'spentOn', message: `at most ${BACKDATE_DAYS} days back` }]);
    const id = await this.db.transaction().execute(async (trx) => {
      const created = await insertTimeEntry(trx, { incidentId: incident.id, employeeId: actor.id, minutes: input.minutes, note: input.note ?? '', spentOn });
      await audit(trx, {
        entityType: 'incident',
        entityId: incident.id,
        incidentId: incident.id,
        actorId: actor.id,
        action: TIME_AUDIT_ACTIONS[0]!,
        after: { entryId: created, minutes: input.minutes, spentOn },
      });
      return created;
    });
    return view((await timeEntry(this.db, incident.id, id))!);
  }

  async remove(actor: Actor, incidentId: string, entryId: string): Promise<void> {
    const incident = await this.worked(actor, incidentId);
    const entry = UUID.test(entryId) ? await timeEntry(this.db, incident.id, entryId) : undefined;
    if (!entry) throw notFound('time entry');
    if (entry.employeeId !== actor.id && !hasRole(actor, 'supervisor', 'admin')) throw forbidden('you remove only your own time entries');
    await this.db.transaction().execute(async (trx) => {
      if (!(await removeTimeEntry(trx, entry.id))) return;
      await audit(trx, {
        entityType: 'incident',
        entityId: incident.id,
        incidentId: incident.id,
        actorId: actor.id,
        action: TIME_AUDIT_ACTIONS[1]!,
        before: { entryId: entry.id, minutes: entry.minutes, spentOn: entry.spentOn, employeeId: entry.employeeId },
      });
    });
  }

  /** Minutes per person over the period, on the incidents the reader works (supervisors and admins). */
  async report(actor: Actor, query: unknown) {
    if (!hasRole(actor, 'supervisor', 'admin')) throw forbidden('the time report is for supervisors and admins');
    const q = parseInput(reportPeriodSchema, query);
    const rows = await timeByPerson(this.db, actor, q.from, q.to);
    return { items: rows.map((r) => ({ employeeId: r.employeeId, employeeName: staffName(r), minutes: Number(r.minutes), incidents: Number(r.incidents) })) };
  }
}
