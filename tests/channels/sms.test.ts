// SMS against the real test stack and the SMSC stand-in (scripts/smsc-server.ts, real SMPP over
// TCP): the worker binds to it, sends a phone-only client's status changes (Cyrillic as UCS-2,
// long ones in concatenated parts) and records the operator's receipts on the notification log;
// clients file requests and answer them by SMS through the channel intake. Every outcome is
// read back through the API, the SMSC's list of submissions and the worker's metrics.
import { randomInt, randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { testEnv } from '../support/env';
import { waitFor } from '../support/processes';
import { joined, phoneOnlyClient, receiptRule, sendMo, sendReceipt, smsFrom, smscDown, smscUp, submittedTo, type LoggedAttempt } from '../support/smsc';

const db = openDb();
afterAll(async () => {
  await smscUp();
  await db.$disconnect();
});
beforeAll(smscUp);

const phone = () => `+7997${randomInt(1_000_000, 9_999_999)}`;
const tag = () => randomUUID().slice(0, 8);

type Attempt = LoggedAttempt;

/** A client known by a phone number only. */
const phoneClient = () => phoneOnlyClient('+7997', 'SMS client');

async function fileFor(number: string, description: string): Promise<{ requestId: string; incidentId: string }> {
  const res = await api('olga', 'POST', '/api/requests', { phone: number, serviceCode: 'it-laptop', description }, { 'Idempotency-Key': `sms-${tag()}` });
  expect(res.status).toBe(201);
  const requestId = res.body.request.id as string;
  const incident = await waitFor('its incident', () => db.incident.findFirst({ where: { requestId } }), 30000);
  return { requestId, incidentId: incident.id };
}

const log = async (incidentId: string) => (await api('sergey', 'GET', `/api/incidents/${incidentId}/notifications`)).body.items as Attempt[];

/** The SMS attempts of the incident's log once the first message to this phone has settled (delivered or failed). */
const settled = (incidentId: string, number: string, timeoutMs = 60000) =>
  waitFor(
    'an SMS settled by its receipt',
    async () => {
      const mine = (await log(incidentId)).filter((a) => a.recipient === number && a.channel === 'sms');
      return mine.some((a) => a.outcome === 'delivered' || a.outcome === 'failed') ? mine : null;
    },
    timeoutMs,
    300,
  );

let firstIds: string[] = [];
let firstIncident = '';

test('a phone-only client gets status changes by SMS: Cyrillic as UCS-2, a long one in parts, receipts recorded as delivered', async () => {
  const client = await phoneClient();
  const title = 'Не включается ноутбук после обновления, на экране мигает индикатор зарядки';
  const { requestId, incidentId } = await fileFor(client.phone, title);
  const ref = requestId.slice(0, 8).toUpperCase();
  const attempts = await settled(incidentId, client.phone);
  const delivered = attempts.find((a) => a.outcome === 'delivered')!;
  expect(delivered).toBeDefined();
  expect(attempts.filter((a) => a.key === delivered.key).map((a) => a.outcome)).toEqual(['sent', 'delivered']);
  const sent = attempts.find((a) => a.key === delivered.key && a.outcome === 'sent')!;

  // What the SMSC took: each message in UCS-2, split into parts that join into the whole text.
  const messages = joined(await submittedTo(client.phone));
  const registered = messages.find((m) => m.text.includes(`Обращение ${ref}: зарегистрирован`))!;
  expect(registered).toBeDefined();
  expect(registered.dataCoding).toBe(8);
  expect(registered.parts).toBeGreaterThan(1);
  expect(registered.text).toContain(`${title}» — зарегистрирован.`);
  // The log names the SMSC's message ids, sent and delivered alike.
  const carried = messages.find((m) => m.ids.join(',') === delivered.reference)!;
  expect(carried).toBeDefined();
  expect(carried.parts).toBeGreaterThan(1);
  expect(sent.reference).toBe(delivered.reference);
  firstIds = carried.ids;
  firstIncident = incidentId;

  // The timeline shows the outcome with the ids.
  const timeline = (await api('sergey', 'GET', `/api/incidents/${incidentId}/timeline`)).body.items as { kind: string; detail: string }[];
  expect(timeline.some((e) => e.kind === 'notification' && e.detail === `delivered [${delivered.reference}]`)).toBe(true);
});

test('a repeated receipt changes nothing; a receipt for an unknown id is answered and ignored with its reason', async () => {
  const before = await log(firstIncident);
  // The SMSC's deliver_sm_resp comes after the worker stored what it makes of the receipt.
  expect(await sendReceipt(firstIds[0]!, 'UNDELIV')).toBe(0);
  expect(await sendReceipt(`unknown-${tag()}`)).toBe(0);
  expect(await log(firstIncident)).toEqual(before);
  const metrics = await (await fetch(`http://127.0.0.1:${testEnv.WORKER_METRICS_PORT!}/metrics`)).text();
  expect(metrics).toMatch(/incidentdesk_sms_receipts_total\{outcome="unknown"\} [1-9]/);
  expect(metrics).toMatch(/incidentdesk_sms_receipts_total\{outcome="repeat"\} [1-9]/);
});

test('a failed receipt shows failed on the log with its stat and err', async () => {
  const client = await phoneClient();
  await receiptRule(client.phone, 'UNDELIV', '001');
  const { incidentId } = await fileFor(client.phone, 'Failed receipt: printer jam');
  const attempts = await settled(incidentId, client.phone);
  const failed = attempts.find((a) => a.outcome === 'failed')!;
  expect(failed.error).toContain('stat:UNDELIV err:001');
  expect(attempts.filter((a) => a.key === failed.key).map((a) => a.outcome)).toEqual(['sent', 'failed']);
  expect(attempts.some((a) => a.outcome === 'delivered')).toBe(false);
});

test('a client files a request by SMS and answers it by SMS: the answer, in parts, becomes a public comment', async () => {
  const client = await phoneClient();
  expect(await sendMo({ from: client.phone, text: 'Принтер в 301 не печатает, мигает красная лампа' })).toEqual([0]);
  const [filed] = await smsFrom(client.phone);
  expect(filed).toMatchObject({ status: 'PROCESSED', reason: null, clientId: client.id });
  const request = (await api('olga', 'GET', `/api/requests/${filed!.requestId}`)).body.request;
  expect(request).toMatchObject({ channel: 'SMS', client: { id: client.id }, service: { code: testEnv.SMS_INBOUND_SERVICE } });
  expect(request.description).toContain('мигает красная лампа');
  const incidentId = (await waitFor('the incident', () => db.incident.findFirst({ where: { requestId: filed!.requestId! } }), 30000)).id;

  // The answer names no request: it goes to the client's only open one. Longer than 70
  // characters of Cyrillic, it arrives in parts that the worker joins.
  const answer = 'Лампа перестала мигать после перезагрузки, но листы всё ещё застревают на выходе из лотка';
  expect((await sendMo({ from: client.phone, text: answer })).length).toBeGreaterThan(1);
  const rows = await smsFrom(client.phone, 2);
  expect(rows.every((r) => r.status === 'PROCESSED' && r.requestId === filed!.requestId)).toBe(true);
  const comments = (await api('olga', 'GET', `/api/incidents/${incidentId}/comments`)).body.items as { body: string; public: boolean }[];
  expect(comments).toEqual(expect.arrayContaining([expect.objectContaining({ body: answer, public: true })]));
});

test('a redelivered SMS, single or in parts, is stored once', async () => {
  const client = await phoneClient();
  expect(await sendMo({ from: client.phone, text: `Short one ${tag()}`, times: 2 })).toEqual([0, 0]);
  const long = `Длинное сообщение ${tag()}: ${'не работает сканер, '.repeat(5)}`;
  expect((await sendMo({ from: client.phone, text: long, times: 2 })).every((s) => s === 0)).toBe(true);
  // Each deliver_sm was answered after it was stored (or found stored): the rows are final.
  const rows = await smsFrom(client.phone, 2);
  expect(rows).toHaveLength(2);
  expect(new Set(rows.map((r) => r.channelMessageId)).size).toBe(2);
});

test('an SMS with undecodable text or from an unknown number is held with its reason', async () => {
  const client = await phoneClient();
  // UCS-2 of an odd length, a lone surrogate, an unknown data_coding.
  await sendMo({ from: client.phone, hex: '0422043504', dataCoding: 8 });
  await sendMo({ from: client.phone, hex: 'd8000041', dataCoding: 8 });
  await sendMo({ from: client.phone, hex: '48656c6c6f', dataCoding: 0x05 });
  const held = await smsFrom(client.phone, 3);
  const reasons = held.map((r) => `${r.status} ${r.reason}`).sort();
  expect(reasons).toEqual([
    'HELD malformed message: undecodable text: UCS-2 text of an odd length (5 octets)',
    'HELD malformed message: undecodable text: UCS-2 text with a lone surrogate',
    'HELD malformed message: undecodable text: unknown data_coding 0x05',
  ]);
  const stranger = phone();
  await sendMo({ from: stranger, text: 'Hello, my laptop is broken' });
  const [unknown] = await smsFrom(stranger);
  expect(unknown).toMatchObject({ status: 'HELD', clientId: null, reason: `unknown sender ${stranger}: no client has this phone number` });
});

test('the SMSC down then back: the status SMS is retried and sent once, then delivered', async () => {
  const client = await phoneClient();
  smscDown();
  let incidentId: string;
  try {
    ({ incidentId } = await fileFor(client.phone, 'SMSC outage: keyboard'));
    await waitFor(
      'a failed SMS attempt while the SMSC is down',
      async () => (await log(incidentId)).some((a) => a.recipient === client.phone && a.outcome === 'failed'),
      60000,
      500,
    );
  } finally {
    await smscUp();
  }
  const attempts = await waitFor(
    'the SMS delivered after the outage',
    async () => {
      const mine = (await log(incidentId)).filter((a) => a.recipient === client.phone);
      return mine.some((a) => a.outcome === 'delivered') ? mine : null;
    },
    120000,
    500,
  );
  const key = attempts.find((a) => a.outcome === 'delivered')!.key;
  expect(attempts.filter((a) => a.key === key && a.outcome === 'sent')).toHaveLength(1);
  const messages = joined(await submittedTo(client.phone));
  const texts = messages.map((m) => m.text);
  expect(new Set(texts).size).toBe(texts.length);
}, 240000);
