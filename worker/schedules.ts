// Temporal Schedules of the daily digests, created or brought up to date at worker start-up:
// one per time zone of active staff for the agents' morning digest and one for the
// supervisors' SLA summary. Idempotent: an existing schedule is updated, never duplicated.
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import type { Db } from '../infra/db';
import { staffTimezones } from '../domain/digests';
import { log } from '../infra/logger';

export const DIGEST_HOUR = 9;
export const SLA_SUMMARY_HOUR = 9;

const idFor = (kind: string, timezone: string) => `${kind}-${timezone.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function digestSchedules(timezones: string[], taskQueue: string): ScheduleOptions[] {
  return timezones.flatMap((timezone) =>
    (
      [
        ['daily-digest', 'dailyDigestWorkflow', DIGEST_HOUR],
        ['sla-summary', 'slaSummaryWorkflow', SLA_SUMMARY_HOUR],
      ] as const
    ).map(([kind, workflowType, hour]) => ({
      scheduleId: idFor(kind, timezone),
      spec: { calendars: [{ hour, minute: 0 }], timezone },
      action: { type: 'startWorkflow' as const, workflowType, args: [{ timezone }], taskQueue, workflowId: idFor(kind, timezone) },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      memo: { purpose: `${kind} at ${hour}:00 ${timezone}` },
    })),
  );
}

export async function ensureSchedules(client: Client, db: Db, taskQueue: string): Promise<string[]> {
  const ids: string[] = [];
  for (const options of digestSchedules(await staffTimezones(db), taskQueue)) {
    try {
      await client.schedule.create(options);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
    }
    ids.push(options.scheduleId);
  }
  log.info('schedules in place', { schedules: ids });
  return ids;
}
