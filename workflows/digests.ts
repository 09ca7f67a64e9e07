// Daily digests, started by Temporal Schedules (worker/schedules.ts), one run per time zone.
// Deterministic: who and which day come from an activity; each person's message is its own
// activity, retried on its own, sent once per person and day.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const act = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});

export interface DigestInput {
  timezone: string;
}

/** 09:00 local time: every agent hears which incidents they hold open. */
export async function dailyDigestWorkflow({ timezone }: DigestInput): Promise<{ date: string; sent: number }> {
  const { date, employeeIds } = await act.digestRecipients(timezone, 'agent');
  let sent = 0;
  for (const id of employeeIds) if (await act.sendAgentDigest(id, date)) sent++;
  return { date, sent };
}

/** Daily SLA summary for every supervisor: open, at risk and breached in their department. */
export async function slaSummaryWorkflow({ timezone }: DigestInput): Promise<{ date: string; sent: number }> {
  const { date, employeeIds } = await act.digestRecipients(timezone, 'supervisor');
  let sent = 0;
  for (const id of employeeIds) if (await act.sendSlaSummary(id, date)) sent++;
  return { date, sent };
}
