// Live board: GET /api/incidents/stream is a server-sent event stream of the incidents in the
// caller's scope that just changed. Every lifecycle event notifies the PostgreSQL channel
// "incident_changes" when its transaction commits (domain/events.ts), whichever process wrote
// it; this module LISTENs, coalesces bursts, and sends each subscriber the incidents it may see.
// Every session recheck interval (SESSION_RECHECK_MINUTES) each stream asks again who its caller
// is: a stream whose session ended (sign-out, idle, disabled in Keycloak, deactivated in the desk)
// or whose bearer token expired is closed, and changed roles narrow or widen what it gets.
// Beside the board, GET /api/me/calls/stream is each operator's own stream of calls ringing on
// their extension (domain/telephony): the channel "call_changes" carries "<operator> <call>" and
// only that operator's streams get the caller's card, at once (no coalescing: the card must be
// on screen within a second of the ring).
import type { Request, Response } from 'express';
import type { IncidentService } from '../domain/incidents/incidents';
import type { Actor } from '../domain/access/identity';
import { PgListener } from '../infra/pgListener';

const COALESCE_MS = 150;
const KEEPALIVE_MS = 25_000;

interface Subscriber {
  actor: Actor;
  res: Response;
  /** The operator's call stream, not the board. */
  calls: boolean;
}

/** The caller's card of a call as this operator may read it (CallService.card). */
export type CallCardOf = (actor: Actor, callId: string) => Promise<unknown>;

/** Who the stream's request speaks for now (null: nobody any more), asked every `everyMs`. */
export interface StreamRecheck {
  everyMs: number;
  actorOf: (req: Request) => Promise<Actor | null>;
}

export class LiveUpdates {
  private readonly subscribers = new Set<Subscriber>();
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly listener: PgListener;

  constructor(
    databaseUrl: string,
    private readonly incidents: IncidentService,
    private readonly recheck: StreamRecheck,
    private readonly callCard: CallCardOf,
    /** More channels on the same connection, each with its handler (the chat's chat_changes: api/chatHub.ts). */
    channels: Record<string, (payload: string) => void> = {},
  ) {
    this.listener = new PgListener(
      databaseUrl,
      { incident_changes: (id) => this.changed(id), call_changes: (payload) => void this.callChanged(payload), ...channels },
      'live updates',
    );
  }

  /** Connects and LISTENs (infra/pgListener.ts: retried with backoff); resolves after the first attempt. */
  start(): Promise<void> {
    return this.listener.start();
  }

  /** Whether the LISTEN connection is up (reported by /api/health). */
  get connected(): boolean {
    return this.listener.connected;
  }

  /** Ends every stream (clients reconnect to another instance) and the LISTEN connection. */
  async stop(): Promise<void> {
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
    await this.listener.stop();
  }

  private changed(incidentId: string): void {
    this.pending.add(incidentId);
    this.timer ??= setTimeout(() => void this.flush(), COALESCE_MS);
  }

  private async flush(): Promise<void> {
    const ids = [...this.pending];
    this.pending = new Set();
    this.timer = null;
    for (const s of this.subscribers) {
      if (s.calls) continue;
      for (const id of ids) {
        // Only what this subscriber may see; anything else is "not found" for them.
        const incident = await this.incidents.get(s.actor, id).catch(() => null);
        if (incident) s.res.write(`event: incident\ndata: ${JSON.stringify(incident)}\n\n`);
      }
    }
  }

  private async callChanged(payload: string): Promise<void> {
    const [operatorId, callId] = payload.split(' ');
    for (const s of this.subscribers) {
      if (!s.calls || s.actor.id !== operatorId || !callId) continue;
      const card = await this.callCard(s.actor, callId).catch(() => null);
      if (card) s.res.write(`event: call\ndata: ${JSON.stringify(card)}\n\n`);
    }
  }

  /**
   * Answers GET /api/incidents/stream (the caller's incidents as they change) and, with `calls`,
   * GET /api/me/calls/stream (the cards of calls ringing on the caller's own extension), until
   * they hang up.
   */
  subscribe(actor: Actor, req: Request, res: Response, calls = false): void {
    const subscriber = { actor, res, calls };
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    this.subscribers.add(subscriber);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const close = () => {
      clearInterval(keepalive);
      clearInterval(recheck);
      this.subscribers.delete(subscriber);
    };
    const recheck = setInterval(() => {
      void this.recheck.actorOf(req).then((current) => {
        if (current) return void (subscriber.actor = current);
        close();
        res.end();
      });
    }, this.recheck.everyMs);
    req.on('close', close);
  }
}
