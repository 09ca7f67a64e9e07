// The agent inbox's live link to the chat (docs/chat.md): one WebSocket for the page (the session
// cookie signs it in), following the open conversation and hearing every conversation that
// enters the agent's inbox, and the visitors' messages of the agent's other conversations. Like the widget, after three failed sockets in a row it falls back
// to the HTTP long poll for the open conversation, and keeps trying the socket with backoff
// (1 s doubling to 30 s): a network that blocks WebSockets still gets every message.
import { api } from './api';
import { CREDENTIAL_ENDED } from '../../../domain/chat/closeCodes';
import type { ChatConversation, ChatMessage } from './types';

export type LiveMode = 'connecting' | 'socket' | 'poll';

export interface LiveHandlers {
  /** Messages of the followed conversation (a history or a long poll's answer: possibly several); `live`: they arrived just now, not with a history. */
  messages(conversationId: string, messages: ChatMessage[], live: boolean): void;
  /** A conversation's state: the followed one, or one entering or leaving the inbox. */
  conversation(conversation: ChatConversation): void;
  typing(conversationId: string): void;
  /** The visitor wrote in a conversation assigned to this agent that is not followed (its unread count in `conversation`). */
  unread?(conversation: ChatConversation, message: ChatMessage): void;
  mode(mode: LiveMode): void;
  /** The server closed the socket because the session ended (signed out, expired, disabled). */
  ended(): void;
}

/** Failed sockets in a row before the long poll takes over (the widget's rule). */
const FAILURES_BEFORE_POLL = 3;
const MAX_BACKOFF_MS = 30_000;
/** A long poll that failed (the app restarting, a proxy's timeout) is asked again after this. */
const POLL_RETRY_MS = 5_000;

export class ChatLive {
  private socket: WebSocket | null = null;
  private failures = 0;
  private polling = false;
  private stopped = false;
  private followed: { id: string; after: number } | null = null;
  /** Bumped when the followed conversation changes: a long poll of the previous one stops. */
  private round = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly on: LiveHandlers) {}

  start(): void {
    this.on.mode('connecting');
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close();
  }

  /** Follows one conversation (null: none) from its first message. */
  follow(id: string | null): void {
    this.followed = id ? { id, after: 0 } : null;
    this.round++;
    if (!id) return;
    if (this.open()) this.frame({ type: 'subscribe', conversationId: id, after: 0 });
    else if (this.polling) void this.poll(this.round, false);
  }

  /** Marks the followed conversation read up to `seq` (socket, else HTTP). */
  read(conversationId: string, seq: number): void {
    if (this.open()) this.frame({ type: 'read', conversationId, seq });
    else void api('POST', '/api/chat/conversations/{id}/read', { params: { id: conversationId }, body: { seq } }).catch(() => undefined);
  }

  typing(conversationId: string): void {
    if (this.open()) this.frame({ type: 'typing', conversationId });
  }

  /** Messages are stored over HTTP (POST .../messages); the followed seq moves on with what arrives. */
  private received(conversationId: string, messages: ChatMessage[], live: boolean): void {
    if (this.followed?.id === conversationId) for (const m of messages) this.followed.after = Math.max(this.followed.after, m.seq);
    if (messages.length) this.on.messages(conversationId, messages, live);
  }

  private open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private frame(frame: Record<string, unknown>): void {
    this.socket?.send(JSON.stringify(frame));
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/chat/socket`);
    this.socket = ws;
    ws.onopen = () => {
      this.failures = 0;
      this.polling = false;
      this.round++; // a long poll running stops at its answer
      this.on.mode('socket');
      if (this.followed) this.frame({ type: 'subscribe', conversationId: this.followed.id, after: this.followed.after });
    };
    ws.onmessage = (event) => this.handle(JSON.parse(String(event.data)) as Record<string, unknown>);
    ws.onclose = (event) => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (this.stopped) return;
      if (event.code === CREDENTIAL_ENDED) {
        this.stopped = true;
        return this.on.ended();
      }
      this.failures++;
      if (this.failures >= FAILURES_BEFORE_POLL && !this.polling) {
        this.polling = true;
        this.on.mode('poll');
        void this.poll(++this.round, false);
      } else if (!this.polling) this.on.mode('connecting');
      this.retry = setTimeout(() => this.connect(), Math.min(1000 * 2 ** this.failures, MAX_BACKOFF_MS));
    };
  }

  private handle(f: Record<string, unknown>): void {
    if (f.type === 'history') {
      const conversation = f.conversation as ChatConversation;
      this.on.conversation(conversation);
      this.received(conversation.id, f.messages as ChatMessage[], false);
    } else if (f.type === 'message') {
      const m = f.message as ChatMessage;
      this.received(m.conversationId, [m], true);
    } else if (f.type === 'conversation') this.on.conversation(f.conversation as ChatConversation);
    else if (f.type === 'unread') this.on.unread?.(f.conversation as ChatConversation, f.message as ChatMessage);
    else if (f.type === 'typing' && f.author === 'visitor') this.on.typing(String(f.conversationId));
  }

  /** The long poll of the followed conversation while the socket is down: the first ask answers at once. */
  private async poll(round: number, wait: boolean): Promise<void> {
    const followed = this.followed;
    if (!followed || round !== this.round || !this.polling || this.stopped) return;
    try {
      const r = await api('GET', '/api/chat/conversations/{id}', {
        params: { id: followed.id },
        query: { after: followed.after, ...(wait ? { wait: 'true' as const } : {}) },
      });
      if (round !== this.round) return;
      this.on.conversation(r.conversation);
      // The first ask brings the history; a held answer (wait) what was written meanwhile.
      this.received(followed.id, r.messages, wait);
      void this.poll(round, true);
    } catch {
      setTimeout(() => void this.poll(round, wait), POLL_RETRY_MS);
    }
  }
}
