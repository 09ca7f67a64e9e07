// Temporal Schedules of the daily digests, created or brought up to date at worker start-up:
// one per time zone of active staff for the agents' morning digest and one for the
// supervisors' SLA summary. Idempotent: an existing schedule is updated, never duplicated; the
// schedule of a time zone no active employee has any more is deleted.
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import type { Database } from '../infra/db';
import { staffTimezones } from '../domain/notifications/digests';
import { log } from '../infra/logger';

/** Local times (HH:MM) of the two schedules; configured by DIGEST_TIME and SLA_SUMMARY_TIME. */
export interface ScheduleTimes {
  digest: string;
  slaSummary: string;
}

export const DEFAULT_TIMES: ScheduleTimes = { digest: '09:00', slaSummary: '09:00' };

const KINDS = ['daily-digest', 'sla-summary'] as const;

export const scheduleIdFor = (kind: (typeof KINDS)[number], timezone: string) => `${kind}-${timezone.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function hourMinute(time: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`schedule time must be HH:MM, not ${time}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

export function digestSchedules(timezones: string[], taskQueue: string, times: ScheduleTimes = DEFAULT_TIMES): ScheduleOptions[] {
  return timezones.flatMap((timezone) =>
    (
      [
        ['daily-digest', 'dailyDigestWorkflow', times.digest],
        ['sla-summary', 'slaSummaryWorkflow', times.slaSummary],
      ] as const
    ).map(([kind, workflowType, time]) => ({
      scheduleId: scheduleIdFor(kind, timezone),
      spec: { calendars: [hourMinute(time)], timezone },
      action: { type: 'startWorkflow' as const, workflowType, args: [{ timezone }], taskQueue, workflowId: scheduleIdFor(kind, timezone) },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      memo: { purpose: `${kind} at ${time} ${timezone}` },
    })),
  );
}

export async function ensureSchedules(client: Client, db: Database, taskQueue: string, times: ScheduleTimes = DEFAULT_TIMES): Promise<string[]> {
  const ids: string[] = [];
  for (const options of digestSchedules(await staffTimezones(db), taskQueue, times)) {
    try {
      await client.schedule.create(options);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule
        .getHandle(options.scheduleId)
        .update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
    }
    ids.push(options.scheduleId);
  }
  // A time zone nobody active works in any more: its schedules go.
  const stale: string[] = [];
  for await (const s of client.schedule.list()) {
    if (KINDS.some((k) => s.scheduleId.startsWith(`${k}-`)) && !ids.includes(s.scheduleId)) stale.push(s.scheduleId);
  }
  for (const id of stale) await client.schedule.getHandle(id).delete();
  log.info('schedules in place', { schedules: ids, deleted: stale, times });
  return ids;
}
