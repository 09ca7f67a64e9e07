// SMS submit to delivery receipt recorded (issue 14), beside a baseline in the same run over
// the same SMSC stand-in (scripts/smsc-server.ts, real SMPP over TCP on the bench's stack):
//   raw:  a bare node-smpp session: submit_sm -> submit_sm_resp -> deliver_sm receipt received
//   ours: sendOnce over the SMS channel (encode, submit_sm, the part's row, the "sent" attempt)
//         -> the receipt -> recorded on its part -> settled as the "delivered" attempt
// Both send the same one-part Cyrillic status text (UCS-2), one message at a time, so the
// figures are latencies, not throughput. Writes bench/results/sms-receipts-*.json.
import { randomUUID } from 'node:crypto';
import * as smpp from 'smpp';
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { sendOnce } from '../domain/notifications/notifier';
import { SmppSession } from '../domain/sms/smppSession';
import { SmppProvider } from '../domain/sms/smppProvider';
import { SmsChannel } from '../domain/sms/smsChannel';
import { isReceipt, ReceiptBook, takeReceipt } from '../domain/sms/receipts';
import { encodeSms, shortMessageOctets } from '../domain/sms/encoding';
import { percentile, round, timeRuns } from './stats';
import { writeResult } from './results';

const N = Number(process.env.BENCH_SMS ?? 300);
const TO = '+79990000001';
const SUBJECT = 'Обращение 1A2B3C4D: в работе';
const BODY = 'Статус обращения «Принтер» — в работе.';

const stats = (ms: number[]) => ({ n: ms.length, p50: round(percentile(ms, 50), 2), p99: round(percentile(ms, 99), 2) });

async function rawBaseline(config: ReturnType<typeof loadConfig>): Promise<number[]> {
  const session = smpp.connect({ url: `smpp://${config.SMPP_HOST}:${config.SMPP_PORT}` });
  const waiting = new Map<string, () => void>();
  session.on('deliver_sm', (pdu: smpp.PDU) => {
    session.send(pdu.response());
    const id = /id:(\S+)/.exec(shortMessageOctets(pdu.short_message).toString('latin1'))?.[1];
    if (id) waiting.get(id)?.();
  });
  await new Promise<void>((resolve, reject) =>
    session.on('connect', () => {
      session.socket.setNoDelay(true); // as our session does: the baseline is the best the bare client does
      session.send(new smpp.PDU('bind_transceiver', { system_id: config.SMPP_SYSTEM_ID, password: config.SMPP_PASSWORD }), (r) =>
        r.command_status === 0 ? resolve() : reject(new Error(`bind ${r.command_status}`)),
      );
    }),
  );
  const [part] = encodeSms(`${SUBJECT}\n${BODY}`, 0);
  const once = () =>
    new Promise<void>((resolve) => {
      const pdu = new smpp.PDU('submit_sm', {
        source_addr: 'Bench',
        destination_addr: TO.slice(1),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        data_coding: part!.dataCoding,
        esm_class: part!.esmClass,
        registered_delivery: 1,
        short_message: part!.shortMessage,
      });
      session.send(pdu, (resp) => waiting.set(resp.message_id!, resolve));
    });
  const ms = await timeRuns(once, { runs: N, warmup: 20 });
  session.destroy();
  return ms;
}

async function ours(config: ReturnType<typeof loadConfig>, db: ReturnType<typeof createDb>): Promise<number[]> {
  const settled = new Map<string, () => void>();
  const book = new ReceiptBook(db, (key) => settled.get(key)?.());
  const session = new SmppSession(
    { host: config.SMPP_HOST, port: config.SMPP_PORT, systemId: config.SMPP_SYSTEM_ID, password: config.SMPP_PASSWORD },
    async (pdu) => {
      if (isReceipt(pdu)) await takeReceipt(pdu, book);
    },
  );
  session.start();
  await session.ready(30_000);
  const channel = new SmsChannel(db, new SmppProvider(session), 'Bench');
  const once = async () => {
    const key = `bench-sms-${randomUUID()}`;
    const done = new Promise<void>((resolve) => settled.set(key, resolve));
    await sendOnce(db, channel, { key, incidentId: null, recipient: TO, template: 'status', subject: SUBJECT, body: BODY });
    await done;
    settled.delete(key);
  };
  const ms = await timeRuns(once, { runs: N, warmup: 20 });
  await session.stop();
  return ms;
}

async function main() {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL);
  try {
    const raw = await rawBaseline(config);
    const desk = await ours(config, db);
    const result = {
      at: new Date().toISOString(),
      stage: 'sms-receipts',
      messages: N,
      rawSubmitToReceiptMs: stats(raw),
      oursSubmitToReceiptRecordedMs: stats(desk),
      ratioP50: round(percentile(desk, 50) / percentile(raw, 50), 1),
      ratioP99: round(percentile(desk, 99) / percentile(raw, 99), 1),
    };
    writeResult('sms-receipts', result);
  } finally {
    await db.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
