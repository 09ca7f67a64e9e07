// Bus messages to started requests against a raw consume-and-ack of the same messages, in one
// run on one broker (the profile's RabbitMQ).
//   baseline: N messages published (persistent, confirmed) to a queue of the bench's own, then
//             consumed and acked one by one (prefetch AMQP_PREFETCH), until all are acked
//   bus:      the same N messages (each its own message_id) published to the desk's intake
//             queue while the worker runs, until each is a request (stored raw, validated,
//             client found, request filed, its workflow started): InboundMessage PROCESSED
// Both include the same publishing, so the ratio is what the desk's intake costs over the broker.
// Run with `BENCH_STAGES=bus npm run bench`. Writes bench/results/bus-*.json.
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import pg from 'pg';
import { loadConfig } from '../infra/config';
import { start, waitUntil } from './processes';
import { round } from './stats';
import { writeResult } from './results';

const N = Number(process.env.BENCH_BUS_MESSAGES ?? 1000);

const message = (phone: string, i: number) =>
  Buffer.from(
    JSON.stringify({
      schema: 'incident-desk.request.v1',
      serviceCode: 'it-laptop',
      client: { phone, name: 'Bench bus client' },
      description: `The printer on floor ${i % 9} does not print.`,
      externalRef: `BENCH-${i}`,
    }),
  );

async function main() {
  // One client sends them all: the per-sender rate (a loop guard) is lifted for the run.
  process.env.MAIL_SENDER_RATE_PER_HOUR = String(N * 10);
  const config = loadConfig();
  if (!config.AMQP_URL) throw new Error('AMQP_URL is empty');
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL });
  const connection = await amqp.connect(config.AMQP_URL);
  const channel = await connection.createConfirmChannel();
  const phone = `+7996${String(Date.now()).slice(-7)}`;
  const publish = async (queue: string) => {
    for (let i = 0; i < N; i++) {
      if (!channel.sendToQueue(queue, message(phone, i), { messageId: `bench-${randomUUID()}`, persistent: true, contentType: 'application/json' }))
        await new Promise((resolve) => channel.once('drain', resolve));
    }
    await channel.waitForConfirms();
  };
  const worker = start('dist/worker/main.js', 'bench-bus-worker');
  try {
    await waitUntil('worker metrics', async () => (await fetch(`http://127.0.0.1:${config.WORKER_METRICS_PORT}/metrics`)).ok);
    const processed = async () =>
      Number((await sql.query(`SELECT count(*) FROM "InboundMessage" WHERE channel = 'ESB' AND status = 'PROCESSED'`)).rows[0].count);
    // Warm-up: the worker's connection, the first client, pools and JIT.
    const warm = await processed();
    for (let i = 0; i < 20; i++) channel.sendToQueue(config.AMQP_INTAKE_QUEUE, message(phone, i), { messageId: `warm-${randomUUID()}`, persistent: true });
    await channel.waitForConfirms();
    await waitUntil('the warm-up taken', async () => (await processed()) - warm >= 20, 120_000);

    // Baseline: the same messages through the same broker, consumed and acked with nothing done.
    const queue = `bench-raw-${randomUUID().slice(0, 8)}`;
    await channel.assertQueue(queue, { durable: true });
    const consumer = await connection.createChannel();
    await consumer.prefetch(config.AMQP_PREFETCH);
    let acked = 0;
    const tRaw = performance.now();
    await consumer.consume(queue, (msg) => {
      if (!msg) return;
      JSON.parse(msg.content.toString());
      consumer.ack(msg);
      acked++;
    });
    await publish(queue);
    await waitUntil('every raw message acked', async () => acked >= N, 120_000);
    const rawMs = performance.now() - tRaw;
    await consumer.close();
    await channel.deleteQueue(queue);

    // The bus path: the same messages to the desk's intake queue, until each is a request.
    const before = await processed();
    const tBus = performance.now();
    await publish(config.AMQP_INTAKE_QUEUE);
    await waitUntil('every message a request', async () => (await processed()) - before >= N, 1_200_000);
    const busMs = performance.now() - tBus;
    const requests = Number((await sql.query(`SELECT count(*) FROM "ServiceRequest" WHERE channel = 'ESB'`)).rows[0].count);
    const rawPerSecond = (N / rawMs) * 1000;
    const busPerSecond = (N / busMs) * 1000;
    const result = {
      at: new Date().toISOString(),
      messages: N,
      prefetch: config.AMQP_PREFETCH,
      rawConsumeAndAck: { ms: round(rawMs), perSecond: round(rawPerSecond) },
      busToStartedRequest: { ms: round(busMs), perSecond: round(busPerSecond), requestsFiled: requests },
      ratio: round(rawPerSecond / busPerSecond),
    };
    writeResult('bus', result);
  } finally {
    worker.kill('SIGTERM');
    await connection.close();
    await sql.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
