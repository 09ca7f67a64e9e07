// The chat's WebSocket, /api/chat/socket on the app's own HTTP server. Who connects is decided
// before the upgrade: a visitor by ?token= (their visitor token), staff by the session cookie
// or a bearer token; an Origin not in the allow-list (the desk itself and the chat settings'
// allowed origins) is refused with 403, a forged or missing credential with 401. Then each
// text frame is one JSON object (domain/chat/frames.ts); every failure answers an error frame
// with a code and, for a message, its client id; nothing is stored half. The credential is
// asked again every SESSION_RECHECK_MINUTES, as the board's live stream does: a session signed
// out, expired or of an account disabled, or a visitor token past its end, closes the socket
// (code 4401) instead of keeping it open for as long as the connection lives.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request } from 'express';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Actor } from '../domain/access/identity';
import type { ChatService } from '../domain/chat/conversations';
import { clientFrameSchema, errorCode, MAX_FRAME_BYTES, type ClientFrame } from '../domain/chat/frames';
import { readSettings } from '../domain/chat/repository';
import type { Visitor, VisitorTokens } from '../domain/chat/visitors';
import { DomainError } from '../domain/shared/errors';
import { parseInput } from '../domain/shared/validation';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { CREDENTIAL_ENDED } from '../domain/chat/closeCodes';
import type { ServerFrame } from '../domain/chat/frames';
import type { ChatHub } from './chatHub';

export const CHAT_SOCKET_PATH = '/api/chat/socket';
/** Typing signals a connection may send: one per 2 s is what a screen shows; more is noise. */
const TYPING_EVERY_MS = 2000;
/** A ping every 30 s keeps idle connections through proxies (nginx closes after 60 s by default). */
const PING_MS = 30_000;

type Party = { visitor: Visitor; actor?: undefined } | { actor: Actor; visitor?: undefined };

export interface ChatSocketDeps {
  db: Database;
  chat: ChatService;
  hub: ChatHub;
  tokens: VisitorTokens;
  publicUrl: string;
  /** The signed-in caller of a request (session cookie or bearer token), null for nobody. */
  actorOf: (req: Request) => Promise<Actor | null>;
  /** How often an open socket's credential is asked again (SESSION_RECHECK_MINUTES). */
  recheckMs: number;
}

const cookiesOf = (header: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((kv) => kv.length >= 2 && kv[0])
      .map(([k, ...v]) => [k!, decodeURIComponent(v.join('='))]),
  );

function refuse(socket: Duplex, status: number, detail: string): void {
  const body = JSON.stringify({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function attachChatSocket(server: Server, deps: ChatSocketDeps): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const own = new URL(deps.publicUrl).origin;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', own);
    if (url.pathname !== CHAT_SOCKET_PATH) return; // not ours: another handler's, or nobody's
    void (async () => {
      const origin = req.headers.origin;
      if (origin && origin !== own && !(await readSettings(deps.db)).allowedOrigins.includes(origin))
        return refuse(socket, 403, `origin ${origin} is not allowed`);
      const token = url.searchParams.get('token');
      const r = req as unknown as Request;
      r.cookies = cookiesOf(req.headers.cookie);
      // Who the connection speaks for, now: asked at the upgrade and again every recheckMs.
      const partyNow = async (): Promise<Party | string> => {
        if (token === null) {
          const actor = await deps.actorOf(r).catch(() => null);
          return actor ? { actor } : 'sign in, or connect with a visitor token (?token=)';
        }
        try {
          return { visitor: deps.tokens.visitor(token) };
        } catch (error) {
          return error instanceof DomainError ? error.message : 'the visitor token was not issued here';
        }
      };
      const party = await partyNow();
      if (typeof party === 'string') return refuse(socket, 401, party);
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, party, deps, partyNow));
    })().catch((error: unknown) => {
      log.warn('chat socket: upgrade failed', { error: String(error) });
      socket.destroy();
    });
  });

  return () =>
    new Promise<void>((resolve) => {
      for (const ws of wss.clients) ws.close(1001, 'server stopping');
      wss.close(() => resolve());
    });
}

function serve(ws: WebSocket, party: Party, deps: ChatSocketDeps, partyNow: () => Promise<Party | string>): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const listener = { conversations: new Set<string>(), staff: party.actor ?? null, send };
  const remove = deps.hub.add(listener);
  // Staff keep what the session says now (a role granted or taken in Keycloak); an ended
  // credential gets an error frame with the reason, then the close.
  const recheck = setInterval(() => {
    void partyNow().then((now) => {
      if (typeof now !== 'string') {
        if (now.actor) {
          party = now;
          listener.staff = now.actor;
        }
        return;
      }
      send({ type: 'error', code: errorCode(401), status: 401, detail: now });
      ws.close(CREDENTIAL_ENDED, 'credential ended');
    });
  }, deps.recheckMs);
  let lastTyping = 0;
  let alive = true;
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_MS);
  ws.on('pong', () => (alive = true));
  ws.on('close', () => {
    clearInterval(ping);
    clearInterval(recheck);
    remove();
  });
  ws.on('error', () => ws.terminate());
  send({ type: 'hello', role: party.visitor ? 'visitor' : 'staff' });

  // Frames of one connection are handled in order: a resend after "message" waits for its ack.
  let queue = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    queue = queue.then(() => handle(data.toString(), isBinary)).catch(() => undefined);
  });

  async function handle(text: string, isBinary: boolean): Promise<void> {
    let frame: ClientFrame | undefined;
    try {
      if (isBinary) throw new DomainError(400, 'Bad Request', 'frames are JSON text');
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new DomainError(400, 'Bad Request', 'a frame is one JSON object');
      }
      frame = parseInput(clientFrameSchema, raw);
      await apply(frame);
    } catch (error) {
      const status = error instanceof DomainError ? error.status : 500;
      if (status === 500) log.error('chat socket: frame failed', { error: String(error) });
      send({
        type: 'error',
        code: errorCode(status),
        status,
        detail: error instanceof DomainError ? error.message : 'the frame could not be handled',
        ...(error instanceof DomainError && error.errors.length ? { errors: error.errors } : {}),
        ...(frame && 'conversationId' in frame ? { conversationId: frame.conversationId } : {}),
        ...(frame?.type === 'message' ? { clientMessageId: frame.clientMessageId } : {}),
      });
    }
  }

  async function apply(frame: ClientFrame): Promise<void> {
    const { chat } = deps;
    switch (frame.type) {
      case 'ping':
        return send({ type: 'pong' });
      case 'subscribe': {
        const query = { after: frame.after };
        const history = party.visitor
          ? await chat.visitorHistory(party.visitor, frame.conversationId, query)
          : await chat.get(party.actor, frame.conversationId, query);
        listener.conversations.add(frame.conversationId);
        return send({ type: 'history', ...history });
      }
      case 'message': {
        const body = { clientMessageId: frame.clientMessageId, body: frame.body };
        const stored = party.visitor
          ? await chat.visitorSend(party.visitor, frame.conversationId, body)
          : await chat.send(party.actor, frame.conversationId, body);
        listener.conversations.add(frame.conversationId);
        return send({ type: 'ack', clientMessageId: frame.clientMessageId, created: stored.created, message: stored.message });
      }
      case 'typing': {
        if (Date.now() - lastTyping < TYPING_EVERY_MS) return;
        lastTyping = Date.now();
        return party.visitor ? chat.visitorTyping(party.visitor, frame.conversationId) : chat.typing(party.actor, frame.conversationId);
      }
      case 'read':
        return party.visitor
          ? chat.visitorRead(party.visitor, frame.conversationId, { seq: frame.seq })
          : chat.read(party.actor, frame.conversationId, { seq: frame.seq });
    }
  }
}
