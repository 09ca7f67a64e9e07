// Builds the Temporal worker that runs every workflow and activity of Incident Desk.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { Lifecycle } from '../domain/lifecycle';
import { LogChannel } from '../domain/notifier';
import { BuiltinOrderProvider } from '../domain/orders';
import { HttpOrderProvider } from '../domain/httpOrders';
import type { Config } from '../infra/config';
import type { Db } from '../infra/db';

export async function createWorker(config: Config, db: Db): Promise<Worker> {
  const orders = config.ORDER_PROVIDER === 'http' ? new HttpOrderProvider(config.ORDER_HTTP_URL) : new BuiltinOrderProvider(db);
  const lifecycle = new Lifecycle(db, orders, new LogChannel());
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  return Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(db, lifecycle, { assignRetryMs: config.ASSIGN_RETRY_SECONDS * 1000 }),
  });
}
