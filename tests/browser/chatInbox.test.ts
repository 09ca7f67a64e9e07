// The agents' chat inbox in real Chromium (issue 15): an agent of a department of the test's own
// clocks in on the page; a visitor (over the socket, as the widget talks) writes; the chat shows
// under "waiting" and, offered by the distribution, under "mine"; the agent accepts, both sides
// exchange a message live, and the agent closes it with a reason. The agent's own signature, set
// in the settings panel by keyboard, arrives under the answer in the visitor's widget. Then the
// page on a 360 px phone, and the department board's waiting chats, live, linked to the inbox.
// An agent holding several chats sees (and hears) a visitor write in one that is not open.
import { api } from '../support/api';
import { newPage, PHONE, screenshot, signIn, useBrowser } from '../support/browser';
import { APP_URL } from '../support/env';
import { visitorChat, visitorWrites } from '../support/chat';
import { openDb } from '../support/db';
import { staffInKeycloak } from '../support/keycloak';
import { waitFor } from '../support/processes';
import { letterMarker } from '../support/marker';
import type { Page } from 'playwright-core';

const browser = useBrowser();
const db = openDb();
const marker = letterMarker('chi');
const agent = `${marker}agent`;
const peer = `${marker}peer`;
let department: { id: string; code: string };
let agentId: string;
let peerId: string;

async function inboxOf(page: Page): Promise<void> {
  await page.getByTestId('nav-chat').click();
  await page.waitForURL('**/chat');
  await page.getByTestId('chat-list').waitFor();
}

beforeAll(async () => {
  department = await db.department.create({ data: { code: marker, name: `Chat inbox ${marker}` }, select: { id: true, code: true } });
  agentId = await staffInKeycloak(db, agent, ['agent', 'user'], department);
  peerId = await staffInKeycloak(db, peer, ['agent', 'user'], department);
});

afterAll(async () => {
  await api(agent, 'POST', '/api/chat/shift/clock-out', {});
  await api(peer, 'POST', '/api/chat/shift/clock-out', {});
  // Closed, their workflows end (an open one would look at its row every minute for the rest of the run).
  for (const c of await db.conversation.findMany({ where: { departmentId: department.id, status: { not: 'CLOSED' } } }))
    await api('admin', 'POST', `/api/chat/conversations/${c.id}/close`, { reason: 'test over' });
  await db.$disconnect();
});

test('an agent on shift accepts a visitor chat, both write live, the agent closes it with a reason', async () => {
  const page = await newPage(browser());
  await page.addInitScript(() => localStorage.setItem('incident-desk.lang', 'en'));
  await signIn(page, agent);
  await inboxOf(page);
  await page.getByTestId('chat-clock-in').click();
  await page.getByTestId('chat-clock-out').waitFor();

  const chat = await visitorChat(department.code, `Anna ${marker}`);
  await visitorWrites(chat, `My printer is jammed ${marker}`);

  // Waiting in the department's queue; the distribution offers it to the only agent on shift.
  await page.getByTestId('chat-view-waiting').click();
  await page.locator(`[data-testid="chat-item"][data-id="${chat.id}"]`).waitFor();
  await page.getByTestId('chat-view-mine').click();
  const item = page.locator(`[data-testid="chat-item"][data-id="${chat.id}"]`);
  await item.getByTestId('chat-offered').waitFor();

  await item.click();
  await page
    .getByTestId('chat-message')
    .filter({ hasText: `My printer is jammed ${marker}` })
    .waitFor();
  // Opening puts the cursor in the answer box.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-answer');
  await page.getByTestId('chat-accept').click();
  await page.getByTestId('chat-accept').waitFor({ state: 'detached' });
  expect((await api(agent, 'GET', `/api/chat/conversations/${chat.id}`)).body.conversation.status).toBe('ACTIVE');
  // The count of chats held follows the offer and the accept without a reload (it was read once, at clock-in).
  await page
    .getByTestId('chat-load')
    .filter({ hasText: /Chats: 1 of \d+/ })
    .waitFor();

  // The agent's own settings, by keyboard: a signature the server appends to each reply of theirs.
  await page.getByTestId('chat-settings-open').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('chat-settings-signature').fill(`Agent ${marker}, support`);
  await page.getByTestId('chat-settings-signature').press('Enter');
  await page.getByTestId('chat-settings-saved').waitFor();
  expect((await api(agent, 'GET', '/api/chat/me/settings')).body.signature).toBe(`Agent ${marker}, support`);

  // The agent answers with the keyboard; the visitor's socket gets it, signed once.
  const since = chat.socket.frames.length;
  await page.getByTestId('chat-answer').fill(`Open tray 2 ${marker}`);
  await page.getByTestId('chat-answer').press('Enter');
  const answer = await chat.socket.next((f) => f.type === 'message' && f.message.author === 'agent', since);
  expect(answer.message.body).toBe(`Open tray 2 ${marker}\n\nAgent ${marker}, support`);
  // The visitor's widget (the same visitor) shows the answer with the signature under it.
  const visitorPage = await newPage(browser());
  await visitorPage.addInitScript((token) => localStorage.setItem('incident-desk-chat:anonymous', token), chat.token);
  await visitorPage.goto(`${APP_URL}/chat/embed?lang=en`);
  const signed = visitorPage.locator('li.agent', { hasText: `Agent ${marker}, support` });
  await signed.waitFor();
  expect(await signed.textContent()).toBe(`Open tray 2 ${marker}\n\nAgent ${marker}, support`);
  await screenshot(visitorPage, 'chat-signature-visitor-en');
  await visitorPage.context().close();
  // The visitor's reply appears on the agent's page without a reload.
  await visitorWrites(chat, `It works now ${marker}`);
  await page
    .getByTestId('chat-message')
    .filter({ hasText: `It works now ${marker}` })
    .waitFor();
  await screenshot(page, 'chat-inbox-en');
  await page.getByTestId('lang-switch').selectOption('ru');
  await page.getByTestId('chat-view-mine').filter({ hasText: 'Мои' }).waitFor();
  await screenshot(page, 'chat-inbox-ru');

  const closed = chat.socket.frames.length;
  await page.getByTestId('chat-close-open').click();
  await page.getByTestId('chat-close-reason').fill(`Resolved ${marker}`);
  await page.getByTestId('chat-close').click();
  await page
    .getByTestId('chat-conversation-status')
    .filter({ hasText: `Resolved ${marker}` })
    .waitFor();
  const frame = await chat.socket.next((f) => f.type === 'conversation' && f.conversation.status === 'CLOSED', closed);
  expect(frame.conversation.closeReason).toBe(`Resolved ${marker}`);
  expect(await page.getByTestId('chat-answer').isDisabled()).toBe(true);
  await page
    .getByTestId('chat-load')
    .filter({ hasText: /Чатов: 0 из \d+/ })
    .waitFor();

  await page.getByTestId('chat-clock-out').click();
  await page.getByTestId('chat-clock-in').waitFor();
  expect((await api(agent, 'GET', '/api/chat/shift')).body.onShift).toBe(false);
  await chat.socket.close();
  await page.context().close();
});

test('a transfer goes to a colleague on shift, chosen from the list by keyboard', async () => {
  expect((await api(peer, 'POST', '/api/chat/shift/clock-in', {})).status).toBe(200);
  const chat = await visitorChat(department.code, `Dina ${marker}`);
  expect((await api(agent, 'POST', `/api/chat/conversations/${chat.id}/accept`, {})).status).toBe(200);
  const page = await newPage(browser());
  await page.addInitScript(() => localStorage.setItem('incident-desk.lang', 'en'));
  await signIn(page, agent);
  await inboxOf(page);
  const item = page.locator(`[data-testid="chat-item"][data-id="${chat.id}"]`);
  await item.click();
  await page.getByTestId('chat-transfer-open').press('Enter');
  const target = page.getByTestId('chat-transfer-target');
  // Departments first: the test's own is among them, by name.
  await target.locator(`option[value="${department.code}"]`).waitFor({ state: 'attached' });
  // To a colleague: the arrow key moves the radio choice; the list holds those on shift, not oneself.
  await page.getByRole('radio', { name: "a department's queue" }).focus();
  await page.keyboard.press('ArrowRight');
  const option = target.locator(`option[value="${peerId}"]`);
  await option.waitFor({ state: 'attached' });
  expect(await option.textContent()).toMatch(new RegExp(`Chat Agent ${peer} — Chat inbox ${marker}, chats \\d+ of \\d+`));
  expect(await target.locator(`option[value="${agentId}"]`).count()).toBe(0);
  await target.focus();
  await target.selectOption(peerId);
  await page.getByTestId('chat-transfer').press('Enter');
  await item.waitFor({ state: 'detached' });
  const moved = (await api(peer, 'GET', `/api/chat/conversations/${chat.id}`)).body.conversation;
  expect([moved.status, moved.assigneeId]).toEqual(['ACTIVE', peerId]);
  await chat.socket.close();
  await page.context().close();
});

test("a visitor writing in another of the agent's chats marks it unread in the list and beeps; opening it reads it", async () => {
  // Two chats held by the agent: one open on the page, the other's visitor writes.
  const open = await visitorChat(department.code, `Ira ${marker}`);
  const other = await visitorChat(department.code, `Lev ${marker}`);
  for (const c of [open, other]) expect((await api(agent, 'POST', `/api/chat/conversations/${c.id}/accept`, {})).status).toBe(200);
  const page = await newPage(browser());
  await page.addInitScript(() => localStorage.setItem('incident-desk.lang', 'en'));
  // Counts the beeps: each is one oscillator started (web/src/lib/chatAlerts.ts).
  await page.addInitScript(() => {
    const w = window as unknown as { beeps: number; AudioContext: typeof AudioContext };
    w.beeps = 0;
    const Real = w.AudioContext;
    w.AudioContext = class extends Real {
      override createOscillator(): OscillatorNode {
        const tone = super.createOscillator();
        const start = tone.start.bind(tone);
        tone.start = (when?: number) => {
          w.beeps++;
          start(when);
        };
        return tone;
      }
    };
  });
  await signIn(page, agent);
  await inboxOf(page);
  // The agent's own settings read (the sound of a visitor's message is on by default).
  await page.getByTestId('chat-settings-open').click();
  expect(await page.getByTestId('chat-settings-sound-message').isChecked()).toBe(true);
  await page.getByTestId('chat-settings-open').click();
  const openItem = page.locator(`[data-testid="chat-item"][data-id="${open.id}"]`);
  const otherItem = page.locator(`[data-testid="chat-item"][data-id="${other.id}"]`);
  await openItem.click();
  await page
    .getByTestId('chat-conversation')
    .filter({ hasText: `Ira ${marker}` })
    .waitFor();
  await otherItem.waitFor();
  expect(await otherItem.getByTestId('chat-unread').count()).toBe(0);

  const beepsBefore = await page.evaluate(() => (window as unknown as { beeps: number }).beeps);
  await visitorWrites(other, `Anyone there? ${marker}`);
  await otherItem.getByTestId('chat-unread').filter({ hasText: '1 unread' }).waitFor();
  await page.waitForFunction((before) => (window as unknown as { beeps: number }).beeps > before, beepsBefore);
  await visitorWrites(other, `Hello? ${marker}`);
  await otherItem.getByTestId('chat-unread').filter({ hasText: '2 unread' }).waitFor();
  expect(await openItem.getByTestId('chat-unread').count()).toBe(0);
  await screenshot(page, 'chat-inbox-unread-en');

  // Opened, its messages are read: the mark goes.
  await otherItem.click();
  await page
    .getByTestId('chat-message')
    .filter({ hasText: `Hello? ${marker}` })
    .waitFor();
  await otherItem.getByTestId('chat-unread').waitFor({ state: 'detached' });
  // The page marked them read on the server (over the socket): its count is 0 for every reader.
  await waitFor('the read mark stored', async () => (await api(agent, 'GET', `/api/chat/conversations/${other.id}`)).body.conversation.unread === 0);
  for (const c of [open, other]) await c.socket.close();
  await page.context().close();
});

test('on a 360 px phone the list and the conversation stack without scrolling sideways, opened by keyboard', async () => {
  const chat = await visitorChat(department.code, `Boris ${marker}`);
  await visitorWrites(chat, `A long question without spaces ${'x'.repeat(80)} ${marker}`);
  const page = await newPage(browser(), PHONE);
  await page.addInitScript(() => localStorage.setItem('incident-desk.lang', 'ru'));
  await signIn(page, agent);
  await inboxOf(page);
  await page.getByTestId('chat-view-waiting').click();
  const item = page.locator(`[data-testid="chat-item"][data-id="${chat.id}"]`);
  await item.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('chat-message').filter({ hasText: marker }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-answer');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'chat-inbox-phone-ru');
  // The settings panel opened on the phone: every control fits.
  await page.getByTestId('chat-settings-open').click();
  await page.getByTestId('chat-settings-signature').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'chat-settings-phone-ru');
  await chat.socket.close();
  await page.context().close();
});

test('the department board shows a chat waiting for no one, live, and its link opens it in the inbox', async () => {
  const page = await newPage(browser());
  await page.addInitScript(() => localStorage.setItem('incident-desk.lang', 'en'));
  await signIn(page, agent); // lands on the board
  await page.getByTestId('board-chats').waitFor();
  // Started after the board was read: it appears without a reload.
  const chat = await visitorChat(department.code, `Vera ${marker}`);
  const card = page.locator(`[data-testid="board-chat"][data-id="${chat.id}"]`);
  await card.waitFor();
  expect(await card.textContent()).toContain(`Vera ${marker}`);
  await card
    .getByTestId('board-chat-waiting')
    .filter({ hasText: /waiting \d+ min/ })
    .waitFor();
  const count = Number(await page.getByTestId('board-chats-count').textContent());
  expect(count).toBe((await api(agent, 'GET', '/api/board/chats')).body.count);
  await screenshot(page, 'board-waiting-chats-en');
  // Accepted by a colleague elsewhere: it leaves the board at once.
  expect((await api(peer, 'POST', `/api/chat/conversations/${chat.id}/accept`, {})).status).toBe(200);
  await card.waitFor({ state: 'detached' });

  const next = await visitorChat(department.code, `Gleb ${marker}`);
  const link = page.locator(`[data-testid="board-chat"][data-id="${next.id}"] a`);
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/chat?open=${next.id}`);
  await page.getByTestId('chat-accept').waitFor();
  expect(await page.locator(`[data-testid="chat-item"][data-id="${next.id}"]`).getAttribute('aria-current')).toBe('true');
  await chat.socket.close();
  await next.socket.close();
  await page.context().close();
});
