// Everyone's own settings (profile page, GET/PUT /api/me/settings): the language of the interface
// and of their notifications, their time zone (quiet hours and digests are read in it), the
// signature under their public comments mailed to clients, and how they prefer to be notified
// (notifications/preferences.ts). Only the signed-in person reads and writes their own.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { audit } from '../shared/audit';
import { notFound } from '../shared/errors';
import { LANGS } from '../shared/languages';
import { parseInput } from '../shared/validation';
import { notificationSettingsSchema, settingsColumns, settingsOf as notificationSettingsOf, timezoneSchema } from '../notifications/preferences';
import { settingsOf, writeSettings } from './settingsRepository';

/** A signature is a few lines: name, position, a phone (1000 characters is 10 full lines). */
export const SIGNATURE_MAX = 1000;

export const mySettingsSchema = z.object({
  locale: z.enum(LANGS),
  timezone: z.string(),
  signature: z.string(),
  notifications: notificationSettingsSchema,
});
export type MySettings = z.infer<typeof mySettingsSchema>;

export const mySettingsUpdateSchema = z
  .object({
    locale: z.enum(LANGS).optional(),
    timezone: timezoneSchema.optional(),
    signature: z.string().max(SIGNATURE_MAX).optional(),
    notifications: notificationSettingsSchema.optional(),
  })
  .strict();

export async function mySettings(db: Database, actor: Actor): Promise<MySettings> {
  const row = await settingsOf(db, actor.id);
  if (!row) throw notFound('your settings (your account is not in the directory yet: sign in again)');
  return {
    locale: (LANGS as readonly string[]).includes(row.locale) ? (row.locale as MySettings['locale']) : 'ru',
    timezone: row.timezone,
    signature: row.signature,
    notifications: notificationSettingsOf(row),
  };
}

export async function updateMySettings(db: Database, actor: Actor, body: unknown): Promise<MySettings> {
  const input = parseInput(mySettingsUpdateSchema, body);
  const before = await mySettings(db, actor);
  await db.transaction().execute(async (trx) => {
    await writeSettings(trx, actor.id, {
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      ...(input.signature !== undefined ? { signature: input.signature.trim() } : {}),
      ...(input.notifications !== undefined ? settingsColumns(input.notifications) : {}),
    });
    await audit(trx, { entityType: 'employee', entityId: actor.id, actorId: actor.id, action: 'settings.updated', before, after: input });
  });
  return mySettings(db, actor);
}
