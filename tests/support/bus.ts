// The test stack's RabbitMQ (scripts/stack.sh rabbitmq) as another system sees it: sends intake
// messages, listens on the events and dead-letter exchanges through queues of its own.
import { execFileSync } from 'node:child_process';
import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { ROOT, testEnv } from './env';

export const INTAKE_QUEUE = testEnv.AMQP_INTAKE_QUEUE ?? 'incident-desk.requests';
export const EVENTS_EXCHANGE = testEnv.AMQP_EVENTS_EXCHANGE ?? 'incident-desk.events';
export const DEAD_LETTER_EXCHANGE = testEnv.AMQP_DEAD_LETTER_EXCHANGE ?? 'incident-desk.dead-letter';

export interface Bus {
  model: ChannelModel;
  channel: ConfirmChannel;
  /** Whether the connection ended (a broker restart ends it: the test opens a new one). */
  closed: boolean;
}

export async function openBus(): Promise<Bus> {
  const model = await amqp.connect(testEnv.AMQP_URL!);
  const channel = await model.createConfirmChannel();
  const bus: Bus = { model, channel, closed: false };
  model.on('error', () => undefined);
  model.on('close', () => (bus.closed = true));
  channel.on('error', () => undefined);
  return bus;
}

/** Closes the connection; one the broker ended is only forgotten (closing it would wait for an answer forever). */
export const closeBus = async (bus: Bus) => {
  if (!bus.closed) await bus.model.close().catch(() => undefined);
};

/** Sends one message to the intake queue, confirmed by the broker. */
export async function send(bus: Bus, body: Buffer | object, messageId?: string): Promise<void> {
  const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  bus.channel.sendToQueue(INTAKE_QUEUE, content, { messageId, persistent: true, contentType: 'application/json' });
  await bus.channel.waitForConfirms();
}

/** A queue of the test's own bound to an exchange, and what arrived on it so far. */
export async function listen(bus: Bus, exchange: string, pattern: string, name = ''): Promise<ConsumeMessage[]> {
  const got: ConsumeMessage[] = [];
  // A named queue expires 10 minutes after its last consumer left: one a failed test left behind
  // does not collect every event of later runs.
  const queue = (await bus.channel.assertQueue(name, name ? { durable: true, arguments: { 'x-expires': 600_000 } } : { exclusive: true })).queue;
  await bus.channel.bindQueue(queue, exchange, pattern);
  // Acked once kept: with automatic acks, what was on its way to a connection the broker's restart
  // cut would be lost to the test (not to the desk), and it would count as a lost event.
  await bus.channel.consume(queue, (msg) => {
    if (!msg) return;
    got.push(msg);
    try {
      bus.channel.ack(msg);
    } catch {
      // the channel is gone: the broker delivers the message again, a repeat the test drops
    }
  });
  return got;
}

/** Messages a queue holds, ready and unacknowledged (rabbitmqctl: the broker's own count). */
export function queueDepth(queue: string): number {
  return queueDepths().get(queue) ?? 0;
}

/** Every queue's depth from one rabbitmqctl call (seconds each on a loaded machine). */
export function queueDepths(): Map<string, number> {
  const out = execFileSync('bash', ['scripts/stack.sh', 'ctl', '-q', 'list_queues', 'name', 'messages'], { cwd: ROOT, env: testEnv }).toString();
  return new Map(
    out
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => [l.split('\t')[0]!, Number(l.split('\t')[1])]),
  );
}

export const body = (msg: ConsumeMessage) => JSON.parse(msg.content.toString()) as Record<string, unknown>;
