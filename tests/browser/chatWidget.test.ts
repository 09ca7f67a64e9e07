// The chat widget in real Chromium: a plain page of another origin embeds it with one script
// tag; the visitor writes, an agent (olga, over the API) accepts and answers, the answer appears
// in the widget; the page's own CSS does not reach the widget's launcher.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { newPage, useBrowser } from '../support/browser';
import { chatOpen } from '../support/chat';
import { APP_URL } from '../support/env';
import { letterMarker } from '../support/marker';

const browser = useBrowser();
let host: http.Server;
let hostUrl = '';

beforeAll(async () => {
  host = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html><head><style>button { background: rgb(255, 0, 0) !important; font-size: 40px; }</style></head>` +
        `<body><h1>Shop</h1><script src="${APP_URL}/chat/widget.js" data-lang="en"></script></body></html>`,
    );
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  await chatOpen({ allowedOrigins: [hostUrl] });
});
afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

test('a visitor on a host page and an agent chat both ways', async () => {
  const page = await newPage(browser());
  await page.goto(hostUrl);
  const launcher = page.locator('[data-incident-desk-chat] button');
  await launcher.click();
  // The host's button rule does not reach into the shadow root.
  expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe('rgb(255, 0, 0)');
  const chat = page.frameLocator('[data-incident-desk-chat] iframe');
  const marker = letterMarker('widget');
  await chat.locator('#input').fill(`My printer ${marker}`);
  await chat.locator('#input').press('Enter');
  await chat.locator('li.visitor:not(.pending)', { hasText: marker }).waitFor();

  // The agent finds it in the queue by its message, accepts and answers.
  let conversationId = '';
  for (let i = 0; i < 50 && !conversationId; i++) {
    for (const c of (await api('olga', 'GET', '/api/chat/conversations?view=waiting')).body.items) {
      const history = await api('olga', 'GET', `/api/chat/conversations/${c.id}`);
      if (history.body.messages.some((m: any) => m.body.includes(marker))) conversationId = c.id;
    }
    if (!conversationId) await new Promise((r) => setTimeout(r, 100));
  }
  expect(conversationId).not.toBe('');
  expect((await api('olga', 'POST', `/api/chat/conversations/${conversationId}/accept`, {})).status).toBe(200);
  expect(
    (await api('olga', 'POST', `/api/chat/conversations/${conversationId}/messages`, { clientMessageId: randomUUID(), body: `Answer ${marker}` })).status,
  ).toBe(201);
  await chat.locator('li.agent', { hasText: `Answer ${marker}` }).waitFor();
  // The visitor's read mark reaches the agent.
  for (let i = 0; i < 50; i++) {
    const c = (await api('olga', 'GET', `/api/chat/conversations/${conversationId}`)).body.conversation;
    if (c.visitorReadSeq > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await api('olga', 'GET', `/api/chat/conversations/${conversationId}`)).body.conversation.visitorReadSeq).toBeGreaterThan(0);
  await page.context().close();
});
