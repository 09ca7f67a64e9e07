// The main worker runs the enterprise bus (domain/bus): the intake queue's consumer and the
// events relay. The worker, for the reasons the mailboxes are read here (mailIntake.ts): one
// long-lived process per deployment with a Temporal client, while the app runs as replicas
// that restart with each deploy. One relay keeps the events of a request in order; a second
// main worker by mistake repeats some (same message_id) and stores no message twice.
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { startBus } from '../domain/bus/bus';
import { channelIntake } from './channelIntake';

/** Starts the bus when AMQP_URL is set; the returned function stops it. */
export function runBus(config: Config, client: Client, db: Database): () => Promise<void> {
  if (!config.AMQP_URL) return async () => {};
  log.info('running the bus', { intakeQueue: config.AMQP_INTAKE_QUEUE, eventsExchange: config.AMQP_EVENTS_EXCHANGE });
  return startBus(
    db,
    channelIntake(config, client, db),
    {
      url: config.AMQP_URL,
      intakeQueue: config.AMQP_INTAKE_QUEUE,
      eventsExchange: config.AMQP_EVENTS_EXCHANGE,
      deadLetterExchange: config.AMQP_DEAD_LETTER_EXCHANGE,
      maxAttempts: config.AMQP_MAX_ATTEMPTS,
      retryBaseMs: config.AMQP_RETRY_BASE_MS,
      prefetch: config.AMQP_PREFETCH,
    },
    config.AMQP_RELAY_INTERVAL_MS,
  );
}
