// Which address a person's message goes to, in one place: their channels in the order they chose,
// the first one they have a contact for, and their quiet hours. During quiet hours a channel that
// rings (SMS) gives way to the next silent one they have (e-mail; a Telegram message arrives
// without sound); when they have none, the message waits for the end of the quiet hours
// (notifier: the activity is retried then, and the log shows "deferred").
import { z } from 'zod';
import { TELEGRAM_PREFIX, type AddressKind } from './router';

export const ADDRESS_KINDS = ['email', 'telegram', 'phone'] as const satisfies readonly AddressKind[];

/** The order for someone who chose none: the written channels first, a text message last. */
export const DEFAULT_ORDER: readonly AddressKind[] = ['telegram', 'email', 'phone'];

/** Channels that make a sound when the message arrives, held back during quiet hours. */
const RINGING: ReadonlySet<AddressKind> = new Set(['phone']);

export interface Contacts {
  email?: string | null;
  phone?: string | null;
  /** The Telegram chat id, without the tg: prefix. */
  telegram?: string | null;
}

export interface Preferences {
  /** Channels in order; empty: DEFAULT_ORDER. */
  channels: readonly string[];
  /** Minutes of the day in `timezone`; both null: no quiet hours. */
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  timezone: string;
}

export interface Choice {
  address: string;
  kind: AddressKind;
  /** Sent during quiet hours: the channel should not make a sound. */
  silent: boolean;
  /** Set when nothing may be sent now: the end of the quiet hours. */
  deferUntil?: Date;
}

function addressOf(kind: AddressKind, contacts: Contacts): string | null {
  if (kind === 'telegram') return contacts.telegram ? `${TELEGRAM_PREFIX}${contacts.telegram}` : null;
  return contacts[kind] || null;
}

/** The minute of the day at `at` in the time zone (an unknown zone counts as UTC). */
export function minuteOfDay(at: Date, timezone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  } catch {
    return at.getUTCHours() * 60 + at.getUTCMinutes();
  }
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

/** Minutes until the quiet hours end, or 0 when `at` is outside them. */
export function quietMinutesLeft(prefs: Preferences, at: Date): number {
  const { quietHoursStart: start, quietHoursEnd: end } = prefs;
  if (start === null || end === null || start === end) return 0;
  const now = minuteOfDay(at, prefs.timezone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return 0;
  return (end - now + 1440) % 1440 || 1440;
}

/** The address to use now, or null when the person has no contact on any channel. */
export function chooseAddress(contacts: Contacts, prefs: Preferences, at: Date): Choice | null {
  const chosen = prefs.channels.filter((c): c is AddressKind => (ADDRESS_KINDS as readonly string[]).includes(c));
  // Channels they did not list still carry the message when the listed ones have no contact:
  // a status change must reach the client somehow.
  const order = [...chosen, ...DEFAULT_ORDER.filter((k) => !chosen.includes(k))];
  const available = order.flatMap((kind) => {
    const address = addressOf(kind, contacts);
    return address ? [{ address, kind }] : [];
  });
  const first = available[0];
  if (!first) return null;
  const quiet = quietMinutesLeft(prefs, at);
  if (quiet === 0) return { ...first, silent: false };
  const silent = available.find((a) => !RINGING.has(a.kind));
  if (silent) return { ...silent, silent: true };
  const deferUntil = new Date(Math.ceil((at.getTime() + quiet * 60_000) / 60_000) * 60_000);
  return { ...first, silent: false, deferUntil };
}

/** A person a message goes to: their contacts, preferences and language. */
export interface Recipient {
  contacts: Contacts;
  prefs: Preferences;
  locale: string | null;
}

/** The preference columns as the repositories select them (clients and employees alike). */
export interface PreferenceColumns {
  notifyChannels: string[] | null;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  timezone: string;
}

export function recipientOf(contacts: Contacts, locale: string | null, columns: PreferenceColumns): Recipient {
  return {
    contacts,
    locale,
    prefs: {
      channels: columns.notifyChannels ?? [],
      quietHoursStart: columns.quietHoursStart,
      quietHoursEnd: columns.quietHoursEnd,
      timezone: columns.timezone,
    },
  };
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const timeOfDaySchema = z.string().regex(HH_MM, 'a time of day as HH:MM');

/** A time zone this server knows (IANA name, e.g. Europe/Moscow). */
export const timezoneSchema = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Moscow');

/** The preferences as the API reads and writes them. */
export const notificationSettingsSchema = z
  .object({
    channels: z
      .array(z.enum(ADDRESS_KINDS))
      .max(ADDRESS_KINDS.length)
      .refine((c) => new Set(c).size === c.length, 'each channel once')
      .describe('channels in order of preference; empty: telegram, e-mail, SMS'),
    quietHours: z
      .object({ start: timeOfDaySchema, end: timeOfDaySchema })
      .strict()
      .refine((q) => q.start !== q.end, { message: 'the quiet hours end at another time than they start', path: ['end'] })
      .nullable()
      .describe('no SMS in these hours (local time); null: none'),
  })
  .strict();

export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhMm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The stored columns of settings. */
export function settingsColumns(s: NotificationSettings) {
  return {
    notifyChannels: s.channels,
    quietHoursStart: s.quietHours ? toMinutes(s.quietHours.start) : null,
    quietHoursEnd: s.quietHours ? toMinutes(s.quietHours.end) : null,
  };
}

/** The settings of stored columns. */
export function settingsOf(row: { notifyChannels: string[] | null; quietHoursStart: number | null; quietHoursEnd: number | null }): NotificationSettings {
  return {
    channels: (row.notifyChannels ?? []).filter((c): c is AddressKind => (ADDRESS_KINDS as readonly string[]).includes(c)),
    quietHours: row.quietHoursStart !== null && row.quietHoursEnd !== null ? { start: toHhMm(row.quietHoursStart), end: toHhMm(row.quietHoursEnd) } : null,
  };
}
