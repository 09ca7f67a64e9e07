// The bus's connection to RabbitMQ, kept up: declare the topology, consume the intake queue and
// relay the outbox's events, and after a lost connection (a broker restart) do it all again with
// backoff (1 s, half as long again each time, up to 30 s: a restart of 4 to 6 s is over within
// about 8 s of tries). What was in flight is not lost: unacked intake messages are redelivered
// by the broker (stored once by their message_id), unconfirmed events stay in the outbox.
import amqp, { type ChannelModel } from 'amqplib';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { busEventsPublished, busMessages } from '../../infra/metrics';
import type { ChannelIntake } from '../intake/intake';
import { BusConsumer } from './consumer';
import { BUS_BATCH, publishPending } from './relay';
import { declareTopology, type BusSettings } from './topology';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the bus until the returned function is called (it lets messages in hand finish). */
export function startBus(db: Database, intake: ChannelIntake, settings: BusSettings, relayIntervalMs: number): () => Promise<void> {
  const consumer = new BusConsumer(db, intake, settings);
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let model: ChannelModel | null = null;

  const session = async (): Promise<void> => {
    const connection = await amqp.connect(settings.url, { clientProperties: { connection_name: 'incident-desk worker' } });
    model = connection;
    let open = true;
    const closed = new Promise<void>((resolve) =>
      connection.on('close', () => {
        open = false;
        resolve();
      }),
    );
    connection.on('error', (error: Error) => log.warn('bus connection error', { error: error.message }));
    const relay = await connection.createConfirmChannel();
    relay.on('error', (error: Error) => log.warn('bus relay channel error', { error: error.message }));
    await declareTopology(relay, settings);
    const intakeChannel = await connection.createConfirmChannel();
    intakeChannel.on('error', (error: Error) => log.warn('bus intake channel error', { error: error.message }));
    // A channel the broker closed (a channel error) ends the session: the next one opens both anew.
    for (const ch of [relay, intakeChannel]) ch.on('close', () => open && void connection.close().catch(() => undefined));
    await intakeChannel.prefetch(settings.prefetch);
    await intakeChannel.consume(settings.intakeQueue, (msg) => {
      if (!msg) return; // the queue was deleted: the connection's end starts a new session
      const handled = consumer.handle(intakeChannel, msg).then(
        (outcome) => busMessages.inc({ outcome }),
        (error: unknown) => {
          // The channel is gone (its ack or publish failed): the broker redelivers the message.
          log.warn('bus message not finished; the broker redelivers it', { messageId: msg.properties.messageId, error: String(error) });
        },
      );
      inFlight.add(handled);
      void handled.finally(() => inFlight.delete(handled));
    });
    log.info('bus connected', { intakeQueue: settings.intakeQueue, eventsExchange: settings.eventsExchange });
    while (open && !stopped) {
      const sent = await publishPending(db, relay, settings.eventsExchange).catch((error: unknown) => {
        if (open) log.warn('bus relay: events not confirmed, they stay in the outbox', { error: String(error) });
        return 0;
      });
      busEventsPublished.inc(sent);
      if (sent < BUS_BATCH) await Promise.race([sleep(relayIntervalMs), closed]);
    }
    await closed;
  };

  const run = async () => {
    let delay = 1000;
    while (!stopped) {
      const started = Date.now();
      try {
        await session();
      } catch (error) {
        if (!stopped) log.warn('bus unreachable; retrying', { error: String((error as Error)?.message ?? error), retryInMs: delay });
      }
      model = null;
      if (stopped) break;
      // A session that lasted starts the backoff anew; each one that failed at once waits longer.
      if (Date.now() - started > 60_000) delay = 1000;
      await sleep(delay);
      delay = Math.min(delay * 1.5, 30_000);
    }
  };
  const running = run();

  return async () => {
    stopped = true;
    await Promise.allSettled([...inFlight]);
    await (model as ChannelModel | null)?.close().catch(() => undefined);
    await running;
  };
}
