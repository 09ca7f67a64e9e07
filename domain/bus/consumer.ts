// Takes request intake messages off the bus through the channel intake (domain/intake): stored
// raw under the message's AMQP message_id (a replayed id is stored once), then processed (the
// client found or made, the request filed through RequestService, its workflow started). Acked
// only after that. A message the desk cannot take (not JSON, off the schema, an unknown service
// or client) goes to the dead-letter exchange with the reason in x-incident-desk-reason, and is
// held in the intake's list for admins. A passing failure (database, Temporal) is redelivered
// through the retry queues, up to the maximum of attempts, then dead-lettered.
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import type { ChannelIntake } from '../intake/intake';
import { inboundOfChannel } from '../intake/intakeRepository';
import { busNormaliser } from './normaliser';
import { ATTEMPT_HEADER, REASON_HEADER, retryQueue, type BusSettings } from './topology';

/** Publishes a copy of a delivery (its properties, headers added) and waits for the broker's confirm. */
const publishCopy = (ch: ConfirmChannel, exchange: string, key: string, msg: ConsumeMessage, headers: Record<string, unknown>) =>
  new Promise<void>((resolve, reject) =>
    ch.publish(
      exchange,
      key,
      msg.content,
      // user_id is checked against the publishing connection's user: the sender's would be refused.
      { ...msg.properties, userId: undefined, headers: { ...msg.properties.headers, ...headers }, persistent: true } as Options.Publish,
      (error) => (error ? reject(error) : resolve()),
    ),
  );

export class BusConsumer {
  constructor(
    private readonly db: Database,
    private readonly intake: ChannelIntake,
    private readonly settings: BusSettings,
  ) {}

  /** Handles one delivery to its end: acked after it is stored and taken, dead-lettered or sent to retry. */
  async handle(ch: ConfirmChannel, msg: ConsumeMessage): Promise<'processed' | 'replay' | 'dead' | 'retry'> {
    const messageId = msg.properties.messageId as string | undefined;
    if (!messageId) return this.deadLetter(ch, msg, 'no message_id: the sender must set it (the idempotency key)');
    const attempt = Math.max(1, Number(msg.properties.headers?.[ATTEMPT_HEADER] ?? 1) || 1);
    try {
      let id = await this.intake.receive('ESB', messageId, this.settings.intakeQueue, msg.content);
      if (id === null) {
        // Stored before: a replay of a message taken already, or a redelivery of one cut off.
        const stored = await inboundOfChannel(this.db, 'ESB', messageId);
        if (stored?.status !== 'RECEIVED') {
          ch.ack(msg);
          log.info('bus message replayed: stored once already', { messageId, status: stored?.status });
          return 'replay';
        }
        id = stored.id;
      }
      const outcome = await this.intake.process(id, busNormaliser, { serviceCode: '' });
      if (outcome.status === 'PROCESSED') {
        ch.ack(msg);
        return 'processed';
      }
      if (outcome.status === 'RECEIVED') throw new Error('the request is not complete yet');
      return this.deadLetter(ch, msg, outcome.reason ?? outcome.status.toLowerCase());
    } catch (error) {
      const reason = String((error as Error)?.message ?? error);
      if (attempt >= this.settings.maxAttempts) return this.deadLetter(ch, msg, `failed ${attempt} times, last: ${reason}`);
      log.warn('bus message failed; redelivered later', { messageId, attempt, error: reason });
      await publishCopy(ch, '', retryQueue(this.settings, attempt), msg, { [ATTEMPT_HEADER]: attempt + 1 });
      ch.ack(msg);
      return 'retry';
    }
  }

  private async deadLetter(ch: ConfirmChannel, msg: ConsumeMessage, reason: string): Promise<'dead'> {
    await publishCopy(ch, this.settings.deadLetterExchange, this.settings.intakeQueue, msg, { [REASON_HEADER]: reason.slice(0, 1000) });
    ch.ack(msg);
    log.warn('bus message dead-lettered', { messageId: msg.properties.messageId, reason });
    return 'dead';
  }
}
