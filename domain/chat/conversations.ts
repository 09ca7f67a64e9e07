// Conversations between a visitor and the desk's agents. A visitor starts one without a ticket;
// it waits in its department's queue until an agent accepts it; its workflow offers it to agents
// meanwhile (chat/distribution.ts), and every change here is told to that workflow; either side writes; each message is stored once per client message id,
// so a resend after a reconnect returns the stored one. Staff see conversations by the one rule
// in domain/access (conversationVisible); a visitor only their own (their key). A conversation
// outside one's reach is a 404, never a 403: its existence is not told.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { conflict, DomainError, forbidden, invalid, notFound } from '../shared/errors';
import { LANGS, type Lang } from '../shared/languages';
import { parseInput } from '../shared/validation';
import { openNow } from './settings';
import {
  agentById,
  closedConversationAt,
  conversationSeen,
  conversationsOfRequest,
  departmentByCode,
  inbox,
  insertChatFile,
  insertConversation,
  insertMessage,
  markRead,
  messageByClientId,
  messagesAfter,
  notifyChat,
  openConversationOf,
  readSettings,
  recentVisitorMessages,
  stampFirstResponse,
  updateConversation,
  visitorConversation,
  visitorMessageByClientId,
  type ConversationRow,
  type MessageRow,
} from './repository';
import {
  afterQuerySchema,
  fileMessageQuerySchema,
  messageInputSchema,
  readInputSchema,
  type ChatChannel,
  type ConversationView,
  type MessageView,
} from './views';
import { closedNotice } from './channelTexts';
import type { WrittenFile } from '../shared/fileStorage';
import type { Visitor } from './visitors';
import type { ChatDistributionGateway } from './gateway';
import { recordChatEvent } from './eventsRepository';
import { signedReply } from './agentSettings';
import { agentSettingsOf } from './agentSettingsRepository';

/** History sent at once: a long chat is a few hundred lines; older ones come with "after". */
const HISTORY = 500;
const INBOX = 200;

export const startSchema = z
  .object({
    department: z.string().max(100).optional().describe("the queue's department code; default: the chat settings' department"),
    lang: z.enum(LANGS).optional(),
  })
  .strict();
export const inboxQuerySchema = z.object({ view: z.enum(['waiting', 'mine', 'all']).default('mine') }).strict();
export const transferSchema = z
  .object({
    assigneeId: z.string().max(100).optional().describe('an agent to hand it to'),
    department: z.string().max(100).optional().describe("a department's code: back to its queue"),
  })
  .strict()
  .refine((t) => (t.assigneeId === undefined) !== (t.department === undefined), { message: 'give either assigneeId or department', path: ['assigneeId'] });
export const closeSchema = z.object({ reason: z.string().trim().min(1).max(500).describe('why it is closed (resolved, spam, no answer, ...)') }).strict();

/** Links a conversation to a request: an existing one the agent may see, or one filed now through the intake. */
export const requestLinkSchema = z
  .object({
    requestId: z.string().uuid().optional().describe('an existing request the agent may see'),
    file: z.record(z.unknown()).optional().describe('a new request, as POST /api/requests takes it (filed once per conversation)'),
  })
  .strict()
  .refine((l) => (l.requestId === undefined) !== (l.file === undefined), { message: 'give either requestId or file', path: ['requestId'] });

/** Throws a 404 unless the person may see the request (the request journal; app.ts wires it). */
export type RequestSeen = (actor: Actor, requestId: string) => Promise<unknown>;
/** Files a request through the normal intake, idempotent by key (RequestService.file; app.ts wires it). */
export type FileRequest = (actor: Actor, body: unknown, idempotencyKey: string) => Promise<{ request: { id: string } }>;

export interface ChatLimits {
  maxChars: number;
  floodPerMinute: number;
}

/**
 * A channel's first message, stored in the transaction that opens its conversation (an e-mail's
 * text): the conversation is never seen, offered or answered without it. `also` stores what
 * belongs with it (the mail's Message-ID, so the greeting's answer threads under it).
 */
export interface Opening {
  clientMessageId: string;
  body: string;
  also?: (trx: Database, conversationId: string) => Promise<void>;
}

/** What became of a channel's message (channelMessage). */
export type ChannelOutcome = 'stored' | 'again' | 'closed' | 'none';

export const conversationView = (c: ConversationRow): ConversationView => ({
  id: c.id,
  status: c.status as ConversationView['status'],
  channel: c.channel as ConversationView['channel'],
  visitorName: c.visitorName,
  identified: c.identified,
  lang: c.lang,
  departmentId: c.departmentId,
  assigneeId: c.assigneeId,
  offeredToId: c.offeredToId,
  escalatedAt: c.escalatedAt?.toISOString() ?? null,
  requestId: c.requestId,
  createdAt: c.createdAt.toISOString(),
  acceptedAt: c.acceptedAt?.toISOString() ?? null,
  closedAt: c.closedAt?.toISOString() ?? null,
  closeReason: c.closeReason,
  visitorReadSeq: c.visitorReadSeq,
  agentReadSeq: c.agentReadSeq,
  unread: c.unread,
});
export const messageView = (m: MessageRow): MessageView => ({
  id: m.id,
  seq: m.seq,
  conversationId: m.conversationId,
  clientMessageId: m.clientMessageId,
  author: m.author as MessageView['author'],
  body: m.body,
  file: m.fileId && m.fileName !== null ? { id: m.fileId, fileName: m.fileName, contentType: m.contentType!, size: m.size! } : null,
  createdAt: m.createdAt.toISOString(),
});

export class ChatService {
  constructor(
    private readonly db: Database,
    readonly limits: ChatLimits,
    private readonly requests: { seen: RequestSeen; file: FileRequest },
    private readonly distribution: ChatDistributionGateway,
  ) {}

  /** Tells the conversation's workflow after the change is committed (its run reads the row). */
  private async told(c: ConversationView, kind: Parameters<ChatDistributionGateway['changed']>[1]): Promise<ConversationView> {
    await this.distribution.changed([c.id], kind);
    return c;
  }

  // --- visitors ---

  /** Starts the visitor's conversation, or returns the one still open (starting twice opens one). */
  async start(visitor: Visitor, body: unknown, origin: string | null) {
    return this.begin(visitor, parseInput(startSchema, body ?? {}), origin, 'WIDGET');
  }

  /**
   * A conversation asked for from a channel (a Telegram user's /operator): the same queue and
   * distribution as the widget's, in the chat settings' department; the one still open if any.
   */
  async startFromChannel(visitor: Visitor, channel: Exclude<ChatChannel, 'WIDGET'>, lang: Lang, opening?: Opening) {
    return this.begin(visitor, { lang }, null, channel, opening);
  }

  private async begin(visitor: Visitor, input: z.infer<typeof startSchema>, origin: string | null, channel: ChatChannel, opening?: Opening) {
    const open = await openConversationOf(this.db, visitor.key);
    // Started again: its workflow too (a no-op when it runs; a start whose workflow failed to start is completed so).
    if (open) return { conversation: await this.told(conversationView(open), 'started'), created: false };
    const settings = await readSettings(this.db);
    const department = input.department ? await departmentByCode(this.db, input.department) : null;
    if (input.department && !department) throw invalid([{ field: 'department', message: `no department ${input.department}` }]);
    const departmentId = department?.id ?? settings.departmentId;
    if (!departmentId) throw conflict('the chat has no department yet: an admin sets it in the chat settings');
    const created = await this.db.transaction().execute(async (trx) => {
      const c = await insertConversation(trx, {
        visitorKey: visitor.key,
        channel,
        visitorName: visitor.name,
        identified: visitor.identified,
        lang: input.lang ?? 'ru',
        origin,
        departmentId,
      });
      // Outside the working hours the visitor is told so, and may still leave the question: the
      // conversation waits in the queue like any other and is offered when agents clock in.
      const welcome = openNow(settings) ? settings.greeting : settings.offlineMessage;
      if (welcome) await insertMessage(trx, { conversationId: c.id, clientMessageId: 'greeting', author: 'system', authorId: null, body: welcome });
      if (opening) {
        await opening.also?.(trx, c.id);
        await this.visitorInsert(trx, visitor, c.id, this.message({ clientMessageId: opening.clientMessageId, body: opening.body }));
      }
      return c;
    });
    return { conversation: await this.told(conversationView(created), 'started'), created: true };
  }

  /**
   * A channel's message from the visitor (a Telegram update), under the channel's own id of it:
   * `again` when it was stored before (the update delivered twice), `stored` into the open
   * conversation, `closed` when it was written while a conversation now closed was open (it
   * arrived late: stored nowhere, the sender is told), `none` when no conversation is concerned
   * (the channel handles it as before). A refused one (too long, a flood) throws as a widget's does.
   */
  async channelMessage(visitor: Visitor, clientMessageId: string, body: string, sentAt: Date): Promise<ChannelOutcome> {
    return this.channelInto(visitor, clientMessageId, sentAt, (id) => this.visitorSend(visitor, id, { clientMessageId, body }));
  }

  /** As channelMessage, with `store` storing the message into the open conversation (a file: chat/files.ts channelFile). */
  async channelInto(
    visitor: Visitor,
    clientMessageId: string,
    sentAt: Date,
    store: (conversationId: string) => Promise<{ created: boolean }>,
  ): Promise<ChannelOutcome> {
    if (await visitorMessageByClientId(this.db, visitor.key, clientMessageId)) return 'again';
    const open = await openConversationOf(this.db, visitor.key);
    if (open) return (await store(open.id)).created ? 'stored' : 'again';
    return (await closedConversationAt(this.db, visitor.key, sentAt)) ? 'closed' : 'none';
  }

  /** The visitor's own conversation with its history after `after` (404 for anyone else's). */
  async visitorHistory(visitor: Visitor, id: string, query: unknown) {
    const q = parseInput(afterQuerySchema, query ?? {});
    const c = await visitorConversation(this.db, visitor.key, id);
    if (!c) throw notFound('conversation');
    return this.history(c, q.after);
  }

  /** The visitor's own conversation, or a 404 (checked before a file's bytes are read). */
  async visitorOwn(visitor: Visitor, id: string): Promise<ConversationRow> {
    const c = await visitorConversation(this.db, visitor.key, id);
    if (!c) throw notFound('conversation');
    return c;
  }

  /** A visitor message: `body` the text message's body, or with `file` (written, not yet recorded) the file message's query. */
  async visitorSend(visitor: Visitor, id: string, body: unknown, file?: WrittenFile) {
    return this.db.transaction().execute(async (trx) => {
      const c = await visitorConversation(trx, visitor.key, id, true);
      if (!c) throw notFound('conversation');
      const input = this.message(body, file);
      if (c.status === 'CLOSED') throw conflict('the conversation is closed: start a new one');
      return this.visitorInsert(trx, visitor, id, input, file);
    });
  }

  /** Stores a visitor's message within the caller's transaction: once per client id, within the flood limit. */
  private async visitorInsert(trx: Database, visitor: Visitor, id: string, input: { clientMessageId: string; body: string }, file?: WrittenFile) {
    // A resend of a message already stored is answered before the flood count: reconnecting is not flooding.
    const known = await messageByClientId(trx, id, input.clientMessageId);
    if (known) return { message: messageView(known), created: false };
    if ((await recentVisitorMessages(trx, visitor.key, 60)) >= this.limits.floodPerMinute)
      throw new DomainError(429, 'Too Many Requests', `at most ${this.limits.floodPerMinute} messages a minute from one visitor`);
    const stored = await insertMessage(trx, {
      conversationId: id,
      clientMessageId: input.clientMessageId,
      author: 'visitor',
      authorId: null,
      body: input.body,
      fileId: file ? await insertChatFile(trx, id, file) : null,
    });
    return { message: messageView(stored.message), created: stored.created };
  }

  async visitorRead(visitor: Visitor, id: string, body: unknown): Promise<void> {
    const c = await visitorConversation(this.db, visitor.key, id);
    if (!c) throw notFound('conversation');
    const { seq } = parseInput(readInputSchema, body);
    await markRead(this.db, id, 'visitorReadSeq', seq);
  }

  /** "The visitor is typing", to the agent's screen (nothing stored). */
  async visitorTyping(visitor: Visitor, id: string): Promise<void> {
    if (!(await visitorConversation(this.db, visitor.key, id))) throw notFound('conversation');
    await notifyChat(this.db, id, 'typing:visitor');
  }

  // --- staff ---

  async inbox(actor: Actor, query: unknown): Promise<ConversationView[]> {
    this.staffOnly(actor);
    const q = parseInput(inboxQuerySchema, query ?? {});
    return (await inbox(this.db, actor, q.view, INBOX)).map(conversationView);
  }

  async get(actor: Actor, id: string, query: unknown) {
    const q = parseInput(afterQuerySchema, query ?? {});
    return this.history(await this.seen(actor, id), q.after);
  }

  /** The conversation as the staff member may see it, or a 404. */
  async seen(actor: Actor, id: string, db: Database = this.db, lock = false): Promise<ConversationRow> {
    const c = await conversationSeen(db, actor, id, lock);
    if (!c) throw notFound('conversation');
    return c;
  }

  /** An agent's answer: theirs once accepted (a supervisor or admin who sees it may step in). */
  /** `body` the text message's body, or with `file` (written, not yet recorded) the file message's query. */
  async send(actor: Actor, id: string, body: unknown, file?: WrittenFile) {
    return this.db.transaction().execute(async (trx) => {
      const c = await this.seen(actor, id, trx, true);
      const input = this.message(body, file);
      if (c.status === 'CLOSED') throw conflict('the conversation is closed');
      if (c.assigneeId !== actor.id && !hasRole(actor, 'supervisor', 'admin')) throw conflict('accept the conversation before answering');
      // A file sent again finds its message before a second file row is written.
      const known = file ? await messageByClientId(trx, id, input.clientMessageId) : undefined;
      if (known) return { message: messageView(known), created: false };
      // The signature is added here, on the server, so every client's reply carries it (a file's name does not).
      const text = file ? input.body : signedReply(input.body, (await agentSettingsOf(trx, actor.id)).signature);
      const stored = await insertMessage(trx, {
        conversationId: id,
        clientMessageId: input.clientMessageId,
        author: 'agent',
        authorId: actor.id,
        body: text,
        fileId: file ? await insertChatFile(trx, id, file) : null,
      });
      if (stored.created && (await stampFirstResponse(trx, id))) await recordChatEvent(trx, 'chat.first_response', id);
      return { message: messageView(stored.message), created: stored.created };
    });
  }

  async read(actor: Actor, id: string, body: unknown): Promise<void> {
    await this.seen(actor, id);
    const { seq } = parseInput(readInputSchema, body);
    await markRead(this.db, id, 'agentReadSeq', seq);
  }

  /** "The agent is typing", to the visitor's screen (nothing stored). */
  async typing(actor: Actor, id: string): Promise<void> {
    await this.seen(actor, id);
    await notifyChat(this.db, id, 'typing:agent');
  }

  /** The agent takes a waiting conversation (or the one offered to them); someone else's: 409. */
  async accept(actor: Actor, id: string): Promise<ConversationView> {
    if (!hasRole(actor, 'agent')) throw forbidden('only agents accept conversations');
    const accepted = await this.db.transaction().execute(async (trx) => {
      const c = await this.seen(actor, id, trx, true);
      if (c.assigneeId === actor.id) return conversationView(c);
      if (c.status !== 'WAITING') throw conflict(c.status === 'CLOSED' ? 'the conversation is closed' : 'another agent has accepted it');
      const now = await updateConversation(trx, id, { status: 'ACTIVE', assigneeId: actor.id, offeredToId: null, offeredAt: null, acceptedAt: new Date() });
      await recordChatEvent(trx, 'chat.accepted', id);
      return conversationView(now);
    });
    return this.told(accepted, 'accepted');
  }

  /** Hands the conversation to an agent (active at once) or back to a department's queue. */
  async transfer(actor: Actor, id: string, body: unknown): Promise<ConversationView> {
    const moved = await this.db.transaction().execute(async (trx) => {
      const c = await this.seen(actor, id, trx, true);
      const t = parseInput(transferSchema, body);
      if (c.status === 'CLOSED') throw conflict('the conversation is closed');
      if (c.assigneeId !== actor.id && !hasRole(actor, 'supervisor', 'admin')) throw conflict('only its agent or a supervisor transfers it');
      if (t.assigneeId !== undefined) {
        const agent = await agentById(trx, t.assigneeId);
        if (!agent || !agent.active || !agent.roles.includes('agent')) throw invalid([{ field: 'assigneeId', message: 'no active agent with this id' }]);
        const departmentId = agent.departmentId ?? c.departmentId;
        const moved = await updateConversation(trx, id, {
          status: 'ACTIVE',
          assigneeId: agent.id,
          departmentId,
          offeredToId: null,
          offeredAt: null,
          acceptedAt: c.acceptedAt ?? new Date(),
        });
        // Handed to an agent before anyone accepted: that is its accept (the waiting ends).
        if (!c.acceptedAt) await recordChatEvent(trx, 'chat.accepted', id);
        return conversationView(moved);
      }
      const department = await departmentByCode(trx, t.department!);
      if (!department) throw invalid([{ field: 'department', message: `no department ${t.department}` }]);
      return conversationView(
        await updateConversation(trx, id, { status: 'WAITING', assigneeId: null, offeredToId: null, offeredAt: null, departmentId: department.id }),
      );
    });
    return this.told(moved, 'transferred');
  }

  async close(actor: Actor, id: string, body: unknown): Promise<ConversationView> {
    const closed = await this.db.transaction().execute(async (trx) => {
      const c = await this.seen(actor, id, trx, true);
      const { reason } = parseInput(closeSchema, body);
      if (c.status === 'CLOSED') return conversationView(c);
      if (c.assigneeId !== actor.id && !hasRole(actor, 'supervisor', 'admin')) throw conflict('only its agent or a supervisor closes it');
      const now = await updateConversation(trx, id, { status: 'CLOSED', closedAt: new Date(), closeReason: reason, offeredToId: null });
      await recordChatEvent(trx, 'chat.closed', id);
      // A channel's visitor has no screen that shows the state: they are told in words (the relay carries it).
      if (c.channel !== 'WIDGET')
        await insertMessage(trx, { conversationId: id, clientMessageId: 'closed', author: 'system', authorId: null, body: closedNotice(c.lang) });
      return conversationView(now);
    });
    return this.told(closed, 'closed');
  }

  /** Turns the conversation into a service request (the intake and its workflow, once per conversation) or links an existing one. */
  async linkRequest(actor: Actor, id: string, body: unknown): Promise<ConversationView> {
    const c = await this.seen(actor, id);
    const link = parseInput(requestLinkSchema, body);
    if (c.assigneeId !== actor.id && !hasRole(actor, 'supervisor', 'admin')) throw conflict('only its agent or a supervisor links it');
    let requestId = link.requestId;
    if (requestId) await this.requests.seen(actor, requestId);
    else requestId = (await this.requests.file(actor, link.file, `chat-conversation:${id}`)).request.id;
    return conversationView(await updateConversation(this.db, id, { requestId }));
  }

  /** The conversations linked to a request the person may see (staff: the incident's page shows them). */
  async ofRequest(actor: Actor, requestId: string): Promise<ConversationView[]> {
    await this.requests.seen(actor, requestId);
    this.staffOnly(actor);
    return (await conversationsOfRequest(this.db, requestId)).map(conversationView);
  }

  // --- shared ---

  private message(body: unknown, file?: WrittenFile) {
    if (file) return { clientMessageId: parseInput(fileMessageQuerySchema, body).clientMessageId, body: file.fileName };
    const input = parseInput(messageInputSchema, body);
    if (input.body.trim() === '') throw invalid([{ field: 'body', message: 'must not be empty' }]);
    if (input.body.length > this.limits.maxChars)
      throw new DomainError(413, 'Payload Too Large', `body: at most ${this.limits.maxChars} characters`, [
        { field: 'body', message: `at most ${this.limits.maxChars} characters` },
      ]);
    return input;
  }

  private async history(c: ConversationRow, after: number) {
    return { conversation: conversationView(c), messages: (await messagesAfter(this.db, c.id, after, HISTORY)).map(messageView) };
  }

  private staffOnly(actor: Actor): void {
    if (!hasRole(actor, 'agent', 'supervisor', 'admin')) throw forbidden('the chat inbox is for staff');
  }
}
