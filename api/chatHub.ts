// The chat's fan-out: every stored message, read mark, state change and typing signal notifies
// the PostgreSQL channel "chat_changes" ("<conversation> <what>", domain/chat/repository.ts),
// whichever process wrote it; the hub hands each event to the sockets and long polls of that
// conversation, and state changes to the staff inboxes that may see the conversation. The live
// board's connection LISTENs for it (api/liveUpdates.ts, one per app instance), so N instances
// behind a balancer each hear every event. A conversation that leaves a staff member's sight (a
// colleague accepted it from the queue, it went to another department) is told to them once
// more, so an inbox or a board drops it at once instead of at its next full read. A visitor's
// message reaches the assigned agent's connections that do not follow the conversation as an
// "unread" frame: the inbox beeps and marks it in the list.
import type { Actor } from '../domain/access/identity';
import { conversationView, messageView } from '../domain/chat/conversations';
import type { ServerFrame } from '../domain/chat/frames';
import type { MessageView } from '../domain/chat/views';
import { conversationById, conversationSeen, inbox, messageById } from '../domain/chat/repository';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';

export interface ChatListener {
  /** The conversations this connection follows. */
  conversations: Set<string>;
  /** A staff member's inbox: state changes of every conversation they may see. */
  staff: Actor | null;
  send(frame: ServerFrame): void;
}

/** What the hub keeps per staff connection: the conversations it has told them of (or they could see at connecting). */
type Known = Map<ChatListener, Set<string>>;

/** Open conversations read at a staff connection's start: its inbox at most (INBOX in conversations.ts is 200). */
const KNOWN_AT_START = 500;

/** A long poll holds its answer this long: below the 60 s idle timeout of common proxies. */
const LONG_POLL_MS = 25_000;

export class ChatHub {
  private readonly listeners = new Set<ChatListener>();
  private readonly known: Known = new Map();
  private readonly waiters = new Map<string, Set<() => void>>();
  private stopped = false;

  constructor(private readonly db: Database) {}

  /** Wakes the long polls (the app is stopping; the socket server closes the sockets). */
  stop(): void {
    this.stopped = true;
    for (const set of this.waiters.values()) for (const wake of set) wake();
  }

  /** A notification of chat_changes (LiveUpdates listens on its connection and hands it here). */
  heard(payload: string): void {
    if (this.stopped) return;
    void this.changed(payload).catch((error: unknown) => log.warn('chat: event not delivered', { error: String(error) }));
  }

  add(listener: ChatListener): () => void {
    this.listeners.add(listener);
    if (listener.staff) void this.seed(listener).catch((error: unknown) => log.warn('chat: inbox not read', { error: String(error) }));
    return () => {
      this.listeners.delete(listener);
      this.known.delete(listener);
    };
  }

  /** The open conversations a staff connection sees at its start: one of them leaving its sight is told too. */
  private async seed(listener: ChatListener): Promise<void> {
    const open = await inbox(this.db, listener.staff!, 'all', KNOWN_AT_START);
    if (!this.listeners.has(listener)) return;
    const known = this.known.get(listener) ?? new Set<string>();
    for (const c of open) known.add(c.id);
    this.known.set(listener, known);
  }

  /** The long poll: what `read` finds, or when it finds no message, what it finds at the conversation's next event (25 s at most). */
  async poll<T extends { messages: unknown[] }>(conversationId: string, wait: boolean, read: () => Promise<T>): Promise<T> {
    const first = await read();
    if (!wait || first.messages.length) return first;
    await this.next(conversationId, LONG_POLL_MS);
    return read();
  }

  /** Resolves at the conversation's next event or after `ms`. */
  next(conversationId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(conversationId) ?? new Set();
      this.waiters.set(conversationId, set);
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (!set.size) this.waiters.delete(conversationId);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      set.add(wake);
    });
  }

  /**
   * A visitor's message to the connections of the agent the conversation is assigned to that do
   * not follow it: an agent holds up to `capacity` chats (3 by default) and has one open, the
   * others must beep and show their unread count too. The conversation is read as that agent
   * sees it (the one access rule), with its unread count.
   */
  private async unread(conversationId: string, message: MessageView): Promise<void> {
    const row = await conversationById(this.db, conversationId);
    if (!row?.assigneeId) return;
    for (const l of this.listeners) {
      if (l.staff?.id !== row.assigneeId || l.conversations.has(conversationId)) continue;
      const seen = await conversationSeen(this.db, l.staff, conversationId);
      if (seen) l.send({ type: 'unread', conversation: conversationView(seen), message });
    }
  }

  private async changed(payload: string): Promise<void> {
    const [conversationId, what] = payload.split(' ') as [string, string];
    for (const wake of [...(this.waiters.get(conversationId) ?? [])]) wake();
    const followers = [...this.listeners].filter((l) => l.conversations.has(conversationId));
    if (what.startsWith('typing:')) {
      const author = what.slice('typing:'.length) === 'agent' ? 'agent' : 'visitor';
      for (const l of followers) l.send({ type: 'typing', conversationId, author });
      return;
    }
    if (what.startsWith('message:')) {
      const m = await messageById(this.db, what.slice('message:'.length));
      if (!m) return;
      const message = messageView(m);
      for (const l of followers) l.send({ type: 'message', message });
      if (m.author === 'visitor') await this.unread(conversationId, message);
      return;
    }
    const row = await conversationById(this.db, conversationId);
    if (!row) return;
    const conversation = conversationView(row);
    for (const l of followers) l.send({ type: 'conversation', conversation });
    // Inboxes: every staff connection that may see it now (an agent's queue, a supervisor's
    // department), and once more those who saw it and no longer may (it left their queue).
    for (const l of this.listeners) {
      if (!l.staff || l.conversations.has(conversationId)) continue;
      const known = this.known.get(l) ?? new Set<string>();
      this.known.set(l, known);
      if (await conversationSeen(this.db, l.staff, conversationId)) {
        l.send({ type: 'conversation', conversation });
        if (conversation.status === 'CLOSED') known.delete(conversationId);
        else known.add(conversationId);
      } else if (known.delete(conversationId)) l.send({ type: 'conversation', conversation });
    }
  }
}
