// SMS through an HTTP provider (SMS_PROVIDER=http) against the real test stack and a local
// provider process speaking Infobip's JSON API (scripts/sms-http-server.ts): a side worker sends
// a phone-only client's notifications through it, its delivery reports and incoming SMS come to
// the app's callbacks, and every outcome is read back through the API and the provider's list.
import { randomInt, randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { APP_URL, testEnv } from '../support/env';
import { startRequestOn } from '../support/httpOrders';
import { killProcess, waitFor } from '../support/processes';
import { startHttpSmsWorker, startSmsHttpProvider, type SmsHttpProvider } from '../support/smsHttp';
import { phoneOnlyClient, smsFrom, type LoggedAttempt } from '../support/smsc';
import { openTemporal } from '../support/temporal';

const QUEUE = 'incident-desk-http-sms';
const db = openDb();
let provider: SmsHttpProvider;
let temporal: Awaited<ReturnType<typeof openTemporal>>;

beforeAll(async () => {
  provider = await startSmsHttpProvider('sms-http-provider');
  temporal = await openTemporal();
  await startHttpSmsWorker('worker-http-sms', QUEUE, provider.url);
});
afterAll(async () => {
  killProcess('worker-http-sms');
  provider.stop();
  await temporal.connection.close();
  await db.$disconnect();
});

const phone = () => `+7996${randomInt(1_000_000, 9_999_999)}`;
const tag = () => randomUUID().slice(0, 8);

type Attempt = LoggedAttempt;
const phoneClient = () => phoneOnlyClient('+7996', 'HTTP SMS client');

/** A request of this client whose workflow runs on the HTTP-SMS worker's queue, and its incident. */
async function fileFor(clientId: string, description: string): Promise<string> {
  const requestId = await startRequestOn(db, temporal, QUEUE, { description, clientId });
  return (await waitFor('its incident', () => db.incident.findFirst({ where: { requestId } }), 60000)).id;
}

const log = async (incidentId: string) => (await api('sergey', 'GET', `/api/incidents/${incidentId}/notifications`)).body.items as Attempt[];

/** The SMS attempts to this number once one has one of these outcomes (settled by its report). */
const settled = (incidentId: string, number: string, outcomes = ['delivered', 'failed']) =>
  waitFor(
    `an SMS ${outcomes.join(' or ')}`,
    async () => {
      const mine = (await log(incidentId)).filter((a) => a.recipient === number && a.channel === 'sms');
      return mine.some((a) => outcomes.includes(a.outcome)) ? mine : null;
    },
    60000,
    300,
  );

const callback = (path: string, body: unknown, secret?: string) =>
  fetch(`${APP_URL}/api/sms/http/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-sms-callback-secret': secret }) },
    body: JSON.stringify(body),
  });

let delivered: { incidentId: string; messageId: string } | null = null;

test('a notification goes in one call with the whole text, and its delivery report records it delivered', async () => {
  const client = await phoneClient();
  const title = 'Не включается ноутбук после обновления, на экране мигает индикатор зарядки';
  const incidentId = await fileFor(client.id, title);
  const attempts = await settled(incidentId, client.phone);
  const done = attempts.find((a) => a.outcome === 'delivered')!;
  expect(done).toBeDefined();
  expect(attempts.filter((a) => a.key === done.key).map((a) => a.outcome)).toEqual(['sent', 'delivered']);
  // One message with the whole text, longer than one SMS: the provider splits it, not the desk.
  const { items } = await provider.submitted(client.phone);
  const carried = items.find((m) => m.messageId === done.reference)!;
  expect(carried.text).toContain(`${title}» — зарегистрирован.`);
  expect([...carried.text].length).toBeGreaterThan(70);
  expect(carried.from).toBe(testEnv.SMS_SOURCE_ADDR);
  delivered = { incidentId, messageId: carried.messageId };
});

test('a failed delivery report shows failed on the log with the provider’s status and error', async () => {
  const client = await phoneClient();
  await provider.rule(client.phone, { status: 'UNDELIVERABLE', error: 'EC_ABSENT_SUBSCRIBER' });
  const incidentId = await fileFor(client.id, 'HTTP SMS: failed report');
  const attempts = await settled(incidentId, client.phone);
  const failed = attempts.find((a) => a.outcome === 'failed')!;
  expect(failed.error).toContain('status:UNDELIVERABLE/UNDELIVERABLE_NOT_DELIVERED error:EC_ABSENT_SUBSCRIBER');
  expect(attempts.filter((a) => a.key === failed.key).map((a) => a.outcome)).toEqual(['sent', 'failed']);
  expect(attempts.some((a) => a.outcome === 'delivered')).toBe(false);
});

test('the provider answering 500 twice: the delivery is retried and the message sent once', async () => {
  const client = await phoneClient();
  await provider.rule(client.phone, { failNext: 2 });
  const incidentId = await fileFor(client.id, 'HTTP SMS: provider hiccup');
  // The two 500s fall on the first messages to this number (the opening's, maybe the next one's):
  // each message that met one is retried until it is delivered, and sent once.
  const attempts = await waitFor(
    'every message that met a 500 delivered',
    async () => {
      const mine = (await log(incidentId)).filter((a) => a.recipient === client.phone && a.channel === 'sms');
      const failed = mine.filter((a) => a.outcome === 'failed');
      const keys = [...new Set(failed.map((a) => a.key))];
      return failed.length === 2 && keys.every((k) => mine.some((a) => a.key === k && a.outcome === 'delivered')) ? mine : null;
    },
    60000,
    300,
  );
  const failed = attempts.filter((a) => a.outcome === 'failed');
  expect(failed.map((a) => a.error)).toEqual([expect.stringContaining('answered 500'), expect.stringContaining('answered 500')]);
  const submitted = await provider.submitted(client.phone);
  for (const key of new Set(failed.map((a) => a.key))) {
    const mine = attempts.filter((a) => a.key === key && a.outcome !== 'failed');
    expect(mine.map((a) => a.outcome)).toEqual(['sent', 'delivered']);
    expect(submitted.items.filter((m) => m.messageId === mine[0]!.reference)).toHaveLength(1);
  }
  expect(submitted.calls).toBeGreaterThanOrEqual(3);
});

test('a replayed delivery report changes nothing', async () => {
  expect(delivered).not.toBeNull();
  const before = await log(delivered!.incidentId);
  expect(await provider.replayReceipt(delivered!.messageId)).toBe(200);
  // A report the other way for the same id is a repeat too: the part keeps its first.
  const other = { results: [{ messageId: delivered!.messageId, status: { groupName: 'UNDELIVERABLE' }, error: { name: 'EC_ABSENT_SUBSCRIBER' } }] };
  expect((await callback('receipts', other, testEnv.SMS_HTTP_CALLBACK_SECRET)).status).toBe(200);
  expect(await log(delivered!.incidentId)).toEqual(before);
});

test('forged callbacks get 401 and change nothing; a bad payload is a 400 naming the field', async () => {
  const report = { results: [{ messageId: delivered?.messageId ?? 'x', status: { groupName: 'UNDELIVERABLE' } }] };
  for (const secret of [undefined, '', 'guessed-secret', `${testEnv.SMS_HTTP_CALLBACK_SECRET!}x`]) {
    const receipts = await callback('receipts', report, secret);
    expect(receipts.status).toBe(401);
    expect(receipts.headers.get('content-type')).toContain('application/problem+json');
    const inbound = await callback('inbound', { results: [{ messageId: tag(), from: phone(), text: 'forged' }] }, secret);
    expect(inbound.status).toBe(401);
  }
  const bad = await callback('receipts', { results: [{ status: { groupName: 'DELIVERED' } }] }, testEnv.SMS_HTTP_CALLBACK_SECRET);
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toContain('application/problem+json');
  expect(JSON.stringify(await bad.json())).toContain('results.0.messageId');
  const badMo = await callback('inbound', { results: [{ messageId: tag(), from: 'not a number', text: 'x' }] }, testEnv.SMS_HTTP_CALLBACK_SECRET);
  expect(badMo.status).toBe(400);
  expect(JSON.stringify(await badMo.json())).toContain('results.0.from');
});

test('an incoming SMS files a request, a second answers it as a public comment; a repeated message id is stored once', async () => {
  const client = await phoneClient();
  const first = await provider.mo({ from: client.phone, text: 'Принтер в 301 не печатает, мигает красная лампа', times: 2 });
  expect(first.statuses).toEqual([200, 200]);
  const [filed] = await smsFrom(client.phone);
  expect(filed).toMatchObject({ status: 'PROCESSED', reason: null, clientId: client.id, channelMessageId: `${client.phone}:id:${first.messageId}` });
  const request = (await api('olga', 'GET', `/api/requests/${filed!.requestId}`)).body.request;
  expect(request).toMatchObject({ channel: 'SMS', client: { id: client.id }, service: { code: testEnv.SMS_INBOUND_SERVICE } });
  const incidentId = (await waitFor('the incident', () => db.incident.findFirst({ where: { requestId: filed!.requestId! } }), 30000)).id;

  const answer = 'Лампа перестала мигать после перезагрузки, но листы всё ещё застревают на выходе из лотка';
  await provider.mo({ from: client.phone, text: answer });
  const rows = await smsFrom(client.phone, 2);
  expect(rows).toHaveLength(2);
  await waitFor('both taken', async () => (await smsFrom(client.phone, 2)).every((r) => r.status === 'PROCESSED' && r.requestId === filed!.requestId));
  const comments = (await api('olga', 'GET', `/api/incidents/${incidentId}/comments`)).body.items as { body: string; public: boolean }[];
  expect(comments).toEqual(expect.arrayContaining([expect.objectContaining({ body: answer, public: true })]));
});
