// The chat's statements: conversations as each reader may see them (domain/access), messages
// kept once per client message id, read marks, the queue, shifts and the settings row. Every
// change that a live client must hear notifies "chat_changes" with "<conversation id> <what>"
// when its transaction commits (chat/hub.ts LISTENs, whichever process wrote it).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { conversationOfVisitor, conversationVisible } from '../access/repository';
import type { ChatChannel } from './views';

const COLUMNS = [
  'v.id',
  'v.visitorKey',
  'v.channel',
  'v.visitorName',
  'v.identified',
  'v.lang',
  'v.departmentId',
  'v.status',
  'v.assigneeId',
  'v.offeredToId',
  'v.escalatedAt',
  'v.requestId',
  'v.createdAt',
  'v.acceptedAt',
  'v.firstResponseAt',
  'v.closedAt',
  'v.closeReason',
  'v.visitorReadSeq',
  'v.agentReadSeq',
] as const;
const MESSAGE = ['m.id', 'm.seq', 'm.conversationId', 'm.clientMessageId', 'm.author', 'm.authorId', 'm.body', 'm.fileId', 'm.createdAt'] as const;

/**
 * The visitor's messages after the agent's read mark: the inbox shows it on each conversation,
 * so an agent with several chats sees which visitor wrote (the index on conversation and seq
 * answers it; the inbox reads at most 200 conversations).
 */
const UNREAD = sql<number>`(SELECT count(*)::int FROM "ChatMessage" u WHERE u."conversationId" = v.id AND u.author = 'visitor' AND u.seq > v."agentReadSeq")`;
const conversations = (db: Database) => db.selectFrom('Conversation as v').select(COLUMNS).select(UNREAD.as('unread'));
export type ConversationRow = Awaited<ReturnType<ReturnType<typeof conversations>['executeTakeFirstOrThrow']>>;
/** A message with its file's name, type and size (a file message; null for text). */
const messages = (db: Database) =>
  db
    .selectFrom('ChatMessage as m')
    .leftJoin('ChatFile as f', 'f.id', 'm.fileId')
    .select([...MESSAGE, 'f.fileName', 'f.contentType', 'f.size']);
export type MessageRow = Awaited<ReturnType<ReturnType<typeof messages>['executeTakeFirstOrThrow']>>;

/** Tells the live clients at commit: "<conversation> <what>" (what: message:<id>, read, state, typing:<author>). */
export async function notifyChat(db: Database, conversationId: string, what: string): Promise<void> {
  await db.selectNoFrom(sql<string>`pg_notify('chat_changes', ${`${conversationId} ${what}`}::text)::text`.as('notified')).execute();
}

/** The conversation if the staff member may see it (domain/access), optionally locked. */
export const conversationSeen = (db: Database, actor: Actor, id: string, lock = false) => {
  const q = conversations(db).where('v.id', '=', id).where(conversationVisible(actor));
  return (lock ? q.forUpdate() : q).executeTakeFirst();
};
/** The visitor's own conversation, optionally locked. */
export const visitorConversation = (db: Database, visitorKey: string, id: string, lock = false) => {
  const q = conversations(db).where('v.id', '=', id).where(conversationOfVisitor(visitorKey));
  return (lock ? q.forUpdate() : q).executeTakeFirst();
};
export const conversationById = (db: Database, id: string) => conversations(db).where('v.id', '=', id).executeTakeFirst();

/** The visitor's conversation still open, if any: starting again returns it. */
export const openConversationOf = (db: Database, visitorKey: string) =>
  conversations(db).where(conversationOfVisitor(visitorKey)).where('v.status', '!=', 'CLOSED').orderBy('v.createdAt', 'desc').limit(1).executeTakeFirst();

export async function insertConversation(
  db: Database,
  c: { visitorKey: string; channel: ChatChannel; visitorName: string; identified: boolean; lang: string; origin: string | null; departmentId: string },
): Promise<ConversationRow> {
  const id = randomUUID();
  await db
    .insertInto('Conversation')
    .values({ id, ...c })
    .execute();
  await notifyChat(db, id, 'state');
  return (await conversationById(db, id))!;
}

/** Staff's inbox: waiting (their queue), mine (assigned or offered to them), all (everything they may see); oldest first. */
export function inbox(db: Database, actor: Actor, view: 'waiting' | 'mine' | 'all', limit: number) {
  let q = conversations(db).where(conversationVisible(actor));
  if (view === 'waiting') q = q.where('v.status', '=', 'WAITING');
  else if (view === 'mine')
    q = q.where('v.status', '!=', 'CLOSED').where((eb) => eb.or([eb('v.assigneeId', '=', actor.id), eb('v.offeredToId', '=', actor.id)]));
  else q = q.where('v.status', '!=', 'CLOSED');
  return q.orderBy('v.createdAt', 'asc').orderBy('v.id', 'asc').limit(limit).execute();
}

/** How many chats wait for an agent among those the reader may see (the board's true count). */
export async function waitingCount(db: Database, actor: Actor): Promise<number> {
  const row = await db
    .selectFrom('Conversation as v')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(conversationVisible(actor))
    .where('v.status', '=', 'WAITING')
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The conversations of a request (the incident's page shows them). */
export const conversationsOfRequest = (db: Database, requestId: string) =>
  conversations(db).where('v.requestId', '=', requestId).orderBy('v.createdAt', 'asc').execute();

/**
 * Stores a message unless this conversation already has its client id; returns the stored one and
 * whether it is new. A staff-side message (agent or system) of a channel's conversation is marked
 * for the relay in the same statement, so it is carried out once it is committed (relay.ts).
 */
export async function insertMessage(
  db: Database,
  m: { conversationId: string; clientMessageId: string; author: 'visitor' | 'agent' | 'system'; authorId: string | null; body: string; fileId?: string | null },
): Promise<{ message: MessageRow; created: boolean }> {
  const inserted = await db
    .insertInto('ChatMessage')
    .values({
      id: randomUUID(),
      fileId: null,
      ...m,
      relayPending: sql<boolean>`(${m.author} <> 'visitor' AND EXISTS (SELECT 1 FROM "Conversation" WHERE id = ${m.conversationId} AND channel <> 'WIDGET'))`,
    })
    .onConflict((oc) => oc.columns(['conversationId', 'clientMessageId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const message = await messages(db)
    .where('m.conversationId', '=', m.conversationId)
    .where('m.clientMessageId', '=', m.clientMessageId)
    .executeTakeFirstOrThrow();
  if (inserted) await notifyChat(db, m.conversationId, `message:${message.id}`);
  return { message, created: inserted !== undefined };
}

/** Records a file written to disk (shared/fileStorage.ts) as the conversation's; its message points at it. */
export async function insertChatFile(
  db: Database,
  conversationId: string,
  f: { key: string; fileName: string; contentType: string; size: number; sha256: string },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('ChatFile')
    .values({ id, conversationId, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256, storedName: f.key })
    .execute();
  return id;
}

export const chatFileById = (db: Database, id: string) =>
  db.selectFrom('ChatFile').select(['id', 'conversationId', 'fileName', 'contentType', 'size', 'storedName']).where('id', '=', id).executeTakeFirst();

export const messageByClientId = (db: Database, conversationId: string, clientMessageId: string) =>
  messages(db).where('m.conversationId', '=', conversationId).where('m.clientMessageId', '=', clientMessageId).executeTakeFirst();
/** A message the visitor sent under this client id in any of their conversations (a channel's update delivered again). */
export const visitorMessageByClientId = (db: Database, visitorKey: string, clientMessageId: string) =>
  messages(db)
    .innerJoin('Conversation as v', 'v.id', 'm.conversationId')
    .where(conversationOfVisitor(visitorKey))
    .where('m.clientMessageId', '=', clientMessageId)
    .executeTakeFirst();

/** The visitor's conversation that was open at `at` and is closed now (a channel's message that arrived after the close). */
export const closedConversationAt = (db: Database, visitorKey: string, at: Date) =>
  conversations(db)
    .where(conversationOfVisitor(visitorKey))
    .where('v.status', '=', 'CLOSED')
    // A channel's time has whole seconds (Telegram's date): a message of the conversation's first
    // second counts as written in it, one of the close's own second as written after it.
    .where('v.createdAt', '<', new Date(at.getTime() + 1000))
    .where('v.closedAt', '>=', new Date(at.getTime() + 1000))
    .orderBy('v.createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();

export const messageById = (db: Database, id: string) => messages(db).where('m.id', '=', id).executeTakeFirst();

/** The history after a sequence number, oldest first. */
export const messagesAfter = (db: Database, conversationId: string, after: number, limit: number) =>
  messages(db).where('m.conversationId', '=', conversationId).where('m.seq', '>', after).orderBy('m.seq', 'asc').limit(limit).execute();

/** How many messages one visitor sent in the last `seconds` (the flood limit). */
export async function recentVisitorMessages(db: Database, visitorKey: string, seconds: number): Promise<number> {
  const row = await db
    .selectFrom('ChatMessage as m')
    .innerJoin('Conversation as v', 'v.id', 'm.conversationId')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(conversationOfVisitor(visitorKey))
    .where('m.author', '=', 'visitor')
    .where('m.createdAt', '>', sql<Date>`now() - make_interval(secs => ${seconds})`)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Moves a read mark forward only (never back), to at most the conversation's last message. */
export async function markRead(db: Database, conversationId: string, side: 'visitorReadSeq' | 'agentReadSeq', seq: number): Promise<void> {
  const last = sql<number>`(SELECT coalesce(max(seq), 0) FROM "ChatMessage" WHERE "conversationId" = ${conversationId})`;
  const moved = await db
    .updateTable('Conversation')
    .set({ [side]: sql<number>`least(${seq}::int, ${last})` })
    .where('id', '=', conversationId)
    .where(side, '<', sql<number>`least(${seq}::int, ${last})`)
    .returning('id')
    .executeTakeFirst();
  if (moved) await notifyChat(db, conversationId, 'read');
}

export type ConversationChange = Partial<{
  status: 'WAITING' | 'ACTIVE' | 'CLOSED';
  assigneeId: string | null;
  offeredToId: string | null;
  offeredAt: Date | null;
  escalatedAt: Date | null;
  departmentId: string;
  requestId: string | null;
  acceptedAt: Date | null;
  firstResponseAt: Date;
  closedAt: Date;
  closeReason: string;
}>;

export async function updateConversation(db: Database, id: string, change: ConversationChange): Promise<ConversationRow> {
  await db
    .updateTable('Conversation')
    .set({ ...change, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
  await notifyChat(db, id, 'state');
  return (await conversationById(db, id))!;
}

/** The first agent answer sets the first-response time once; true when this answer set it. */
export async function stampFirstResponse(db: Database, id: string): Promise<boolean> {
  const r = await db
    .updateTable('Conversation')
    .set({ firstResponseAt: sql<Date>`now()` })
    .where('id', '=', id)
    .where('firstResponseAt', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** The departments whose queue a chat may be transferred to, by name. */
export const transferDepartments = (db: Database) => db.selectFrom('Department').select(['code', 'name']).orderBy('name').orderBy('code').execute();

export const departmentByCode = (db: Database, code: string) => db.selectFrom('Department').select(['id', 'code']).where('code', '=', code).executeTakeFirst();

/** An active agent and their department, for a transfer to them. */
export const agentById = (db: Database, id: string) =>
  db.selectFrom('Employee').select(['id', 'username', 'departmentId', 'roles', 'active']).where('id', '=', id).executeTakeFirst();

// --- the relay to the channels ---

/** The oldest messages of a channel's conversations still to carry out (their ids). */
export const messagesToRelay = (db: Database, channel: ChatChannel, limit: number) =>
  db
    .selectFrom('ChatMessage as m')
    .innerJoin('Conversation as v', 'v.id', 'm.conversationId')
    .select(['m.id', 'm.conversationId'])
    .where('m.relayPending', '=', true)
    .where('v.channel', '=', channel)
    .orderBy('m.createdAt', 'asc')
    .orderBy('m.seq', 'asc')
    .limit(limit)
    .execute();

/** One message to carry out, locked for this pass (another replica's pass skips it), with whom it goes to. */
export const claimRelay = (db: Database, id: string) =>
  db
    .selectFrom('ChatMessage as m')
    .innerJoin('Conversation as v', 'v.id', 'm.conversationId')
    .select(['m.id', 'm.conversationId', 'm.body', 'm.author', 'v.visitorKey', 'v.lang'])
    .where('m.id', '=', id)
    .where('m.relayPending', '=', true)
    .forUpdate('m')
    .skipLocked()
    .executeTakeFirst();

export async function relayDone(db: Database, id: string): Promise<void> {
  await db.updateTable('ChatMessage').set({ relayPending: false }).where('id', '=', id).execute();
}

// --- settings ---

const SETTINGS = [
  'departmentId',
  'greeting',
  'offlineMessage',
  'allowedOrigins',
  'capacity',
  'acceptSeconds',
  'escalateSeconds',
  'opensAt',
  'closesAt',
] as const;
export type SettingsRow = Awaited<ReturnType<typeof readSettings>>;

/** The settings row, its defaults when no admin saved it yet. */
export async function readSettings(db: Database) {
  const row = await db.selectFrom('ChatSettings').select(SETTINGS).where('id', '=', 1).executeTakeFirst();
  return (
    row ?? {
      departmentId: null,
      greeting: '',
      offlineMessage: '',
      allowedOrigins: [] as string[],
      capacity: 3,
      acceptSeconds: 30,
      escalateSeconds: 120,
      opensAt: 0,
      closesAt: 1440,
    }
  );
}

export async function writeSettings(db: Database, s: Omit<NonNullable<Awaited<ReturnType<typeof readSettings>>>, never>): Promise<void> {
  await db
    .insertInto('ChatSettings')
    .values({ id: 1, ...s, updatedAt: new Date() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...s, updatedAt: new Date() }))
    .execute();
}

export const departmentCodeOf = (db: Database, id: string) => db.selectFrom('Department').select('code').where('id', '=', id).executeTakeFirst();

// --- e-mail conversations (mailChat.ts) ---

/** Remembers a Message-ID of the conversation's mail (the client's with its subject, or ours); a second time changes nothing. */
export async function rememberMail(db: Database, m: { messageId: string; conversationId: string; inbound: boolean; subject?: string }): Promise<void> {
  await db
    .insertInto('ChatMailThread')
    .values({ messageId: m.messageId, conversationId: m.conversationId, inbound: m.inbound, subject: m.subject ?? '' })
    .onConflict((oc) => oc.column('messageId').doNothing())
    .execute();
}

/** The conversation one of these Message-IDs (a reply's In-Reply-To and References) belongs to: the newest. */
export const conversationOfMail = (db: Database, messageIds: string[]) =>
  messageIds.length === 0
    ? Promise.resolve(undefined)
    : conversations(db)
        .innerJoin('ChatMailThread as t', 't.conversationId', 'v.id')
        .where('t.messageId', 'in', messageIds)
        .orderBy('t.createdAt', 'desc')
        .limit(1)
        .executeTakeFirst();

/** The conversation's mail, oldest first: the first subject and the client's last mail thread an answer. */
export const mailOfConversation = (db: Database, conversationId: string) =>
  db
    .selectFrom('ChatMailThread')
    .select(['messageId', 'inbound', 'subject'])
    .where('conversationId', '=', conversationId)
    .orderBy('createdAt', 'asc')
    .orderBy('messageId', 'asc')
    .execute();
