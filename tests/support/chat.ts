// Chat helpers: a visitor (anonymous or signed by the host product), and sockets for visitors and
// staff that collect the frames they receive and wait for the one a test expects.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { api, tokenFor } from './api';
import { APP_URL, testEnv } from './env';

export const SOCKET_URL = `${APP_URL.replace(/^http/, 'ws')}/api/chat/socket`;

/** The chat's settings as the suites need them: the IT queue, a greeting, a known origin. */
export async function chatOpen(patch: Record<string, unknown> = {}): Promise<void> {
  const res = await api('admin', 'PUT', '/api/admin/chat-settings', {
    department: 'it',
    greeting: 'Hello! / Здравствуйте!',
    offlineMessage: 'We are offline',
    allowedOrigins: ['http://host.example'],
    capacity: 3,
    acceptSeconds: 30,
    escalateSeconds: 120,
    opensAt: 0,
    closesAt: 1440,
    ...patch,
  });
  if (res.status !== 200) throw new Error(`chat settings: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A host product's signed identity for its user (CHAT_HOST_SECRET of the test profile). */
export const hostIdentity = (sub: string, name: string, secret = testEnv.CHAT_HOST_SECRET!) =>
  new SignJWT({ name }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('10m').sign(new TextEncoder().encode(secret));

export interface Visitor {
  token: string;
  headers: Record<string, string>;
}

export async function newVisitor(body: Record<string, unknown> = {}): Promise<Visitor> {
  const res = await api(null, 'POST', '/api/chat/visitor', body);
  if (res.status !== 200) throw new Error(`visitor: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, headers: { 'X-Chat-Visitor': res.body.token } };
}

/** A visitor with a conversation started: its id. */
export async function visitorWithConversation(): Promise<Visitor & { conversationId: string }> {
  const v = await newVisitor();
  const res = await api(null, 'POST', '/api/chat/visitor/conversations', {}, v.headers);
  if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...v, conversationId: res.body.conversation.id };
}

export const visitorSays = (v: Visitor, conversationId: string, body: string, clientMessageId: string = randomUUID()) =>
  api(null, 'POST', `/api/chat/visitor/conversations/${conversationId}/messages`, { clientMessageId, body }, v.headers);

/** A socket that keeps every frame; `next` waits for the first (new) frame matching. */
export class ChatSocket {
  readonly frames: any[] = [];
  private waiting: { match: (f: any) => boolean; resolve: (f: any) => void; from: number }[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('close', (code) => (this.closedWith = code));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      this.frames.push(frame);
      for (const w of [...this.waiting])
        if (w.match(frame)) {
          this.waiting.splice(this.waiting.indexOf(w), 1);
          w.resolve(frame);
        }
    });
  }

  /** The close code the server gave, once the socket is closed. */
  closedWith: number | null = null;

  static open(options: { token?: string; user?: string; origin?: string; cookie?: string }): Promise<ChatSocket> {
    return (async () => {
      const headers: Record<string, string> = options.user ? { authorization: `Bearer ${await tokenFor(options.user)}` } : {};
      if (options.cookie) headers.cookie = options.cookie;
      const url = options.token ? `${SOCKET_URL}?token=${encodeURIComponent(options.token)}` : SOCKET_URL;
      const ws = new WebSocket(url, { headers, origin: options.origin ?? APP_URL });
      const socket = new ChatSocket(ws);
      const hello = socket.next((f) => f.type === 'hello');
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
        ws.once('error', reject);
      });
      await hello;
      return socket;
    })();
  }

  /** The first frame matching, among those already received after `since` or still to come. */
  next(match: (f: any) => boolean, since = 0): Promise<any> {
    const seen = this.frames.slice(since).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiting.push({ match, resolve, from: since }));
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** The status a refused upgrade answers. */
export function refusedStatus(url: string, headers: Record<string, string> = {}, origin = APP_URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, origin });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => {
      ws.close();
      reject(new Error('the socket opened'));
    });
    ws.once('error', () => undefined);
  });
}

/** A visitor's conversation and the visitor's socket subscribed to it (as the widget talks). */
export interface VisitorChat {
  id: string;
  socket: ChatSocket;
  /** The visitor's token (a widget given it shows the same conversation). */
  token: string;
}

/** A visitor starts a conversation in a department's queue and follows it over the socket. */
export async function visitorChat(departmentCode: string, name: string): Promise<VisitorChat> {
  const v = await newVisitor({ name, lang: 'en' });
  const res = await api(null, 'POST', '/api/chat/visitor/conversations', { department: departmentCode }, v.headers);
  if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
  const socket = await ChatSocket.open({ token: v.token });
  socket.send({ type: 'subscribe', conversationId: res.body.conversation.id, after: 0 });
  await socket.next((f) => f.type === 'history');
  return { id: res.body.conversation.id, socket, token: v.token };
}

/** The visitor writes over the socket; resolves once the message is stored (its ack). */
export async function visitorWrites(chat: VisitorChat, body: string): Promise<void> {
  const clientMessageId = randomUUID();
  chat.socket.send({ type: 'message', conversationId: chat.id, clientMessageId, body });
  const ack = await chat.socket.next((f) => f.type === 'ack' && f.clientMessageId === clientMessageId);
  if (ack.message?.body !== body) throw new Error(`ack: ${JSON.stringify(ack)}`);
}
