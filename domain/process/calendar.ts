// Business-hours arithmetic. Pure and deterministic: the workflow bundle imports it to set
// SLA timers, the domain uses it to show due dates. Times are instants (ms since epoch);
// working hours and holidays are in the calendar's own time zone.

export interface BusinessCalendar {
  timezone: string; // IANA, e.g. Europe/Moscow
  /** Working intervals per weekday (0 = Sunday), as [startMinute, endMinute) of local time. */
  week: [number, number][][];
  /** Non-working local dates, YYYY-MM-DD. */
  holidays: string[];
}

export const ALWAYS_OPEN: BusinessCalendar = { timezone: 'UTC', week: Array.from({ length: 7 }, () => [[0, 1440]]), holidays: [] };

const MINUTE = 60_000;
const DAY = 86_400_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minutes: number; // minutes since local midnight, with fractions
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function local(t: number, tz: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  const ms = t % MINUTE < 0 ? (t % MINUTE) + MINUTE : t % MINUTE;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(String(parts.weekday)),
    minutes: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60 + (ms % 1000) / MINUTE,
  };
}

/** Offset of the zone from UTC at instant t, in ms. */
function offset(t: number, tz: string): number {
  const p = local(t, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day) + Math.round(p.minutes * MINUTE);
  return asUtc - t;
}

/** The instant of a local wall-clock time (date + minutes) in the zone. */
function instant(year: number, month: number, day: number, minutes: number, tz: string): number {
  const guess = Date.UTC(year, month - 1, day) + minutes * MINUTE;
  const first = guess - offset(guess, tz);
  return guess - offset(first, tz);
}

const isoDate = (p: { year: number; month: number; day: number }) => `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;

/** Working intervals as instants, for the local day that contains t. */
function workingIntervals(t: number, cal: BusinessCalendar): { day: LocalParts; intervals: [number, number][] } {
  const day = local(t, cal.timezone);
  if (cal.holidays.includes(isoDate(day))) return { day, intervals: [] };
  const intervals = (cal.week[day.weekday] ?? []).map(
    ([s, e]) => [instant(day.year, day.month, day.day, s, cal.timezone), instant(day.year, day.month, day.day, e, cal.timezone)] as [number, number],
  );
  return { day, intervals };
}

function nextLocalMidnight(day: LocalParts, tz: string): number {
  const next = new Date(Date.UTC(day.year, day.month - 1, day.day) + DAY);
  return instant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, tz);
}

function assertCalendar(cal: BusinessCalendar): void {
  if (!cal.week.some((d) => d.some(([s, e]) => e > s))) throw new Error('business calendar has no working hours');
}

/** The instant reached after `ms` of working time, counted from `start`. */
export function addBusinessMs(start: number, ms: number, cal: BusinessCalendar): number {
  assertCalendar(cal);
  let t = start;
  let left = ms;
  for (let guard = 0; guard < 3700; guard++) {
    const { day, intervals } = workingIntervals(t, cal);
    for (const [s, e] of intervals) {
      if (e <= t) continue;
      const from = Math.max(s, t);
      if (from + left <= e) return from + left;
      left -= e - from;
    }
    t = nextLocalMidnight(day, cal.timezone);
  }
  throw new Error('business time does not fit in ten years of this calendar');
}

/** Working time between two instants. */
export function businessMsBetween(a: number, b: number, cal: BusinessCalendar): number {
  if (b <= a) return 0;
  let total = 0;
  let t = a;
  for (let guard = 0; guard < 3700 && t < b; guard++) {
    const { day, intervals } = workingIntervals(t, cal);
    for (const [s, e] of intervals) total += Math.max(0, Math.min(e, b) - Math.max(s, t));
    t = nextLocalMidnight(day, cal.timezone);
  }
  return total;
}
