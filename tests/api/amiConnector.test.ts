// The Asterisk AMI connector against a separate process speaking AMI's documented line protocol
// (scripts/ami-server.ts: banner, Login, events), since no PBX installs here: a call rung,
// answered and hung up, a missed one, a caller id without its plus, a refused login, and a
// reconnect after the PBX cut the connection, with the events replayed changing nothing.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomInt } from 'node:crypto';
import readline from 'node:readline';
import { AmiConnector } from '../../domain/telephony/ami/connector';
import { CallService } from '../../domain/telephony/calls';
import { notFound } from '../../domain/shared/errors';
import { api } from '../support/api';
import { openCallStream } from '../support/callStream';
import { openDatabase, openDb } from '../support/db';
import { ROOT, testEnv } from '../support/env';
import { waitFor } from '../support/processes';

const port = Number(testEnv.AMI_TEST_PORT);
const db = openDb();
const database = openDatabase();
// Only record() runs here; a card is the app's to build (the stream test below reads it from the app).
const calls = new CallService(
  database,
  () => Promise.reject(notFound('client')),
  () => Promise.reject(notFound('request')),
);
const source = `ami:test-${Date.now().toString(36)}`;
const extension = `73${randomInt(10_000, 99_999)}`;
let pbx: ChildProcessWithoutNullStreams;
const said: string[] = [];
const connectors: AmiConnector[] = [];

beforeAll(async () => {
  pbx = spawn(process.execPath, ['dist/scripts/ami-server.js'], { cwd: ROOT, env: { ...process.env, AMI_TEST_PORT: String(port) } });
  readline.createInterface({ input: pbx.stdout }).on('line', (line) => said.push(line));
  await waitFor('the AMI server', async () => said.includes(`listening ${port}`));
  expect((await api('olga', 'PUT', '/api/me/extension', { extension })).status).toBe(200);
});
afterAll(async () => {
  for (const c of connectors) await c.stop();
  pbx.kill('SIGTERM');
  await database.destroy();
  await db.$disconnect();
});

const connect = (secret = 'desk-secret') => {
  const connector = new AmiConnector({ host: '127.0.0.1', port, user: 'desk', secret }, (event) => calls.record(source, event));
  connectors.push(connector);
  connector.start();
  return connector;
};
const logins = () => said.filter((l) => l === 'login desk').length;
const emit = (...events: Record<string, string>[]) => pbx.stdin.write(`${JSON.stringify({ emit: events })}\n`);

/** The AMI events of one call from the trunk to an extension, as Asterisk 20 sends them (the fields the connector reads and a few more). */
function call(id: string, callerIdNum: string, answered: boolean): Record<string, string>[] {
  const caller = {
    Channel: `PJSIP/trunk-${id}`,
    Uniqueid: `${id}.1`,
    Linkedid: `${id}.1`,
    CallerIDNum: callerIdNum,
    Exten: '4950000000',
    Context: 'from-trunk',
  };
  const dest = { DestChannel: `PJSIP/${extension}-${id}`, DestUniqueid: `${id}.2`, DestLinkedid: `${id}.1`, DestCallerIDNum: extension, DestExten: extension };
  const ts = (s: number) => ({ Timestamp: (1_796_205_600 + s).toFixed(6) });
  return [
    { Event: 'Newchannel', ...caller, ChannelState: '4', ChannelStateDesc: 'Ring', ...ts(0) },
    { Event: 'Newchannel', Channel: dest.DestChannel, Uniqueid: `${id}.2`, Linkedid: `${id}.1`, CallerIDNum: extension, Exten: extension, ...ts(0) },
    { Event: 'DialBegin', ...caller, ...dest, DialString: extension, ...ts(1) },
    ...(answered
      ? [
          { Event: 'DialEnd', ...caller, ...dest, DialStatus: 'ANSWER', ...ts(4) },
          { Event: 'BridgeEnter', ...caller, BridgeUniqueid: `b-${id}`, ...ts(4) },
          { Event: 'BridgeEnter', Channel: dest.DestChannel, Uniqueid: `${id}.2`, Linkedid: `${id}.1`, BridgeUniqueid: `b-${id}`, ...ts(4) },
          { Event: 'Hangup', Channel: dest.DestChannel, Uniqueid: `${id}.2`, Linkedid: `${id}.1`, Cause: '16', 'Cause-txt': 'Normal Clearing', ...ts(60) },
        ]
      : [{ Event: 'DialEnd', ...caller, ...dest, DialStatus: 'NOANSWER', ...ts(20) }]),
    { Event: 'Hangup', ...caller, Cause: '16', 'Cause-txt': 'Normal Clearing', ...ts(answered ? 60 : 21) },
  ];
}

const row = (id: string, state: string) =>
  waitFor(`call ${id} ${state}`, () => db.call.findFirst({ where: { source, pbxCallId: `${id}.1`, state: state as never } }));

test('a login refused with a wrong secret records nothing and says so to the PBX', async () => {
  const before = said.filter((l) => l === 'refused desk').length;
  const wrong = connect('wrong');
  await waitFor('the refusal', async () => said.filter((l) => l === 'refused desk').length > before);
  expect(wrong.connected).toBe(false);
  await wrong.stop();
});

test("an answered call: ringing on the operator's extension (the card is pushed), answered, ended, with the AMI times", async () => {
  const stream = await openCallStream('olga');
  const connector = connect();
  await waitFor('the login', async () => connector.connected);
  const id = `${Date.now()}`;
  emit(...call(id, '+74951112233', true));
  const ended = await row(id, 'ENDED');
  const olga = await db.employee.findUniqueOrThrow({ where: { username: 'olga' } });
  expect(ended).toMatchObject({ callerNumber: '+74951112233', calledNumber: '4950000000', extension, operatorId: olga.id, heldReason: null });
  expect(ended.startedAt.toISOString()).toBe('2026-12-02T10:00:01.000Z');
  expect(ended.answeredAt?.toISOString()).toBe('2026-12-02T10:00:04.000Z');
  expect(ended.endedAt?.toISOString()).toBe('2026-12-02T10:01:00.000Z');
  expect((await stream.next((c) => c.call.id === ended.id)).call.callerNumber).toBe('+74951112233');
  stream.close();
});

test("an unanswered call is missed, a callback task of the operator's department; 8XXXXXXXXXX becomes +7XXXXXXXXXX", async () => {
  const id = `${Date.now()}`;
  emit(...call(id, '89161234567', false));
  const missed = await row(id, 'MISSED');
  expect(missed.callerNumber).toBe('+79161234567');
  expect(missed.callbackDepartmentId).not.toBeNull();
  expect((await api('sergey', 'GET', '/api/calls/callbacks')).body.items.map((c: { id: string }) => c.id)).toContain(missed.id);
});

test('after the PBX cuts the connection the connector logs in again; events replayed change nothing', async () => {
  const id = `${Date.now()}`;
  const events = call(id, '+74953334455', true);
  emit(...events);
  const first = await row(id, 'ENDED');
  const before = logins();
  pbx.stdin.write(`${JSON.stringify({ drop: true })}\n`);
  await waitFor('the new login', async () => logins() > before);
  emit(...events); // the PBX replays the call after its restart
  const next = `${Date.now()}`;
  emit(...call(next, '+74953334466', false));
  await row(next, 'MISSED');
  expect(await db.call.findFirstOrThrow({ where: { id: first.id } })).toEqual(first);
  expect(await db.callEvent.count({ where: { callId: first.id } })).toBe(3);
});
