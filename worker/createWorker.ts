// Builds the Temporal worker that runs every workflow and activity of Incident Desk.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { Lifecycle } from '../domain/lifecycle/lifecycle';
import { surveyLinks } from '../domain/surveys/link';
import { Digests } from '../domain/notifications/digests';
import { LogChannel, type NotificationChannel } from '../domain/notifications/notifier';
import { smtpChannelOf } from '../domain/adapters/smtp';
import { TelegramChannel } from '../domain/telegram/channel';
import { RecipientRouter } from '../domain/notifications/router';
import { smsChannel } from './sms';
import { BuiltinOrderProvider } from '../domain/adapters/orders';
import { HttpOrderProvider } from '../domain/adapters/httpOrders';
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { createTemporalClient } from '../infra/temporal';
import { connectorsFromEnv } from '../domain/sync/connectors';
import type { SyncDeps } from '../activities/sync';
import { intakeServices } from './channelIntake';
import { FileStorage } from '../domain/shared/fileStorage';

/**
 * How long a stopping worker waits for the tasks under way before it gives up on them (they are
 * retried by another worker after their timeouts). Without a bound, one workflow task that never
 * ends (a local activity retrying within it) kept a stopping worker alive 12 minutes, polling
 * nothing, until a CI run was stopped (2026-12-05). 10 s is Docker's own grace before SIGKILL.
 */
export const SHUTDOWN_FORCE = '10 seconds';

export async function createWorker(config: Config, db: Database, lifecycle = createLifecycle(config, db)): Promise<Worker> {
  const channel = notificationChannel(config, db);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  return Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    shutdownForceTime: SHUTDOWN_FORCE,
    activities: createActivities(db, lifecycle, {
      assignRetryMs: config.ASSIGN_RETRY_SECONDS * 1000,
      digests: new Digests(db, channel),
      channel,
      sync: config.SYNC_ENABLED ? syncDeps(config, db) : null,
    }),
  });
}

/** The process's steps with the configured order system and notification channels. */
export function createLifecycle(config: Config, db: Database): Lifecycle {
  const orders = config.ORDER_PROVIDER === 'http' ? new HttpOrderProvider(config.ORDER_HTTP_URL, config.ORDER_HTTP_TIMEOUT_MS) : new BuiltinOrderProvider(db);
  return new Lifecycle(
    db,
    orders,
    notificationChannel(config, db),
    (requestId) => surveyLinks(config.PUBLIC_URL, config.SESSION_SECRET, requestId),
    config.TEMPORAL_TASK_QUEUE,
  );
}

/** The sync's connectors, and our services over a Temporal client opened on first use. */
function syncDeps(config: Config, db: Database): SyncDeps {
  let ports: ReturnType<SyncDeps['ports']> | null = null;
  return {
    connectors: connectorsFromEnv(),
    ports: () => (ports ??= createTemporalClient(config).then((client) => intakeServices(config, client, db))),
    filePath: (key) => new FileStorage(config.ATTACHMENTS_DIR, config.ATTACHMENT_MAX_BYTES).path(key),
  };
}

/** Each kind of address to its channel when configured (phones: SMS when an SMSC is set); the rest to the log. */
export function notificationChannel(config: Config, db: Database): NotificationChannel {
  const telegram = config.TELEGRAM_BOT_TOKEN ? new TelegramChannel(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT) : undefined;
  return new RecipientRouter({ email: smtpChannelOf(config), telegram, phone: smsChannel(config, db) }, new LogChannel());
}
