// The statement of comment mail (commentMail.ts).
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

/**
 * Public comments written by staff since then on requests whose client has an e-mail or a
 * linked Telegram chat, that
 * are neither delivered nor given up yet (their notification key is comment:<id>), oldest first.
 */
export function staffCommentsToMail(db: Database, since: Date, limit: number) {
  const key = sql<string>`'comment:' || c.id::text`;
  return db
    .selectFrom('Comment as c')
    .innerJoin('Employee as e', 'e.id', 'c.authorId')
    .innerJoin('Incident as i', 'i.id', 'c.incidentId')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Client as cl', 'cl.id', 'r.clientId')
    .leftJoin('TelegramChat as tc', 'tc.clientId', 'cl.id')
    .select(['c.id', 'c.body', 'c.incidentId', 'i.requestId', 'i.title', 'i.departmentId', 'cl.email', 'cl.locale', 'tc.chatId as telegramChat', 'e.signature'])
    .select(['cl.timezone', 'cl.notifyChannels', 'cl.quietHoursStart', 'cl.quietHoursEnd'])
    .where('c.public', '=', true)
    .where('c.createdAt', '>=', since)
    .where((eb) => eb.or([eb('cl.email', 'is not', null), eb('tc.chatId', 'is not', null)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('Notification as n').select('n.id').where('n.key', '=', key))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('NotificationAttempt as a').select('a.id').where('a.key', '=', key).where('a.outcome', '=', 'undelivered'))))
    .orderBy('c.createdAt')
    .limit(limit)
    .execute();
}
