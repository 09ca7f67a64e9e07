// The typed chat client (clients/chat) against the running desk, as a desktop or mobile product
// would use it: a visitor opens a conversation, talks with an agent both ways, loses the network,
// writes meanwhile and gets every message through once when it is back; a refused message
// rejects by its problem.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ChatProblem, ChatVisitorClient, type MessageView, type SocketLike } from '../../clients/chat/chatClient';
import { api } from '../support/api';
import { chatOpen } from '../support/chat';
import { APP_URL, testEnv } from '../support/env';
import { waitFor } from '../support/processes';

beforeAll(async () => {
  await chatOpen();
  await api('olga', 'POST', '/api/chat/shift/clock-out', {});
});

const marker = randomUUID().slice(0, 8);
const socket = (url: string) => new WebSocket(url) as unknown as SocketLike;

test('a visitor talks through the typed client; a dropped network loses and doubles nothing', async () => {
  const client = new ChatVisitorClient({ baseUrl: APP_URL, socket });
  const received: MessageView[] = [];
  client.on('message', (m) => received.push(m));
  const conversation = await client.open({ name: `Typed ${marker}`, lang: 'en' });
  expect(conversation).toMatchObject({ status: 'WAITING', visitorName: `Typed ${marker}` });
  expect(client.visitorToken).toMatch(/\./);

  const first = await client.send(`My screen is black ${marker}`);
  expect(first).toMatchObject({ author: 'visitor', conversationId: conversation.id, body: `My screen is black ${marker}` });

  const id = conversation.id;
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(200);
  const answer = (body: string) => api('olga', 'POST', `/api/chat/conversations/${id}/messages`, { clientMessageId: randomUUID(), body });
  expect((await answer(`Press any key ${marker}`)).status).toBe(201);
  await waitFor('the answer on the client', async () => received.some((m) => m.body === `Press any key ${marker}`), 15_000);

  // The network goes; the visitor writes, and so does the agent; both arrive once it is back.
  client.disconnect();
  const offline = client.send(`Still black ${marker}`);
  expect(client.unacknowledged).toBe(1);
  expect((await answer(`Check the cable ${marker}`)).status).toBe(201);
  client.reconnect();
  expect((await offline).body).toBe(`Still black ${marker}`);
  await waitFor('the answer written while offline', async () => received.some((m) => m.body === `Check the cable ${marker}`), 15_000);
  expect(client.unacknowledged).toBe(0);

  // A resend with the same client id (an app that restarted before the ack) stores nothing twice.
  const again = randomUUID();
  const once = await client.send(`Fixed ${marker}`, again);
  expect((await client.send(`Fixed ${marker}`, again)).id).toBe(once.id);

  const stored = (await api('olga', 'GET', `/api/chat/conversations/${id}`)).body.messages as MessageView[];
  const bodies = stored.map((m) => m.body).filter((b) => b.endsWith(marker));
  // The visitor's offline message is stored when it is sent again, after the agent's.
  expect(bodies).toEqual([`My screen is black ${marker}`, `Press any key ${marker}`, `Check the cable ${marker}`, `Still black ${marker}`, `Fixed ${marker}`]);
  // The client handed each message over once, in the order stored.
  expect(received.filter((m) => m.body.endsWith(marker)).map((m) => m.body)).toEqual(bodies);

  // Too long: rejected by its problem, nothing stored.
  const tooLong = client.send('x'.repeat(Number(testEnv.CHAT_MESSAGE_MAX_CHARS ?? 4000) + 1));
  await expect(tooLong).rejects.toBeInstanceOf(ChatProblem);
  await expect(tooLong).rejects.toMatchObject({ status: 413 });
  expect((await api('olga', 'GET', `/api/chat/conversations/${id}`)).body.messages).toHaveLength(stored.length);
  client.disconnect();
});

test('a forged token is a problem with its status, not a silent socket', async () => {
  const client = new ChatVisitorClient({ baseUrl: APP_URL, socket, token: 'forged.token' });
  await expect(client.open()).rejects.toMatchObject({ status: 401 });
});
