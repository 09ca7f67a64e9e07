// One PostgreSQL connection that LISTENs on named channels and hands each notification's payload
// to that channel's handler. A lost or refused connection is retried with backoff (1 s doubling
// to 30 s: a PostgreSQL restart takes about 3 s, an outage is not hammered). Used by the app's
// live updates (api/liveUpdates.ts: the board, the calls, the chat) and by the worker's e-mail
// chat relay (worker/mailChat.ts), so each process keeps one such connection per use.
import pg from 'pg';
import { log } from './logger';

const MAX_BACKOFF_MS = 30_000;

export class PgListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    /** The channels (plain identifiers) and what to do with each notification's payload. */
    private readonly channels: Record<string, (payload: string) => void>,
    /** The log lines' subject, e.g. "live updates". */
    private readonly name: string,
    /** Called after each (re)connection: notifications sent while it was down are lost, a caller may catch up. */
    private readonly onConnected: () => void = () => undefined,
  ) {}

  /** Connects and LISTENs; resolves after the first attempt, connected or not (`connected` tells which). */
  async start(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (n) => {
      if (n.payload) this.channels[n.channel]?.(n.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    try {
      await client.connect();
      for (const channel of Object.keys(this.channels)) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    this.client = client;
    this.failures = 0;
    log.info(`${this.name}: listening`);
    this.onConnected();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures++);
    log.warn(`${this.name}: database connection lost, reconnecting`, { error: String(error), inMs: delay });
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.start();
    }, delay);
    this.retry.unref();
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
