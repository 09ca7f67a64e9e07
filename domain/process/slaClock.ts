// An SLA clock counts business time toward a target, can pause (waiting for the client)
// and stop (responded / resolved). Pure: it lives inside the workflow's state, so time
// already spent or paused survives a change of priority or contract.
import { addBusinessMs, businessMsBetween, type BusinessCalendar } from './calendar';

export const WARNING_RATIO = 0.75;

export interface SlaClock {
  targetMs: number;
  usedMs: number; // business time counted before runningSince
  runningSince: number | null;
  stopped: boolean;
  warned: boolean;
  breached: boolean;
}

export type SlaLevel = 'warning' | 'breach';

export const newClock = (targetMs: number, now: number): SlaClock => ({
  targetMs,
  usedMs: 0,
  runningSince: now,
  stopped: false,
  warned: false,
  breached: false,
});

export function usedMs(c: SlaClock, now: number, cal: BusinessCalendar): number {
  return c.usedMs + (c.runningSince !== null ? businessMsBetween(c.runningSince, now, cal) : 0);
}

export function pause(c: SlaClock, now: number, cal: BusinessCalendar): void {
  if (c.runningSince === null) return;
  c.usedMs = usedMs(c, now, cal);
  c.runningSince = null;
}

export function resume(c: SlaClock, now: number): void {
  if (c.stopped || c.runningSince !== null) return;
  c.runningSince = now;
}

export function stop(c: SlaClock, now: number, cal: BusinessCalendar): void {
  pause(c, now, cal);
  c.stopped = true;
}

/** A new target (priority or contract changed): time spent is kept, flags follow the new target. */
export function retarget(c: SlaClock, targetMs: number, now: number, cal: BusinessCalendar): void {
  const used = usedMs(c, now, cal);
  c.targetMs = targetMs;
  c.warned = c.warned && used >= targetMs * WARNING_RATIO;
  c.breached = c.breached && used >= targetMs;
}

/** When the next threshold falls due, if the clock runs and one is left. */
export function nextThreshold(c: SlaClock, now: number, cal: BusinessCalendar): { at: number; level: SlaLevel } | null {
  if (c.stopped || c.runningSince === null || c.breached) return null;
  const level: SlaLevel = c.warned ? 'breach' : 'warning';
  const threshold = level === 'warning' ? c.targetMs * WARNING_RATIO : c.targetMs;
  const left = Math.max(0, threshold - usedMs(c, now, cal));
  return { at: addBusinessMs(now, left, cal), level };
}

/** The due instant of the whole target if the clock keeps running from now. */
export function dueAt(c: SlaClock, now: number, cal: BusinessCalendar): number | null {
  if (c.stopped || c.runningSince === null) return null;
  return addBusinessMs(now, Math.max(0, c.targetMs - usedMs(c, now, cal)), cal);
}

/** Marks a threshold as reached and says whether it was news. */
export function reach(c: SlaClock, level: SlaLevel): boolean {
  if (level === 'warning') {
    if (c.warned) return false;
    c.warned = true;
    return true;
  }
  if (c.breached) return false;
  c.warned = true;
  c.breached = true;
  return true;
}
