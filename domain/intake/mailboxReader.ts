// Reads the desk's mailboxes over IMAP (imapflow) into the channel intake. Each mailbox keeps
// one connection: the server's IDLE pushes new mail at once where it is offered (imapflow
// falls back to NOOP polling otherwise), and a timer pass every pollSeconds catches what a
// dropped connection missed and retries messages still waiting. A message is marked \Seen only
// after it is stored (intake.receive), so a crash in between reads it again: the channel's
// Message-ID makes that a no-op. The chat address's mailbox (CHAT_EMAIL_ADDRESS, if set) is read
// the same way into the live chat (chat/mailChat.ts) instead of the intake; a mail addressed to
// both a desk mailbox and the chat address is the chat's, its desk copy is passed over.
import { ImapFlow } from 'imapflow';
import { log } from '../../infra/logger';
import type { ChannelIntake, Route } from './intake';
import type { Normaliser } from './message';
import { inbound, receivedIds } from './intakeRepository';
import type { Database } from '../../infra/db';

export interface ImapServer {
  host: string;
  port: number;
  secure: boolean;
}

export interface Mailbox extends Route {
  /** The address, also the IMAP login. */
  address: string;
  password: string;
}

/** The live chat's mailbox: each message goes to `take` (chat/mailChat.ts), which throws to have it read again. */
export interface ChatMailbox {
  address: string;
  password: string;
  take(raw: Buffer, fallbackId: string): Promise<unknown>;
}

interface Envelope {
  to?: { address?: string }[];
  cc?: { address?: string }[];
}

/** How long a pass may take before the next one goes on without it. */
const PASS_DEADLINE_MS = 20_000;

export class MailboxReader {
  private readonly clients = new Map<string, ImapFlow>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly intake: ChannelIntake,
    private readonly normalise: Normaliser,
    private readonly server: ImapServer,
    private readonly mailboxes: Mailbox[],
    private readonly pollSeconds: number,
    private readonly chat: ChatMailbox | null = null,
  ) {}

  start(): void {
    this.schedule();
    this.timer = setInterval(() => this.schedule(), this.pollSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await Promise.all([...this.clients.values()].map((c) => c.logout().catch(() => undefined)));
  }

  /** One pass at a time: passes asked for while one runs follow it. */
  private schedule(): void {
    if (this.stopped) return;
    this.running = this.running.then(() => this.passWithin()).catch((error: unknown) => log.warn('mailbox pass failed', { error: String(error) }));
  }

  /**
   * A pass takes well under a second; one that hangs (a full run of 2026-12-03 saw the reader
   * silent for four minutes after PostgreSQL restarted, and a mail waited that long) would hold
   * every later pass behind it. After PASS_DEADLINE_MS the connections are dropped and the next
   * pass goes on; a message the hung one still stores is stored once (the Message-ID).
   */
  private async passWithin(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the pass took over ${PASS_DEADLINE_MS} ms; connections dropped`)), PASS_DEADLINE_MS);
    });
    try {
      await Promise.race([this.pass(), deadline]);
    } catch (error) {
      for (const client of this.clients.values()) client.close();
      this.clients.clear();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async pass(): Promise<void> {
    for (const box of this.chat ? [...this.mailboxes, this.chat] : this.mailboxes) {
      try {
        await this.read(box);
      } catch (error) {
        log.warn('mailbox read failed; retried on the next pass', { mailbox: box.address, error: String((error as Error)?.message ?? error) });
        this.clients.get(box.address)?.close();
        this.clients.delete(box.address);
      }
    }
    if (this.mailboxes.length === 0) return;
    const routes = new Map(this.mailboxes.map((b) => [b.address, b]));
    for (const id of await receivedIds(this.db, 100, 'EMAIL')) {
      const row = await this.intake.process(id, this.normalise, await this.routeOf(id, routes)).catch((error: unknown) => {
        log.warn('inbound message not processed; retried on the next pass', { inboundId: id, error: String((error as Error)?.message ?? error) });
        return null;
      });
      if (row) log.debug('inbound message processed', { inboundId: id, ...row });
    }
  }

  private async routeOf(id: string, routes: Map<string, Mailbox>): Promise<Route> {
    const row = await inbound(this.db, id);
    return routes.get(row?.source ?? '') ?? this.mailboxes[0]!;
  }

  private async connection(box: { address: string; password: string }): Promise<ImapFlow> {
    const known = this.clients.get(box.address);
    if (known?.usable) return known;
    const client = new ImapFlow({
      host: this.server.host,
      port: this.server.port,
      secure: this.server.secure,
      auth: { user: box.address, pass: box.password },
      logger: false,
      // IDLE while nothing else runs; a new message ("exists") starts a pass at once.
      maxIdleTime: 5 * 60_000,
    });
    client.on('error', (error: Error) => log.warn('mailbox connection error', { mailbox: box.address, error: error.message }));
    client.on('exists', () => this.schedule());
    client.on('close', () => this.clients.delete(box.address));
    await client.connect();
    await client.mailboxOpen('INBOX');
    this.clients.set(box.address, client);
    return client;
  }

  /** Also addressed to the chat: the chat's mailbox has its own copy, the request intake leaves it. */
  private forChat(envelope: Envelope | undefined): boolean {
    const chat = this.chat?.address;
    return chat !== undefined && [...(envelope?.to ?? []), ...(envelope?.cc ?? [])].some((a) => a.address?.toLowerCase() === chat);
  }

  /** Stores every unseen message of the mailbox, then marks it seen. */
  private async read(box: Mailbox | ChatMailbox): Promise<void> {
    const client = await this.connection(box);
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of unseen) {
      const msg = await client.fetchOne(String(uid), { uid: true, source: true, envelope: true }, { uid: true });
      if (!msg || !msg.source) continue;
      const channelId = msg.envelope?.messageId || `${box.address}:${client.mailbox ? client.mailbox.uidValidity : 0}:${uid}`;
      if ('take' in box) await box.take(msg.source, channelId);
      else if (!this.forChat(msg.envelope)) await this.intake.receive('EMAIL', channelId, box.address, msg.source);
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
  }
}
