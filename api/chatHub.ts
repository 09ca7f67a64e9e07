// The chat's fan-out: every stored message, read mark, state change and typing signal notifies
// the PostgreSQL channel "chat_changes" ("<conversation> <what>", domain/chat/repository.ts),
// whichever process wrote it; the hub hands each event to the sockets and long polls of that
// conversation, and state changes to the staff inboxes that may see the conversation. The live
// board's connection LISTENs for it (api/liveUpdates.ts, one per app instance), so N instances
// behind a balancer each hear every event.
import type { Actor } from '../domain/access/identity';
import { conversationView, messageView } from '../domain/chat/conversations';
import { conversationById, conversationSeen, messageById } from '../domain/chat/repository';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';

/** A frame from the server (docs/chat.md, "Frames"). */
export type ServerFrame = Record<string, unknown> & { type: string };

export interface ChatListener {
  /** The conversations this connection follows. */
  conversations: Set<string>;
  /** A staff member's inbox: state changes of every conversation they may see. */
  staff: Actor | null;
  send(frame: ServerFrame): void;
}

/** A long poll holds its answer this long: below the 60 s idle timeout of common proxies. */
const LONG_POLL_MS = 25_000;

export class ChatHub {
  private readonly listeners = new Set<ChatListener>();
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
    return () => this.listeners.delete(listener);
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

  private async changed(payload: string): Promise<void> {
    const [conversationId, what] = payload.split(' ') as [string, string];
    for (const wake of [...(this.waiters.get(conversationId) ?? [])]) wake();
    const followers = [...this.listeners].filter((l) => l.conversations.has(conversationId));
    if (what.startsWith('typing:')) {
      for (const l of followers) l.send({ type: 'typing', conversationId, author: what.slice('typing:'.length) });
      return;
    }
    if (what.startsWith('message:')) {
      const m = await messageById(this.db, what.slice('message:'.length));
      if (m) for (const l of followers) l.send({ type: 'message', message: messageView(m) });
      return;
    }
    const row = await conversationById(this.db, conversationId);
    if (!row) return;
    const conversation = conversationView(row);
    for (const l of followers) l.send({ type: 'conversation', conversation });
    // Inboxes: every staff connection that may see it now (an agent's queue, a supervisor's department).
    for (const l of this.listeners) {
      if (!l.staff || l.conversations.has(conversationId)) continue;
      if (await conversationSeen(this.db, l.staff, conversationId)) l.send({ type: 'conversation', conversation });
    }
  }
}
