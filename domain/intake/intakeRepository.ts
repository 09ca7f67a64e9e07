// The statements of the channel intake (intake.ts): inbound messages, conversation keys, and
// what the intake reads of clients and requests.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import type { Channel, InboundStatus } from '../../generated/kysely/enums';

/** Stores a message once per channel id: its row id, or null when that id is stored already. */
export async function insertInbound(
  db: Database,
  m: { channel: Channel; channelMessageId: string; source: string; rawKey: string; rawSize: number },
): Promise<string | null> {
  const row = await db
    .insertInto('InboundMessage')
    .values({ id: randomUUID(), ...m })
    .onConflict((oc) => oc.columns(['channel', 'channelMessageId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The message stored under a channel's id (a redelivery finds the row its first delivery stored). */
export function inboundOfChannel(db: Database, channel: Channel, channelMessageId: string) {
  return db
    .selectFrom('InboundMessage')
    .select(['id', 'status'])
    .where('channel', '=', channel)
    .where('channelMessageId', '=', channelMessageId)
    .executeTakeFirst();
}

export function inbound(db: Database, id: string) {
  return db.selectFrom('InboundMessage').selectAll().where('id', '=', id).executeTakeFirst();
}

/** No processing holds the message (claimInbound): never claimed, or its claim lapsed. */
const notInHand = sql<boolean>`("claimedUntil" IS NULL OR "claimedUntil" < now())`;

/** A channel's messages not yet done (new, or waiting for their request's incident) and not in hand, oldest first: each channel's reader takes its own. */
export async function receivedIds(db: Database, limit: number, channel: Channel): Promise<string[]> {
  const rows = await db
    .selectFrom('InboundMessage')
    .select('id')
    .where('status', '=', 'RECEIVED')
    .where('channel', '=', channel)
    .where(notInHand)
    .orderBy('receivedAt')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function updateInbound(
  db: Database,
  id: string,
  fields: {
    status?: InboundStatus;
    reason?: string | null;
    sender?: string;
    subject?: string;
    clientId?: string | null;
    requestId?: string | null;
    commentId?: string | null;
  },
): Promise<void> {
  const done = fields.status !== undefined && fields.status !== 'RECEIVED';
  await db
    .updateTable('InboundMessage')
    .set({ ...fields, ...(done ? { processedAt: new Date() } : {}) })
    .where('id', '=', id)
    .execute();
}

/**
 * Takes a message still RECEIVED for one processing, until the claim lapses: true when taken.
 * A processing that died leaves a claim that lapses, and the next pass takes the message again.
 */
export async function claimInbound(db: Database, id: string, seconds: number): Promise<boolean> {
  const row = await db
    .updateTable('InboundMessage')
    .set({ claimedUntil: sql<Date>`now() + make_interval(secs => ${seconds})` })
    .where('id', '=', id)
    .where('status', '=', 'RECEIVED')
    .where(notInHand)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function releaseInbound(db: Database, id: string): Promise<void> {
  await db.updateTable('InboundMessage').set({ claimedUntil: null }).where('id', '=', id).execute();
}

/** How many messages this sender sent since then (the per-sender rate). */
export async function sentSince(db: Database, sender: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('InboundMessage')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('sender', '=', sender)
    .where('receivedAt', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Held and ignored messages (or one status), newest first: what admins look at. */
export function inboundPage(db: Database, statuses: InboundStatus[], limit: number) {
  return db
    .selectFrom('InboundMessage')
    .select([
      'id',
      'channel',
      'channelMessageId',
      'source',
      'sender',
      'subject',
      'status',
      'reason',
      'rawSize',
      'clientId',
      'requestId',
      'receivedAt',
      'processedAt',
    ])
    .where('status', 'in', statuses)
    .orderBy('receivedAt', 'desc')
    .limit(limit)
    .execute();
}

const requestColumns = ['r.id', 'r.clientId', 'r.status', 'r.incidentId'] as const;

export function requestOfNumber(db: Database, clientId: string, number: string) {
  const prefix = number.toLowerCase();
  return db
    .selectFrom('ServiceRequest as r')
    .select([...requestColumns])
    .where('r.clientId', '=', clientId)
    .where('r.id', '>=', `${prefix}-0000-0000-0000-000000000000`)
    .where('r.id', '<=', `${prefix}-ffff-ffff-ffff-ffffffffffff`)
    .orderBy('r.createdAt', 'desc')
    .executeTakeFirst();
}

/** The live client a Telegram chat is linked to (domain/telegram links it), if any. */
export async function clientOfTelegramChat(db: Database, chatId: string): Promise<string | null> {
  const row = await db
    .selectFrom('TelegramChat as t')
    .innerJoin('Client as c', 'c.id', 't.clientId')
    .select('c.id')
    .where('t.chatId', '=', chatId)
    .where('c.deletedAt', 'is', null)
    .executeTakeFirst();
  return row?.id ?? null;
}

export function requestById(db: Database, id: string) {
  return db
    .selectFrom('ServiceRequest as r')
    .select([...requestColumns])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** The client's requests not closed, newest first (a reply by SMS answers the only one). */
export function openRequestsOf(db: Database, clientId: string, limit: number) {
  return db
    .selectFrom('ServiceRequest as r')
    .select([...requestColumns])
    .where('r.clientId', '=', clientId)
    .where('r.status', '!=', 'CLOSED')
    .where('r.deletedAt', 'is', null)
    .orderBy('r.createdAt', 'desc')
    .limit(limit)
    .execute();
}
