// Telephony (issue 13): the PBX's call webhook (each event, replay, forged or missing secret,
// an unknown extension held for admins, bad input naming the field), operators' extensions,
// the caller card pushed to the operator whose extension rings (and to nobody else), foreign
// call ids 404, missed calls as the department's callback tasks, and a call linked to the
// request filed from its card on the request's timeline.
import { randomInt } from 'node:crypto';
import { api, fileRequest } from '../support/api';
import { callEvent, openCallStream, type CallStream } from '../support/callStream';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';

const db = openDb();
const tag = `${Date.now().toString(36)}${randomInt(1000)}`;
const phone = () => `+7978${randomInt(1_000_000, 9_999_999)}`;
const [olgaExt, pavelExt] = [`71${randomInt(10_000, 99_999)}`, `72${randomInt(10_000, 99_999)}`];
const streams: CallStream[] = [];
afterAll(async () => {
  for (const s of streams) s.close();
  await db.$disconnect();
});

const ring = (callId: string, caller: string, extension?: string) =>
  callEvent({ event: 'ringing', callId, caller, called: '+74950000000', ...(extension ? { extension } : {}) });

test('operators set their own extension; one extension belongs to one operator; bad input names the field', async () => {
  expect((await api('olga', 'PUT', '/api/me/extension', { extension: olgaExt })).body).toEqual({ extension: olgaExt });
  expect((await api('olga', 'GET', '/api/me/extension')).body).toEqual({ extension: olgaExt });
  expect((await api('pavel', 'PUT', '/api/me/extension', { extension: olgaExt })).status).toBe(409);
  expect((await api('pavel', 'PUT', '/api/me/extension', { extension: pavelExt })).status).toBe(200);
  const bad = await api('pavel', 'PUT', '/api/me/extension', { extension: '12 34' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].field).toBe('extension');
  expect((await api('ivan', 'PUT', '/api/me/extension', { extension: '9999' })).status).toBe(403);
  expect((await api(null, 'GET', '/api/me/extension')).status).toBe(401);
});

test('the webhook refuses a missing or forged secret with 401 and records nothing', async () => {
  const callId = `forged-${tag}`;
  expect((await ring(callId, phone(), olgaExt).then(() => callEvent({ event: 'ringing', callId, caller: phone(), called: '1' }, null))).status).toBe(401);
  const forged = await callEvent({ event: 'ringing', callId: `${callId}-2`, caller: phone(), called: '1' }, 'not-the-secret');
  expect(forged.status).toBe(401);
  expect(forged.body.detail).toContain('X-Telephony-Secret');
  expect(await db.call.count({ where: { pbxCallId: `${callId}-2` } })).toBe(0);
});

test('bad input is a 400 naming the field', async () => {
  const bad = await callEvent({ event: 'ringing', callId: `bad-${tag}`, caller: '8-495-123', called: '100', extension: olgaExt });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['caller']);
  expect((await callEvent({ event: 'exploded', callId: `bad-${tag}`, caller: phone(), called: '100' })).body.errors[0].field).toBe('event');
  expect((await callEvent({ event: 'ringing', caller: phone(), called: '100' })).body.errors[0].field).toBe('callId');
  expect(await db.call.count({ where: { pbxCallId: `bad-${tag}` } })).toBe(0);
});

test('ringing, answered, ended: the call is kept with its times, operator and recording; a replay changes nothing', async () => {
  const callId = `full-${tag}`;
  const caller = phone();
  const rang = await ring(callId, caller, olgaExt);
  expect(rang.status).toBe(200);
  expect(rang.body).toMatchObject({ replayed: false, call: { state: 'RINGING', callerNumber: caller, extension: olgaExt, heldReason: null } });
  const olga = await db.employee.findUniqueOrThrow({ where: { username: 'olga' } });
  expect(rang.body.call.operatorId).toBe(olga.id);
  const answered = await callEvent({ event: 'answered', callId, caller, called: '+74950000000', extension: olgaExt, at: '2026-12-02T10:00:05Z' });
  expect(answered.body.call).toMatchObject({ state: 'ANSWERED', answeredAt: '2026-12-02T10:00:05.000Z' });
  const ended = { event: 'ended', callId, caller, called: '+74950000000', recordingUrl: 'https://pbx.example.test/rec/1.wav', at: '2026-12-02T10:03:00Z' };
  expect((await callEvent(ended)).body.call).toMatchObject({ state: 'ENDED', endedAt: '2026-12-02T10:03:00.000Z', recordingUrl: ended.recordingUrl });
  const before = await db.call.findFirstOrThrow({ where: { pbxCallId: callId } });
  // Every event again, and a late ringing: 200, replayed, nothing changes.
  const replay = await callEvent(ended);
  expect(replay).toMatchObject({ status: 200, body: { replayed: true } });
  expect((await ring(callId, caller, olgaExt)).body.replayed).toBe(true);
  expect((await callEvent({ ...ended, event: 'answered', extension: olgaExt })).body.replayed).toBe(true);
  expect(await db.call.findFirstOrThrow({ where: { pbxCallId: callId } })).toEqual(before);
  expect(await db.call.count({ where: { pbxCallId: callId } })).toBe(1);
  expect(await db.callEvent.count({ where: { callId: before.id } })).toBe(3);
});

test('an event for an unknown extension is recorded and held with its reason, which admins see', async () => {
  const callId = `unknown-${tag}`;
  const res = await ring(callId, phone(), '999999');
  expect(res.status).toBe(200);
  expect(res.body.call).toMatchObject({ operatorId: null, heldReason: 'extension 999999 belongs to no operator' });
  const held = await api('admin', 'GET', '/api/calls/held');
  expect(held.body.items.find((c: { pbxCallId: string }) => c.pbxCallId === callId)).toMatchObject({ heldReason: 'extension 999999 belongs to no operator' });
  expect((await api('olga', 'GET', '/api/calls/held')).status).toBe(403);
});

test("the ring pushes the caller's card to that operator's stream only; foreign call ids are 404", async () => {
  const olgaStream = await openCallStream('olga');
  const pavelStream = await openCallStream('pavel');
  streams.push(olgaStream, pavelStream);
  const caller = phone();
  const created = await api('olga', 'POST', '/api/clients', { name: `Caller ${tag}`, phones: [{ phone: caller }] });
  expect(created.status).toBe(201);
  const requestId = await fileRequest('olga', 'it-laptop', `Laptop of caller ${tag}`, caller);
  const rang = await ring(`card-${tag}`, caller, olgaExt);
  const card = await olgaStream.next((c) => c.call.id === rang.body.call.id);
  expect(card.client).toMatchObject({ id: created.body.client.id, name: `Caller ${tag}` });
  expect(card.openRequests.map((r: { id: string }) => r.id)).toContain(requestId);
  expect(card.call).toMatchObject({ state: 'RINGING', callerNumber: caller });
  // Pavel's stream got nothing, and his call is not Olga's to read.
  const pavelCall = await ring(`pavel-${tag}`, phone(), pavelExt);
  await pavelStream.next((c) => c.call.id === pavelCall.body.call.id);
  expect(pavelStream.cards.map((c) => c.call.id)).toEqual([pavelCall.body.call.id]);
  expect(olgaStream.cards.map((c) => c.call.id)).not.toContain(pavelCall.body.call.id);
  expect((await api('olga', 'GET', `/api/calls/${pavelCall.body.call.id}/card`)).status).toBe(404);
  expect((await api('olga', 'GET', `/api/calls/${rang.body.call.id}/card`)).body.client.id).toBe(created.body.client.id);
  expect((await api('admin', 'GET', `/api/calls/${pavelCall.body.call.id}/card`)).status).toBe(200);
  // An unknown number: no client on the card, and none created.
  const stranger = phone();
  const unknown = await ring(`stranger-${tag}`, stranger, olgaExt);
  expect((await olgaStream.next((c) => c.call.id === unknown.body.call.id)).client).toBeNull();
  expect(await db.clientPhone.count({ where: { phone: stranger } })).toBe(0);
  // The second call of a known number lists the first among the recent calls, and never makes a second client.
  const again = await ring(`card2-${tag}`, caller, olgaExt);
  const second = await olgaStream.next((c) => c.call.id === again.body.call.id);
  expect(second.recentCalls.map((c: { id: string }) => c.id)).toContain(rang.body.call.id);
  expect(await db.clientPhone.count({ where: { phone: caller } })).toBe(1);
});

test("a request filed from the card is linked to the call; the call is on the request's timeline", async () => {
  const caller = phone();
  expect((await api('olga', 'POST', '/api/clients', { name: `Linked ${tag}`, phones: [{ phone: caller }] })).status).toBe(201);
  const rang = await ring(`link-${tag}`, caller, olgaExt);
  await callEvent({ event: 'answered', callId: `link-${tag}`, caller, called: '+74950000000', extension: olgaExt });
  await callEvent({ event: 'ended', callId: `link-${tag}`, caller, called: '+74950000000', recordingUrl: 'https://pbx.example.test/rec/2.wav' });
  const requestId = await fileRequest('olga', 'it-network', `Wi-Fi of ${tag}`, caller);
  expect((await api('pavel', 'POST', `/api/calls/${rang.body.call.id}/request`, { requestId })).status).toBe(404);
  const bad = await api('olga', 'POST', `/api/calls/${rang.body.call.id}/request`, { requestId: 'x' });
  expect(bad.body.errors[0].field).toBe('requestId');
  const linked = await api('olga', 'POST', `/api/calls/${rang.body.call.id}/request`, { requestId });
  expect(linked.body.call).toMatchObject({ requestId, state: 'ENDED' });
  expect(linked.body.call.clientId).not.toBeNull();
  const incidentId = await waitFor('the incident', async () => (await db.incident.findUnique({ where: { requestId } }))?.id);
  const timeline = await api('olga', 'GET', `/api/incidents/${incidentId}/timeline`);
  const entry = timeline.body.items.find((e: { kind: string }) => e.kind === 'call');
  expect(entry).toMatchObject({ kind: 'call', actorName: expect.any(String) });
  expect(entry.detail).toContain('https://pbx.example.test/rec/2.wav');
});

test("missed and abandoned calls are callback tasks of the operator's department; staff mark them done", async () => {
  const missed = await ring(`missed-${tag}`, phone(), olgaExt);
  await callEvent({ event: 'missed', callId: `missed-${tag}`, caller: missed.body.call.callerNumber, called: '+74950000000' });
  const abandoned = await ring(`abandoned-${tag}`, phone(), olgaExt);
  const hungUp = await callEvent({ event: 'ended', callId: `abandoned-${tag}`, caller: abandoned.body.call.callerNumber, called: '+74950000000' });
  expect(hungUp.body.call.state).toBe('MISSED');
  const ids = async (user: string) => (await api(user, 'GET', '/api/calls/callbacks')).body.items?.map((c: { id: string }) => c.id) ?? [];
  expect(await ids('olga')).toEqual(expect.arrayContaining([missed.body.call.id, abandoned.body.call.id]));
  expect(await ids('sergey')).toEqual(expect.arrayContaining([missed.body.call.id, abandoned.body.call.id]));
  expect(await ids('pavel')).not.toContain(missed.body.call.id); // another department
  expect((await api('ivan', 'GET', '/api/calls/callbacks')).status).toBe(403);
  expect((await api('pavel', 'POST', `/api/calls/${missed.body.call.id}/callback-done`)).status).toBe(404);
  expect((await api('olga', 'POST', `/api/calls/${missed.body.call.id}/callback-done`)).body.call.callbackDone).toBe(true);
  expect(await ids('sergey')).not.toContain(missed.body.call.id);
  expect(await ids('sergey')).toContain(abandoned.body.call.id);
});
