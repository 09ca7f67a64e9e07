// The statements of the Telegram bot: chats (link, the service chosen, failed link attempts),
// one-time link secrets, and what the bot shows a client (services, their requests).
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

export function chatState(db: Database, chatId: string) {
  return db
    .selectFrom('TelegramChat as t')
    .leftJoin('Client as c', (j) => j.onRef('c.id', '=', 't.clientId').on('c.deletedAt', 'is', null))
    .select(['t.chatId', 'c.id as clientId', 'c.locale', 't.pendingService', 't.failedAttempts', 't.failedSince'])
    .where('t.chatId', '=', chatId)
    .executeTakeFirst();
}

export async function setPendingService(db: Database, chatId: string, serviceCode: string | null): Promise<void> {
  await db
    .insertInto('TelegramChat')
    .values({ chatId, pendingService: serviceCode })
    .onConflict((oc) => oc.column('chatId').doUpdateSet({ pendingService: serviceCode }))
    .execute();
}

/** Counts a failed link attempt in the chat's window (a new window when the last began before windowStart): the count now. */
export async function countFailure(db: Database, chatId: string, windowStart: Date): Promise<number> {
  const now = new Date();
  const row = await db
    .insertInto('TelegramChat')
    .values({ chatId, failedAttempts: 1, failedSince: now })
    .onConflict((oc) =>
      oc.column('chatId').doUpdateSet({
        failedAttempts: sql<number>`CASE WHEN "TelegramChat"."failedSince" IS NULL OR "TelegramChat"."failedSince" < ${windowStart} THEN 1 ELSE "TelegramChat"."failedAttempts" + 1 END`,
        failedSince: sql<Date>`CASE WHEN "TelegramChat"."failedSince" IS NULL OR "TelegramChat"."failedSince" < ${windowStart} THEN ${now} ELSE "TelegramChat"."failedSince" END`,
      }),
    )
    .returning('failedAttempts')
    .executeTakeFirstOrThrow();
  return row.failedAttempts;
}

export async function insertLinkSecret(
  db: Database,
  s: { id: string; clientId: string; kind: 'deeplink' | 'code'; hash: string; chatId: string | null; expiresAt: Date },
): Promise<void> {
  await db.insertInto('TelegramLinkCode').values(s).execute();
}

/**
 * Uses a secret once: marks it used if it is unused, unexpired (and, for a code, the chat's own),
 * and returns its client; null for anything else. One statement, so two chats racing with the
 * same secret cannot both win.
 */
export async function takeLinkSecret(db: Database, hash: string, kind: 'deeplink' | 'code', chatId: string): Promise<string | null> {
  let query = db
    .updateTable('TelegramLinkCode')
    .set({ usedAt: new Date() })
    .where('hash', '=', hash)
    .where('kind', '=', kind)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', new Date());
  if (kind === 'code') query = query.where('chatId', '=', chatId);
  const row = await query.returning('clientId').executeTakeFirst();
  return row?.clientId ?? null;
}

/** Link secrets made since then for the chat (codes it asked for) or for the client. */
export async function secretsSince(db: Database, by: { chatId: string } | { clientId: string }, since: Date): Promise<number> {
  const row = await db
    .selectFrom('TelegramLinkCode')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('createdAt', '>=', since)
    .where('kind', '=', 'code')
    .where((eb) => ('chatId' in by ? eb('chatId', '=', by.chatId) : eb('clientId', '=', by.clientId)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Links the chat to the client (the client's other chat, if any, is unlinked) and clears its failed attempts. */
export async function linkChat(db: Database, chatId: string, clientId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('TelegramChat').set({ clientId: null, linkedAt: null }).where('clientId', '=', clientId).where('chatId', '<>', chatId).execute();
    const linked = { clientId, linkedAt: new Date(), failedAttempts: 0, failedSince: null };
    await trx
      .insertInto('TelegramChat')
      .values({ chatId, ...linked })
      .onConflict((oc) => oc.column('chatId').doUpdateSet(linked))
      .execute();
  });
}

export function liveClient(db: Database, clientId: string) {
  return db.selectFrom('Client').select(['id', 'locale']).where('id', '=', clientId).where('deletedAt', 'is', null).executeTakeFirst();
}

/** The services a client picks from, by name (the buttons). */
export function serviceButtons(db: Database, limit: number) {
  return db.selectFrom('Service').select(['code', 'name']).orderBy('name').limit(limit).execute();
}

export function serviceByCode(db: Database, code: string) {
  return db.selectFrom('Service').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

/** The service of the client's request with this number (a reply to a closed request files anew under it). */
export async function serviceOfClientRequest(db: Database, clientId: string, number: string): Promise<string | null> {
  const prefix = number.toLowerCase();
  const row = await db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .select('s.code')
    .where('r.clientId', '=', clientId)
    .where('r.id', '>=', `${prefix}-0000-0000-0000-000000000000`)
    .where('r.id', '<=', `${prefix}-ffff-ffff-ffff-ffffffffffff`)
    .executeTakeFirst();
  return row?.code ?? null;
}

/** The client's latest requests with their incident's status, newest first (/status). */
export function clientRequests(db: Database, clientId: string, limit: number) {
  return db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .leftJoin('Incident as i', 'i.id', 'r.incidentId')
    .select(['r.id', 'r.status', 's.name as serviceName', 'i.status as incidentStatus', 'r.createdAt'])
    .where('r.clientId', '=', clientId)
    .where('r.deletedAt', 'is', null)
    .orderBy('r.createdAt', 'desc')
    .limit(limit)
    .execute();
}
