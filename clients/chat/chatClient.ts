// The typed chat client for a visitor (docs/chat.md, "Typed client"): what the widget does, for
// a desktop or mobile product that talks to the desk itself. It starts a visitor, opens their
// conversation and talks over the socket with the delivery rules of the protocol: every message
// carries its own client id and is kept until the server's `ack`; after a reconnect the client
// subscribes from the last seq it has and sends the unacknowledged ones again (the server stores
// a resend once). A socket closed with CREDENTIAL_ENDED (4401: the token ended) is not reopened: `ended` fires.
// No runtime dependency: fetch and a WebSocket constructor are the platform's (or given).
import type { ClientFrame, ServerFrame } from '../../domain/chat/frames';
import type { ConversationView, MessageView } from '../../domain/chat/views';
import { CREDENTIAL_ENDED } from '../../domain/chat/closeCodes';

export type { ClientFrame, ServerFrame, ConversationView, MessageView };

/** The part of the WebSocket API the client uses (browsers, React Native, Node's `ws`). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface ChatClientOptions {
  /** The desk's address, e.g. https://desk.example.com */
  baseUrl: string;
  /** Opens a socket (default: the platform's WebSocket). */
  socket?: SocketFactory;
  /** The visitor token kept from an earlier start (the client then skips starting a visitor). */
  token?: string;
}

export interface ChatClientEvents {
  /** A message of the conversation, the visitor's own included once stored. */
  message: (message: MessageView) => void;
  /** The conversation's state: accepted, closed, read marks. */
  conversation: (conversation: ConversationView) => void;
  typing: () => void;
  /** A refused frame (`code`: bad_frame, not_found, conflict, too_large, flood, ...). */
  error: (frame: Extract<ServerFrame, { type: 'error' }>) => void;
  /** The token ended (4401): start a new visitor to go on. */
  ended: () => void;
}

/** An HTTP problem (application/problem+json) of a chat call. */
export class ChatProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(detail);
  }
}

const OPEN = 1;
/** Reconnects 1 s apart, doubling to 30 s, as the widget does. */
const MAX_BACKOFF_MS = 30_000;

interface Pending {
  body: string;
  resolve: (message: MessageView) => void;
  reject: (error: Error) => void;
}

export class ChatVisitorClient {
  private token: string | null;
  private conversationId: string | null = null;
  private lastSeq = 0;
  /** Messages handed to `message` already: a history after a reconnect and an ack may bring one again. */
  private readonly seen = new Set<string>();
  private socket: SocketLike | null = null;
  private failures = 0;
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly handlers: { [K in keyof ChatClientEvents]: ChatClientEvents[K][] } = {
    message: [],
    conversation: [],
    typing: [],
    error: [],
    ended: [],
  };

  constructor(private readonly options: ChatClientOptions) {
    this.token = options.token ?? null;
  }

  /** The visitor token: keep it to find the conversation again later (it ends after CHAT_VISITOR_TOKEN_DAYS). */
  get visitorToken(): string | null {
    return this.token;
  }

  on<K extends keyof ChatClientEvents>(event: K, handler: ChatClientEvents[K]): () => void {
    this.handlers[event].push(handler);
    return () => void this.handlers[event].splice(this.handlers[event].indexOf(handler), 1);
  }

  /**
   * Starts a visitor unless a token was given: anonymous (`name`), or the host product's user
   * (`identity`, its signed JWT), then opens their conversation (their open one again if any)
   * and connects the socket.
   */
  async open(input: { name?: string; identity?: string; lang?: 'ru' | 'en'; department?: string } = {}): Promise<ConversationView> {
    const { department, ...visitor } = input;
    if (!this.token) this.token = (await this.call<{ token: string }>('POST', '/api/chat/visitor', visitor)).token;
    const body = { ...(department ? { department } : {}), ...(input.lang ? { lang: input.lang } : {}) };
    const { conversation } = await this.call<{ conversation: ConversationView }>('POST', '/api/chat/visitor/conversations', body);
    this.conversationId = conversation.id;
    this.closed = false;
    this.connect();
    return conversation;
  }

  /** Sends a message; resolves with the stored message once the server acknowledged it (resent after a reconnect until then). */
  send(body: string, clientMessageId: string = randomId()): Promise<MessageView> {
    if (!this.conversationId) return Promise.reject(new Error('open the conversation first'));
    return new Promise<MessageView>((resolve, reject) => {
      this.pending.set(clientMessageId, { body, resolve, reject });
      this.transmit(clientMessageId, body);
    });
  }

  /** Messages sent but not acknowledged yet (they go again when the socket is back). */
  get unacknowledged(): number {
    return this.pending.size;
  }

  typing(): void {
    if (this.conversationId) this.frame({ type: 'typing', conversationId: this.conversationId });
  }

  /** Marks the conversation read up to the last message received. */
  read(): void {
    if (this.conversationId) this.frame({ type: 'read', conversationId: this.conversationId, seq: this.lastSeq });
  }

  /** Drops the socket (the network went away, the app went to the background); `reconnect` brings it back. */
  disconnect(): void {
    this.closed = true;
    clearTimeout(this.retry);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  reconnect(): void {
    this.closed = false;
    this.connect();
  }

  private transmit(clientMessageId: string, body: string): void {
    this.frame({ type: 'message', conversationId: this.conversationId!, clientMessageId, body });
  }

  private frame(frame: ClientFrame): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private connect(): void {
    if (this.closed || !this.token) return;
    const url = `${this.options.baseUrl.replace(/^http/, 'ws')}/api/chat/socket?token=${encodeURIComponent(this.token)}`;
    const socket = (this.options.socket ?? defaultSocket)(url);
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
      socket.send(JSON.stringify({ type: 'subscribe', conversationId: this.conversationId!, after: this.lastSeq } satisfies ClientFrame));
      for (const [id, p] of this.pending) this.transmit(id, p.body);
    };
    socket.onmessage = (event) => this.handle(JSON.parse(String(event.data)) as ServerFrame);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === CREDENTIAL_ENDED) {
        this.closed = true;
        for (const h of this.handlers.ended) h();
        return;
      }
      if (this.closed) return;
      this.failures++;
      this.retry = setTimeout(() => this.connect(), Math.min(1000 * 2 ** this.failures, MAX_BACKOFF_MS));
    };
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'history':
        for (const h of this.handlers.conversation) h(frame.conversation);
        for (const m of frame.messages) this.received(m);
        return;
      case 'message':
        return this.received(frame.message);
      case 'ack': {
        this.pending.get(frame.clientMessageId)?.resolve(frame.message);
        this.pending.delete(frame.clientMessageId);
        return this.received(frame.message);
      }
      case 'conversation':
        for (const h of this.handlers.conversation) h(frame.conversation);
        return;
      case 'typing':
        if (frame.author === 'agent') for (const h of this.handlers.typing) h();
        return;
      case 'error': {
        const refused = frame.clientMessageId ? this.pending.get(frame.clientMessageId) : undefined;
        if (refused && frame.clientMessageId) {
          this.pending.delete(frame.clientMessageId);
          refused.reject(new ChatProblem(frame.status, frame.detail, frame.errors));
        }
        for (const h of this.handlers.error) h(frame);
        return;
      }
    }
  }

  /** Each message once; the seq to subscribe from after a reconnect moves on with them. */
  private received(message: MessageView): void {
    if (this.seen.has(message.id)) return;
    this.seen.add(message.id);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    for (const h of this.handlers.message) h(message);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.options.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { 'X-Chat-Visitor': this.token } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await res.json().catch(() => ({}))) as T & { detail?: string; errors?: { field: string; message: string }[] };
    if (!res.ok) throw new ChatProblem(res.status, answer.detail ?? res.statusText, answer.errors);
    return answer;
  }
}

const randomId = () => globalThis.crypto.randomUUID();

function defaultSocket(url: string): SocketLike {
  const Platform = (globalThis as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
  if (!Platform) throw new Error('no WebSocket on this platform: pass options.socket');
  return new Platform(url);
}
