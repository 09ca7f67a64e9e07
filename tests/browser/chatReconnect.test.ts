// Issue 15: an agent's tab dropped mid-chat loses no message. The visitor keeps writing while the
// agent's page is cut off: first the open tab loses its socket and goes offline, then the tab is
// closed and opened again. When the agent is back, every message shows exactly once and in order,
// and the answer the agent sends right after the reconnect reaches the visitor.
import { api } from '../support/api';
import { newPage, signIn, useBrowser } from '../support/browser';
import { visitorChat, visitorWrites, type VisitorChat } from '../support/chat';
import { openDb } from '../support/db';
import { staffInKeycloak } from '../support/keycloak';
import { letterMarker } from '../support/marker';
import type { Page, WebSocketRoute } from 'playwright-core';

const browser = useBrowser();
const db = openDb();
const marker = letterMarker('chr');
const agent = `${marker}agent`;
let department: { id: string; code: string };

beforeAll(async () => {
  department = await db.department.create({ data: { code: marker, name: `Chat reconnect ${marker}` }, select: { id: true, code: true } });
  await staffInKeycloak(db, agent, ['agent', 'user'], department);
});

afterAll(async () => {
  await api(agent, 'POST', '/api/chat/shift/clock-out', {});
  // Closed, their workflows end (an open one would look at its row every minute for the rest of the run).
  for (const c of await db.conversation.findMany({ where: { departmentId: department.id, status: { not: 'CLOSED' } } }))
    await api('admin', 'POST', `/api/chat/conversations/${c.id}/close`, { reason: 'test over' });
  await db.$disconnect();
});

/** The agent's inbox on shift, the visitor's chat opened there and accepted. */
async function acceptedOnPage(page: Page, chat: VisitorChat): Promise<void> {
  await page.goto('/chat');
  const clockIn = page.getByTestId('chat-clock-in');
  // The shift's state and its buttons render together: off shift (the first test), or still on.
  await page.getByTestId('chat-shift-state').waitFor();
  if (await clockIn.isVisible()) await clockIn.click();
  await page.getByTestId('chat-clock-out').waitFor();
  await page.getByTestId('chat-view-waiting').click();
  await page.locator(`[data-testid="chat-item"][data-id="${chat.id}"]`).click();
  await page.getByTestId('chat-accept').click();
  await page.getByTestId('chat-accept').waitFor({ state: 'detached' });
}

/** The bodies of the agent's page holding the marker, in the order shown, each with its seq. */
const shown = (page: Page) =>
  page.evaluate((m) => {
    return Array.from(document.querySelectorAll<HTMLElement>('[data-testid="chat-message"]'))
      .map((li) => ({ seq: Number(li.dataset.seq), body: li.querySelector('[data-testid="chat-message-body"]')?.textContent ?? '' }))
      .filter((x) => x.body.includes(m));
  }, marker);

/** Every body shows exactly once, in the order written, and the seqs only grow. */
async function everyMessageOnceInOrder(page: Page, bodies: string[]): Promise<void> {
  await page
    .getByTestId('chat-message')
    .filter({ hasText: bodies[bodies.length - 1]! })
    .waitFor();
  const list = await shown(page);
  expect(list.map((x) => x.body)).toEqual(bodies);
  expect(list.map((x) => x.seq)).toEqual([...list.map((x) => x.seq)].sort((a, b) => a - b));
  expect(new Set(list.map((x) => x.seq)).size).toBe(list.length);
}

/** The agent answers at once (Enter) and the visitor's socket gets exactly that answer. */
async function answerReachesVisitor(page: Page, chat: VisitorChat, body: string): Promise<void> {
  const since = chat.socket.frames.length;
  await page.getByTestId('chat-answer').fill(body);
  await page.getByTestId('chat-answer').press('Enter');
  const frame = await chat.socket.next((f) => f.type === 'message' && f.message.author === 'agent', since);
  expect(frame.message.body).toBe(body);
  await page.getByTestId('chat-message').filter({ hasText: body }).waitFor();
  expect((await shown(page)).filter((x) => x.body === body)).toHaveLength(1);
}

test('the open tab loses its socket and the network mid-chat: back online it shows every message once, in order', async () => {
  const page = await newPage(browser());
  await page.addInitScript(() => localStorage.setItem('incident-desk.lang', 'en'));
  // The page's sockets pass through here, so the test can drop them as a failing network does.
  let cut = false;
  const links: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  await page.routeWebSocket(/\/api\/chat\/socket$/, (ws) => {
    if (cut) return void ws.close();
    links.push({ page: ws, server: ws.connectToServer() });
  });
  await signIn(page, agent);
  const chat = await visitorChat(department.code, `Vera ${marker}`);
  await acceptedOnPage(page, chat);
  await visitorWrites(chat, `before the drop ${marker}`);
  await page
    .getByTestId('chat-message')
    .filter({ hasText: `before the drop ${marker}` })
    .waitFor();

  cut = true;
  await page.context().setOffline(true);
  for (const link of links.splice(0)) {
    await link.server.close();
    await link.page.close();
  }
  await page.getByTestId('chat-mode').filter({ hasText: 'Connecting' }).waitFor();
  const during = [1, 2, 3, 4].map((n) => `while cut off ${n} ${marker}`);
  for (const body of during) await visitorWrites(chat, body);

  cut = false;
  await page.context().setOffline(false);
  await everyMessageOnceInOrder(page, [`before the drop ${marker}`, ...during]);
  await answerReachesVisitor(page, chat, `Back again ${marker}`);
  await visitorWrites(chat, `after the answer ${marker}`);
  await everyMessageOnceInOrder(page, [`before the drop ${marker}`, ...during, `Back again ${marker}`, `after the answer ${marker}`]);
  await chat.socket.close();
  await page.context().close();
});

test('the tab closed mid-chat and opened again shows every message once, in order, and its answer reaches the visitor', async () => {
  const first = await newPage(browser());
  await first.addInitScript(() => localStorage.setItem('incident-desk.lang', 'ru'));
  await signIn(first, agent);
  const chat = await visitorChat(department.code, `Gleb ${marker}`);
  await acceptedOnPage(first, chat);
  await visitorWrites(chat, `before the tab closed ${marker}`);
  await first
    .getByTestId('chat-message')
    .filter({ hasText: `before the tab closed ${marker}` })
    .waitFor();
  const context = first.context();
  await first.close();

  const during = [1, 2, 3].map((n) => `while the tab was closed ${n} ${marker}`);
  for (const body of during) await visitorWrites(chat, body);

  // The same browser (its session cookie) opens the inbox again: the chat is under "mine".
  const again = await context.newPage();
  await again.goto('/chat');
  await again.locator(`[data-testid="chat-item"][data-id="${chat.id}"]`).click();
  await everyMessageOnceInOrder(again, [`before the tab closed ${marker}`, ...during]);
  await answerReachesVisitor(again, chat, `Here again ${marker}`);
  await chat.socket.close();
  await context.close();
});
