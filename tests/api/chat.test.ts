// Live chat against the running stack: a visitor and agents over HTTP and the socket, access by
// the one rule (own, queue, department; foreign: 404), messages stored once per client id, and
// each bad input of issue 15 rejected with nothing stored.
import { createHmac, randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { signedInJar } from '../support/cookieJar';
import { waitFor } from '../support/processes';
import { chatOpen, ChatSocket, hostIdentity, newVisitor, refusedStatus, SOCKET_URL, visitorSays, visitorWithConversation } from '../support/chat';
import { APP_URL, testEnv } from '../support/env';

beforeAll(async () => {
  await chatOpen();
  await api('olga', 'POST', '/api/chat/shift/clock-out', {});
});

test('a visitor starts once, writes, and a resend with the same client id stores nothing twice', async () => {
  const v = await newVisitor({ name: 'Anna' });
  const first = await api(null, 'POST', '/api/chat/visitor/conversations', { lang: 'en' }, v.headers);
  expect(first.status).toBe(201);
  const again = await api(null, 'POST', '/api/chat/visitor/conversations', {}, v.headers);
  expect([again.status, again.body.conversation.id]).toEqual([200, first.body.conversation.id]);
  const id = first.body.conversation.id as string;
  const clientMessageId = randomUUID();
  const sent = await visitorSays(v, id, 'My printer is on fire', clientMessageId);
  expect(sent.status).toBe(201);
  const resent = await visitorSays(v, id, 'My printer is on fire', clientMessageId);
  expect([resent.status, resent.body.message.id, resent.body.created]).toEqual([200, sent.body.message.id, false]);
  const history = await api(null, 'GET', `/api/chat/visitor/conversations/${id}`, undefined, v.headers);
  expect(history.body.messages.map((m: any) => [m.author, m.body])).toEqual([
    ['system', 'Hello! / Здравствуйте!'],
    ['visitor', 'My printer is on fire'],
  ]);
  expect(history.body.conversation).toMatchObject({ status: 'WAITING', visitorName: 'Anna', lang: 'en', assigneeId: null });
});

test('outside the working hours a new conversation opens with the offline message, and still waits in the queue', async () => {
  // Working hours of one minute, 12 hours away from now (Moscow time, as the settings keep it).
  const moscow = (new Date().getUTCHours() * 60 + new Date().getUTCMinutes() + 180) % 1440;
  const opensAt = (moscow + 720) % 1440;
  await chatOpen({ opensAt, closesAt: opensAt + 1, offlineMessage: 'We answer from 9:00 / Ответим с 9:00' });
  try {
    const v = await newVisitor({ name: 'Night owl' });
    const started = await api(null, 'POST', '/api/chat/visitor/conversations', {}, v.headers);
    expect(started.status).toBe(201);
    const id = started.body.conversation.id as string;
    expect((await visitorSays(v, id, 'Anyone there?', randomUUID())).status).toBe(201);
    const history = await api(null, 'GET', `/api/chat/visitor/conversations/${id}`, undefined, v.headers);
    expect(history.body.messages.map((m: any) => [m.author, m.body])).toEqual([
      ['system', 'We answer from 9:00 / Ответим с 9:00'],
      ['visitor', 'Anyone there?'],
    ]);
    expect(history.body.conversation.status).toBe('WAITING');
  } finally {
    await chatOpen();
  }
});

test('who sees a conversation: its department queue and supervisors; others get 404, users no inbox', async () => {
  const v = await visitorWithConversation();
  const url = `/api/chat/conversations/${v.conversationId}`;
  expect((await api('olga', 'GET', url)).status).toBe(200); // agent of IT: waiting in her queue
  expect((await api('sergey', 'GET', url)).status).toBe(200); // IT supervisor
  expect((await api('admin', 'GET', url)).status).toBe(200);
  expect((await api('pavel', 'GET', url)).status).toBe(404); // agent of repair
  expect((await api('elena', 'GET', url)).status).toBe(404); // supervisor of repair
  expect((await api('ivan', 'GET', url)).status).toBe(404);
  expect((await api('ivan', 'GET', '/api/chat/conversations?view=waiting')).status).toBe(403);
  const waiting = await api('olga', 'GET', '/api/chat/conversations?view=waiting');
  expect(waiting.body.items.map((c: any) => c.id)).toContain(v.conversationId);
  expect((await api('pavel', 'GET', '/api/chat/conversations?view=waiting')).body.items.map((c: any) => c.id)).not.toContain(v.conversationId);
  // Another visitor's conversation is not theirs.
  const other = await newVisitor();
  expect((await api(null, 'GET', `/api/chat/visitor/conversations/${v.conversationId}`, undefined, other.headers)).status).toBe(404);
  expect((await visitorSays(other, v.conversationId, 'hi')).status).toBe(404);
});

test('an agent accepts, answers, transfers and closes with a reason; after accepting it is no longer in a colleague queue', async () => {
  const v = await visitorWithConversation();
  const id = v.conversationId;
  const answer = (user: string, body: string) => api(user, 'POST', `/api/chat/conversations/${id}/messages`, { clientMessageId: randomUUID(), body });
  expect((await answer('olga', 'too early')).status).toBe(409);
  expect((await api('pavel', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(404);
  const accepted = await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {});
  expect(accepted.body.conversation).toMatchObject({ status: 'ACTIVE', assigneeId: expect.any(String) });
  expect((await api('admin', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(409);
  expect((await answer('olga', 'Turn it off and on again')).status).toBe(201);
  const seen = await api(null, 'GET', `/api/chat/visitor/conversations/${id}?after=0`, undefined, v.headers);
  expect(seen.body.messages.at(-1)).toMatchObject({ author: 'agent', body: 'Turn it off and on again' });
  // Read marks move forward only.
  const last = seen.body.messages.at(-1).seq as number;
  expect((await api(null, 'POST', `/api/chat/visitor/conversations/${id}/read`, { seq: last }, v.headers)).status).toBe(204);
  expect((await api(null, 'POST', `/api/chat/visitor/conversations/${id}/read`, { seq: 0 }, v.headers)).status).toBe(204);
  expect((await api('olga', 'GET', `/api/chat/conversations/${id}`)).body.conversation.visitorReadSeq).toBe(last);
  // To the repair department's queue: olga no longer sees it, pavel does.
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/transfer`, { department: 'repair' })).body.conversation.status).toBe('WAITING');
  expect((await api('olga', 'GET', `/api/chat/conversations/${id}`)).status).toBe(404);
  expect((await api('pavel', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(200);
  expect((await api('pavel', 'POST', `/api/chat/conversations/${id}/close`, {})).status).toBe(400);
  const closed = await api('pavel', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'resolved' });
  expect(closed.body.conversation).toMatchObject({ status: 'CLOSED', closeReason: 'resolved' });
  expect((await visitorSays(v, id, 'one more thing')).status).toBe(409);
});

test('bad input: oversize, empty, forged tokens, a flood; each rejected by name and nothing stored', async () => {
  const v = await visitorWithConversation();
  const id = v.conversationId;
  const max = Number(testEnv.CHAT_MESSAGE_MAX_CHARS ?? 4000);
  const big = await visitorSays(v, id, 'x'.repeat(max + 1));
  expect([big.status, big.contentType, big.body.errors?.[0]?.field]).toEqual([413, expect.stringContaining('application/problem+json'), 'body']);
  const empty = await visitorSays(v, id, '   ');
  expect([empty.status, empty.body.errors?.[0]?.field]).toEqual([400, 'body']);
  const badId = await api(null, 'POST', `/api/chat/visitor/conversations/${id}/messages`, { clientMessageId: 'has spaces', body: 'x' }, v.headers);
  expect([badId.status, badId.body.errors?.[0]?.field]).toEqual([400, 'clientMessageId']);
  const forged = await api(null, 'GET', `/api/chat/visitor/conversations/${id}`, undefined, { 'X-Chat-Visitor': `${v.token.split('.')[0]}.AAAA` });
  expect(forged.status).toBe(401);
  const wrongSecret = await api(null, 'POST', '/api/chat/visitor', { identity: await hostIdentity('u-1', 'Mallory', 'not-the-host-secret') });
  expect([wrongSecret.status, wrongSecret.body.errors?.[0]?.field]).toEqual([401, 'identity']);
  const signed = await api(null, 'POST', '/api/chat/visitor', { identity: await hostIdentity(`user-${randomUUID()}`, 'Boris') });
  expect(signed.body).toMatchObject({ name: 'Boris', identified: true });
  // The flood limit: the next message over it is refused, a resend of a stored one is not.
  const flood = Number(testEnv.CHAT_FLOOD_PER_MINUTE ?? 30);
  const ids: string[] = [];
  for (let i = 0; i < flood; i++) {
    ids.push(randomUUID());
    expect((await visitorSays(v, id, `line ${i}`, ids[i])).status).toBe(201);
  }
  const over = await visitorSays(v, id, 'one too many');
  expect([over.status, over.contentType]).toEqual([429, expect.stringContaining('application/problem+json')]);
  expect((await visitorSays(v, id, 'line 0', ids[0])).status).toBe(200);
  const history = await api(null, 'GET', `/api/chat/visitor/conversations/${id}`, undefined, v.headers);
  expect(history.body.messages.filter((m: any) => m.author === 'visitor')).toHaveLength(flood);
});

test('over the socket: both ways live, typing, a reconnect resend never doubles, error frames', async () => {
  const v = await visitorWithConversation();
  const id = v.conversationId;
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(200);
  const visitor = await ChatSocket.open({ token: v.token });
  const agent = await ChatSocket.open({ user: 'olga' });
  visitor.send({ type: 'subscribe', conversationId: id });
  agent.send({ type: 'subscribe', conversationId: id });
  await visitor.next((f) => f.type === 'history');
  await agent.next((f) => f.type === 'history');

  const clientMessageId = randomUUID();
  visitor.send({ type: 'message', conversationId: id, clientMessageId, body: 'hello over the socket' });
  const ack = await visitor.next((f) => f.type === 'ack' && f.clientMessageId === clientMessageId);
  expect(ack.created).toBe(true);
  expect((await agent.next((f) => f.type === 'message' && f.message.clientMessageId === clientMessageId)).message.body).toBe('hello over the socket');

  agent.send({ type: 'typing', conversationId: id });
  expect(await visitor.next((f) => f.type === 'typing')).toMatchObject({ conversationId: id, author: 'agent' });
  const answerId = randomUUID();
  agent.send({ type: 'message', conversationId: id, clientMessageId: answerId, body: 'hello, visitor' });
  expect((await visitor.next((f) => f.type === 'message' && f.message.clientMessageId === answerId)).message.author).toBe('agent');

  // The visitor's connection drops; the new one resends the unacknowledged message: stored once.
  await visitor.close();
  const again = await ChatSocket.open({ token: v.token });
  again.send({ type: 'message', conversationId: id, clientMessageId, body: 'hello over the socket' });
  expect((await again.next((f) => f.type === 'ack')).created).toBe(false);
  again.send({ type: 'subscribe', conversationId: id, after: 0 });
  const history = await again.next((f) => f.type === 'history');
  expect(history.messages.filter((m: any) => m.clientMessageId === clientMessageId)).toHaveLength(1);

  // Error frames: oversize, someone else's conversation, a bad frame.
  again.send({ type: 'message', conversationId: id, clientMessageId: 'big', body: 'x'.repeat(Number(testEnv.CHAT_MESSAGE_MAX_CHARS ?? 4000) + 1) });
  expect(await again.next((f) => f.type === 'error' && f.clientMessageId === 'big')).toMatchObject({ code: 'too_large', status: 413 });
  const foreign = await visitorWithConversation();
  again.send({ type: 'message', conversationId: foreign.conversationId, clientMessageId: 'foreign', body: 'hi' });
  expect(await again.next((f) => f.type === 'error' && f.clientMessageId === 'foreign')).toMatchObject({ code: 'not_found' });
  again.send('not json');
  expect(await again.next((f) => f.type === 'error' && f.code === 'bad_frame')).toMatchObject({ status: 400 });
  const stored = await api(null, 'GET', `/api/chat/visitor/conversations/${foreign.conversationId}`, undefined, foreign.headers);
  expect(stored.body.messages.filter((m: any) => m.author !== 'system')).toEqual([]);
  await Promise.all([again.close(), agent.close()]);
});

test('the socket refuses forged tokens, nobody, and origins outside the allow-list', async () => {
  const v = await newVisitor();
  expect(await refusedStatus(`${SOCKET_URL}?token=${encodeURIComponent(`${v.token.split('.')[0]}.forged`)}`)).toBe(401);
  expect(await refusedStatus(SOCKET_URL)).toBe(401);
  expect(await refusedStatus(`${SOCKET_URL}?token=${encodeURIComponent(v.token)}`, {}, 'http://evil.example')).toBe(403);
  const allowed = await ChatSocket.open({ token: v.token, origin: 'http://host.example' });
  await allowed.close();
});

/** A visitor token signed as the server signs one (domain/chat/visitors.ts), ending at `expires` (epoch s; none: no end). */
function visitorToken(key: string, expires?: number): string {
  const encoded = Buffer.from(JSON.stringify({ k: key, n: 'Old', i: false, ...(expires === undefined ? {} : { e: expires }) })).toString('base64url');
  return `${encoded}.${createHmac('sha256', testEnv.SESSION_SECRET!).update(`chat-visitor:${encoded}`).digest('base64url')}`;
}

test('a visitor token past its end, or without one, is refused; an open socket closes when it ends', async () => {
  const now = Math.floor(Date.now() / 1000);
  for (const token of [visitorToken(`anon:${randomUUID()}`, now - 1), visitorToken(`anon:${randomUUID()}`)]) {
    const res = await api(null, 'POST', '/api/chat/visitor/conversations', {}, { 'X-Chat-Visitor': token });
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/expired/);
    expect(await refusedStatus(`${SOCKET_URL}?token=${encodeURIComponent(token)}`)).toBe(401);
  }
  // A fresh token says when it ends: CHAT_VISITOR_TOKEN_DAYS (30) from now.
  const fresh = await newVisitor();
  const claims = JSON.parse(Buffer.from(fresh.token.split('.')[0]!, 'base64url').toString('utf8'));
  expect(claims.e - now).toBeGreaterThan(29 * 86_400);
  expect(claims.e - now).toBeLessThanOrEqual(30 * 86_400 + 5);

  // Signed as ours and good for 2 s more: the socket opens, and the recheck (SESSION_RECHECK_MINUTES, 3 s here) ends it.
  const ending = await ChatSocket.open({ token: visitorToken(`anon:${randomUUID()}`, now + 2) });
  const error = await ending.next((f) => f.type === 'error' && f.code === 'unauthorized');
  expect(error.detail).toMatch(/expired/);
  await waitFor('the socket to close', async () => ending.closedWith !== null, 15_000);
  expect(ending.closedWith).toBe(4401);
});

test('a staff socket signed in by the session cookie closes when that session signs out', async () => {
  const jar = await signedInJar('olga');
  const cookie = `incident_desk_session=${jar.cookie(APP_URL, 'incident_desk_session')}`;
  const socket = await ChatSocket.open({ cookie });
  socket.send({ type: 'ping' });
  await socket.next((f) => f.type === 'pong');
  const out = await jar.fetch(`${APP_URL}/auth/logout`, { method: 'POST', headers: { origin: APP_URL } });
  expect(out.status).toBe(303);
  const error = await socket.next((f) => f.type === 'error' && f.code === 'unauthorized');
  expect(error.status).toBe(401);
  await waitFor('the socket to close', async () => socket.closedWith !== null, 15_000);
  expect(socket.closedWith).toBe(4401);
  // The cookie of the ended session opens nothing any more.
  expect(await refusedStatus(SOCKET_URL, { cookie })).toBe(401);
});

test('the HTTP fallback: a long poll answers when the message arrives', async () => {
  const v = await visitorWithConversation();
  const id = v.conversationId;
  await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {});
  const after = (await api(null, 'GET', `/api/chat/visitor/conversations/${id}`, undefined, v.headers)).body.messages.at(-1).seq;
  const poll = api(null, 'GET', `/api/chat/visitor/conversations/${id}?after=${after}&wait=true`, undefined, v.headers);
  await api('olga', 'POST', `/api/chat/conversations/${id}/messages`, { clientMessageId: randomUUID(), body: 'pushed' });
  expect((await poll).body.messages.map((m: any) => m.body)).toEqual(['pushed']);
});

test('shifts: clock in, pause, clock out hands the agent chats back to the queue', async () => {
  const v = await visitorWithConversation();
  expect((await api('olga', 'POST', '/api/chat/shift/clock-in', {})).body).toMatchObject({ onShift: true, paused: false });
  expect((await api('olga', 'POST', '/api/chat/shift/pause', {})).body.paused).toBe(true);
  expect((await api('olga', 'POST', '/api/chat/shift/resume', {})).body.paused).toBe(false);
  await api('olga', 'POST', `/api/chat/conversations/${v.conversationId}/accept`, {});
  const out = await api('olga', 'POST', '/api/chat/shift/clock-out', {});
  expect(out.body).toMatchObject({ onShift: false });
  expect(out.body.handedOver).toBeGreaterThanOrEqual(1);
  const now = await api('sergey', 'GET', `/api/chat/conversations/${v.conversationId}`);
  expect(now.body.conversation).toMatchObject({ status: 'WAITING', assigneeId: null });
  expect((await api('ivan', 'POST', '/api/chat/shift/clock-in', {})).status).toBe(403);
});

test('an agent turns a conversation into a request in one action (once), visible from the request; a foreign request is not linked', async () => {
  const v = await visitorWithConversation();
  const id = v.conversationId;
  await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {});
  const file = { phone: '+74951230077', serviceCode: 'it-laptop', description: 'From the chat: laptop does not start', client: { name: 'Chat visitor' } };
  const created = await api('olga', 'POST', `/api/chat/conversations/${id}/request`, { file });
  expect(created.status).toBe(200);
  const requestId = created.body.conversation.requestId as string;
  expect(requestId).toEqual(expect.any(String));
  // Again: the intake's key is the conversation, so no second request.
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/request`, { file })).body.conversation.requestId).toBe(requestId);
  expect((await api('olga', 'GET', `/api/requests/${requestId}`)).status).toBe(200);
  expect((await api('sergey', 'GET', `/api/requests/${requestId}/conversations`)).body.items.map((c: any) => c.id)).toEqual([id]);
  expect((await api('pavel', 'GET', `/api/requests/${requestId}/conversations`)).status).toBe(404);
  // A request of the repair department olga may not see: 404, the link unchanged.
  const foreign = await api(
    'pavel',
    'POST',
    '/api/requests',
    { phone: '+74951230078', serviceCode: 'repair-printer', description: 'Foreign', client: { name: 'Repair client' } },
    { 'Idempotency-Key': `chat-${randomUUID()}` },
  );
  expect(foreign.status).toBe(201);
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/request`, { requestId: foreign.body.request.id })).status).toBe(404);
  expect((await api('olga', 'GET', `/api/chat/conversations/${id}`)).body.conversation.requestId).toBe(requestId);
  const both = await api('olga', 'POST', `/api/chat/conversations/${id}/request`, { requestId, file });
  expect([both.status, both.body.errors?.[0]?.field]).toEqual([400, 'requestId']);
});
