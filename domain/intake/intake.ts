// One intake path for every channel. A message is stored raw first (receive: its channel id
// is the idempotency key, so a message read twice is stored once), then processed (process):
// normalised by its channel -> ignored when automatic (auto-reply, bounce, loop, a sender over
// the rate) -> the client identified -> a public comment on the request it answers, or a new
// request through RequestService (its workflow starts as for any request) -> done. What cannot
// be taken is held for an operator with the reason; admins list both (held.ts).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type Database } from '../../infra/db';
import type { Config } from '../../infra/config';
import { log } from '../../infra/logger';
import type { Channel, InboundStatus } from '../../generated/kysely/enums';
import type { RequestService } from '../requests/intake';
import type { CommentService } from '../incidents/comments';
import type { AttachmentService } from '../incidents/attachments';
import { DomainError } from '../shared/errors';
import { MalformedMessage, type NormalizedMessage, type Normaliser } from './message';
import {
  claimInbound,
  clientOfTelegramChat,
  inbound,
  insertInbound,
  openRequestsOf,
  receivedIds,
  releaseInbound,
  requestById,
  requestOfNumber,
  sentSince,
  updateInbound,
} from './intakeRepository';
import { clientsByEmail } from '../clients/byEmail';
import { clientByPhone } from '../clients/byPhone';
import type { NewClient } from '../requests/intakeRepository';
import { rememberThread, requestOfThread, type ThreadRequest } from '../notifications/threads';

/** Where a source's messages go: the service new requests are filed under. */
export interface Route {
  serviceCode: string;
}

export interface IntakeSettings {
  /** Folder of the raw messages (ATTACHMENTS_DIR/inbound). */
  rawDir: string;
  /** Messages one sender may send in an hour; the rest are ignored as a probable loop. */
  senderRatePerHour: number;
}

/** The intake's settings as configured: the raw messages under ATTACHMENTS_DIR/inbound, the per-sender rate. */
export const channelIntakeSettings = (config: Config): IntakeSettings => ({
  rawDir: path.join(config.ATTACHMENTS_DIR, 'inbound'),
  senderRatePerHour: config.MAIL_SENDER_RATE_PER_HOUR,
});

export type Outcome = { status: InboundStatus; reason?: string; requestId?: string };

const CLOSED = new Set(['CLOSED']);
/**
 * How long one processing holds a message: past the slowest seen (a new request through the
 * workflow, then its files, about 10 s under a full test run), short enough that a crashed one
 * is taken again by the next pass within minutes.
 */
const CLAIM_SECONDS = 120;
/** How long the second caller waits for the first processing before answering "still received". */
const CLAIM_WAIT_MS = 15_000;

export class ChannelIntake {
  constructor(
    private readonly db: Database,
    private readonly requests: RequestService,
    private readonly comments: CommentService,
    private readonly attachments: AttachmentService,
    private readonly settings: IntakeSettings,
  ) {}

  /**
   * Stores a message as received, before anything else: its id, or null when the channel's id
   * is stored already (a replay, a second read, a copy in a second mailbox): nothing more to do.
   */
  async receive(channel: Channel, channelMessageId: string, source: string, raw: Buffer): Promise<string | null> {
    fs.mkdirSync(this.settings.rawDir, { recursive: true });
    const rawKey = `${createHash('sha256').update(raw).digest('hex').slice(0, 16)}-${randomBytes(6).toString('hex')}`;
    const file = path.join(this.settings.rawDir, rawKey);
    fs.writeFileSync(file, raw, { mode: 0o600 });
    const id = await insertInbound(this.db, { channel, channelMessageId: channelMessageId.slice(0, 1000), source, rawKey, rawSize: raw.length }).catch(
      (error: unknown) => {
        fs.rmSync(file, { force: true });
        throw error;
      },
    );
    if (id === null) {
      fs.rmSync(file, { force: true });
      log.info('inbound message already stored', { channel, channelMessageId });
    }
    return id;
  }

  /**
   * Takes a stored message as far as it goes. Safe to repeat: a message that waits (its new
   * request's incident is not open yet, for the files) stays RECEIVED and the next pass ends it.
   * One processing at a time: the webhook that received a message and the channel's pass over
   * waiting messages both reached one Telegram answer and made two comments of it. Whoever
   * comes second waits for the first and answers with its outcome.
   */
  async process(id: string, normalise: Normaliser, route: Route): Promise<Outcome> {
    for (const deadline = Date.now() + CLAIM_WAIT_MS; !(await claimInbound(this.db, id, CLAIM_SECONDS));) {
      const row = await inbound(this.db, id);
      if (!row || row.status !== 'RECEIVED' || Date.now() > deadline)
        return { status: row?.status ?? 'IGNORED', reason: row?.reason ?? undefined, requestId: row?.requestId ?? undefined };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      return await this.processClaimed(id, normalise, route);
    } finally {
      await releaseInbound(this.db, id);
    }
  }

  private async processClaimed(id: string, normalise: Normaliser, route: Route): Promise<Outcome> {
    const row = await inbound(this.db, id);
    if (!row || row.status !== 'RECEIVED') return { status: row?.status ?? 'IGNORED' };
    let message: NormalizedMessage;
    try {
      message = await normalise(fs.readFileSync(path.join(this.settings.rawDir, row.rawKey)));
    } catch (error) {
      const reason =
        error instanceof MalformedMessage ? `malformed message: ${error.message}` : `unreadable message: ${String((error as Error)?.message ?? error)}`;
      return this.finish(id, 'HELD', reason);
    }
    if (!row.sender) await updateInbound(this.db, id, { sender: message.senderLabel.slice(0, 320), subject: message.subject });
    if (row.requestId) return this.attachWhenOpen(id, row.requestId, message);
    if (message.ignore) return this.finish(id, 'IGNORED', message.ignore);
    const hourAgo = new Date(Date.now() - 3600_000);
    const recent = await sentSince(this.db, message.senderLabel, hourAgo);
    if (recent > this.settings.senderRatePerHour)
      return this.finish(id, 'IGNORED', `more than ${this.settings.senderRatePerHour} messages from ${message.senderLabel} in an hour (a mail loop?)`);

    const found = await this.identify(message);
    if (typeof found !== 'string' && 'held' in found) return this.finish(id, 'HELD', found.held);
    const client = typeof found === 'string' ? found : null;
    if (client) await updateInbound(this.db, id, { clientId: client });

    const thread = client ? await this.threadOf(message, client) : undefined;
    if (thread && thread.clientId !== client)
      return this.finish(id, 'HELD', `a reply from ${message.senderLabel} to the conversation of request ${thread.id}, which belongs to another client`);
    if (thread && !CLOSED.has(thread.status)) return this.comment(id, thread, message);

    const refused = this.refusedFile(message);
    if (refused) return this.finish(id, 'HELD', refused);
    const request = await this.requests
      .fileFromChannel({
        client: found,
        serviceCode: message.serviceCode ?? route.serviceCode,
        channel: row.channel,
        description: [message.subject, message.text].filter(Boolean).join('\n\n'),
        idempotencyKey: `inbound:${id}`,
      })
      .catch((error: unknown) => {
        // Refused for good (an unknown service): held with the reason; anything else is passing.
        if (error instanceof DomainError && error.status < 500)
          return { refused: [error.message, ...error.errors.map((e) => `${e.field}: ${e.message}`)].join('; ') };
        throw error;
      });
    if ('refused' in request) return this.finish(id, 'HELD', `request refused: ${request.refused}`);
    if (message.threadKey) await rememberThread(this.db, [message.threadKey], request.id);
    await updateInbound(this.db, id, { requestId: request.id, clientId: request.clientId });
    return this.attachWhenOpen(id, request.id, message);
  }

  /**
   * Takes the channel's messages still RECEIVED (a new request's files waiting for its incident,
   * or one whose first pass failed) as far as they go, each by the route its source names.
   */
  async processWaiting(channel: Channel, normalise: Normaliser, routeOf: (source: string) => Route, limit = 100): Promise<void> {
    for (const id of await receivedIds(this.db, limit, channel)) {
      const row = await inbound(this.db, id);
      if (!row) continue;
      await this.process(id, normalise, routeOf(row.source)).catch((error: unknown) =>
        log.warn('inbound message not processed; retried on the next pass', { inboundId: id, error: String((error as Error)?.message ?? error) }),
      );
    }
  }

  /**
   * The client by what the channel knows of the sender: a linked Telegram chat; the phone, then
   * the e-mail; a new client when the channel vouches for a phone and a name (the bus).
   */
  private async identify(message: NormalizedMessage): Promise<string | NewClient | { held: string }> {
    if (message.sender.telegramId) {
      // Only a chat linked by a one-time link or code names its client (domain/telegram), never
      // Client.telegramId, which staff edit.
      const linked = await clientOfTelegramChat(this.db, message.sender.telegramId);
      return linked ?? { held: `unknown Telegram user ${message.senderLabel}: the chat is not linked to a client (a one-time link or code links it)` };
    }
    const phone = message.sender.phone;
    const byPhone = phone ? await clientByPhone(this.db, phone) : null;
    if (byPhone?.deletedAt) return { held: `the phone ${phone} belongs to a deleted client: an operator restores or edits the client` };
    if (byPhone) return byPhone.id;
    const email = message.sender.email?.toLowerCase();
    if (phone && message.senderName)
      return (await this.byEmail(email)) ?? { name: message.senderName, phone, email: email ?? null, locale: 'ru', accountId: null };
    // An unknown number alone (SMS) is held, not made a client: a phone number says nothing of who
    // writes (a changed number, a wrong one, spam); an operator who knows adds the number to the
    // client and releases the message (docs/sms.md).
    if (phone && !email) return { held: `unknown sender ${message.senderLabel}: no client has this phone number` };
    return (await this.byEmail(email)) ?? { held: `unknown sender ${message.senderLabel}: no client has this address` };
  }

  private async byEmail(email: string | undefined): Promise<string | { held: string } | null> {
    const found = email ? await clientsByEmail(this.db, email) : [];
    if (found.length === 1) return found[0]!;
    if (found.length > 1) return { held: `${found.length} clients have the address ${email}: an operator picks the client` };
    // Client records need a phone (Client.phone), which an e-mail does not carry: an operator
    // adds the client, then releases the message.
    return null;
  }

  /** The request the message answers: by its conversation keys, else by the number in its subject (the client's own requests only). */
  private async threadOf(message: NormalizedMessage, clientId: string): Promise<ThreadRequest | undefined> {
    const byKeys = await requestOfThread(this.db, message.replyTo);
    if (byKeys) return byKeys;
    if (message.requestNumber) return requestOfNumber(this.db, clientId, message.requestNumber);
    if (!message.answersOnlyOpenRequest) return undefined;
    const open = await openRequestsOf(this.db, clientId, 2);
    return open.length === 1 ? open[0] : undefined;
  }

  private refusedFile(message: NormalizedMessage): string | null {
    for (const file of message.files) {
      const refusal = this.attachments.refusal(file.contentType, file.content.length);
      if (refusal) return `attachment "${file.fileName}" refused: ${refusal}`;
    }
    return null;
  }

  private async comment(id: string, request: ThreadRequest, message: NormalizedMessage): Promise<Outcome> {
    if (!request.incidentId) return { status: 'RECEIVED' }; // its incident opens within seconds
    const refused = this.refusedFile(message);
    if (refused) return this.finish(id, 'HELD', refused);
    const incident = { id: request.incidentId, requestId: request.id };
    const author = message.senderLabel;
    const comment = message.text ? await this.comments.addFromChannel(author, incident, message.text) : null;
    await this.storeFiles(id, incident, message);
    if (message.threadKey) await rememberThread(this.db, [message.threadKey], request.id);
    await updateInbound(this.db, id, { requestId: request.id, commentId: comment?.id ?? null });
    return this.finish(id, 'PROCESSED', undefined, request.id);
  }

  /** A new request's files go onto its incident once the workflow opened it. */
  private async attachWhenOpen(id: string, requestId: string, message: NormalizedMessage): Promise<Outcome> {
    if (message.files.length > 0) {
      const request = await requestById(this.db, requestId);
      if (!request?.incidentId) return { status: 'RECEIVED', requestId };
      await this.storeFiles(id, { id: request.incidentId, requestId }, message);
    }
    return this.finish(id, 'PROCESSED', undefined, requestId);
  }

  private async storeFiles(id: string, incident: { id: string; requestId: string }, message: NormalizedMessage): Promise<void> {
    for (const file of message.files) {
      await this.attachments
        .storeFor(message.senderLabel, incident, { fileName: file.fileName, contentType: file.contentType, stream: Readable.from([file.content]) }, true)
        .catch((error: unknown) => {
          // A file the rules refuse on its content (its type's first bytes, the incident's quota):
          // the message stays taken, the file is named in the log.
          if (!(error instanceof DomainError)) throw error;
          log.warn('inbound attachment refused', { inboundId: id, fileName: file.fileName, reason: error.message });
        });
    }
  }

  private async finish(id: string, status: InboundStatus, reason?: string, requestId?: string): Promise<Outcome> {
    await updateInbound(this.db, id, { status, reason: reason?.slice(0, 1000) ?? null });
    if (status !== 'PROCESSED') log.info('inbound message not taken', { inboundId: id, status, reason });
    return { status, reason, requestId };
  }
}
