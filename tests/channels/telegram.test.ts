// The Telegram channel against the real stack and a real Bot API stand-in process
// (scripts/telegram-server.ts, Telegram's documented HTTP protocol): the suite's app runs the
// bot in webhook mode (the stand-in POSTs updates with the secret token header), its worker
// sends tg: notifications; a second, isolated desk runs the bot by long polling. A client links
// their chat (a deep link, or a code mailed to them), files a request with a photo, follows its
// status, gets staff's public comment, answers it, and gets the closing message.
import type { ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { api, tokenFor } from '../support/api';
import { openDb } from '../support/db';
import { APP_URL } from '../support/env';
import { startIsolatedApp, type IsolatedApp } from '../support/isolatedApp';
import { mailbox } from '../support/mail';
import { alive, killProcess, pidOf, restartApp, startWorker, waitFor } from '../support/processes';
import { STANDIN, startStandIn, TelegramUser } from '../support/telegram';
import { newPage, PHONE, screenshot, signIn, useBrowser } from '../support/browser';

const TOKEN = '7000001:webhook-bot-token-for-tests';
const SECRET = 'telegram-test-secret';
const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: STANDIN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_MODE: 'webhook' };
// A 1x1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da636460f85f0f0002870180eb47ba920000000049454e44ae426082',
  'hex',
);
const db = openDb();
let standIn: ChildProcess;

async function restartWorker(extraEnv: Record<string, string>): Promise<void> {
  const pid = pidOf('worker');
  killProcess('worker');
  await waitFor('the worker to stop', async () => !alive(pid), 30000);
  await startWorker('worker', extraEnv);
}

beforeAll(async () => {
  standIn = await startStandIn();
  await restartApp(env);
  await restartWorker(env);
  await waitFor('the webhook set', async () => {
    const info = (await (await fetch(`${STANDIN}/bot${TOKEN}/getWebhookInfo`)).json()) as { result: { url: string } };
    return info.result.url === `${APP_URL}/api/telegram/webhook`;
  });
}, 180_000);

afterAll(async () => {
  await restartApp();
  await restartWorker({});
  standIn.kill('SIGTERM');
  await db.$disconnect();
}, 180_000);

const tag = () => randomUUID().slice(0, 8);

async function newClient(email = `tg-${tag()}@client.example`): Promise<{ id: string; email: string }> {
  const res = await api(
    'olga',
    'POST',
    '/api/clients',
    { name: `Telegram client ${tag()}`, phones: [{ phone: `+7997${randomInt(1_000_000, 9_999_999)}` }], emails: [{ email }] },
    { 'Idempotency-Key': `tg-test-${tag()}` },
  );
  expect(res.status).toBe(201);
  return { id: res.body.client.id as string, email };
}

/** A deep link issued by staff for the client: its one-time token. */
async function deepLinkToken(clientId: string, base = APP_URL): Promise<string> {
  const res = await fetch(`${base}/api/clients/${clientId}/telegram-link`, { method: 'POST', headers: { authorization: `Bearer ${await tokenFor('olga')}` } });
  expect(res.status).toBe(200);
  const { url } = (await res.json()) as { url: string };
  expect(url).toMatch(new RegExp(`^https://t\\.me/desk\\d+_bot\\?start=[A-Za-z0-9_-]{32}$`));
  return new URL(url).searchParams.get('start')!;
}

interface Inbound {
  channel: string;
  channelMessageId: string;
  status: string;
  reason: string | null;
  requestId: string | null;
}
const inboundOf = async (channelMessageId: string, status = 'HELD') =>
  ((await api('admin', 'GET', `/api/admin/inbound-messages?status=${status}&limit=500`)).body.items as Inbound[]).filter(
    (m) => m.channelMessageId === channelMessageId,
  );

test('a forged webhook call without the secret token, or with a wrong one, is refused with 401 problem+json and nothing is taken', async () => {
  const user = new TelegramUser(TOKEN);
  const update = {
    update_id: 1,
    message: { message_id: 1, date: 0, chat: { id: user.chatId, type: 'private' }, from: { id: user.chatId, is_bot: false }, text: 'forged' },
  };
  for (const headers of [{}, { 'X-Telegram-Bot-Api-Secret-Token': 'wrong-secret' }] as Record<string, string>[]) {
    const res = await api(null, 'POST', '/api/telegram/webhook', update, headers);
    expect(res.status).toBe(401);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.detail).toContain('X-Telegram-Bot-Api-Secret-Token');
  }
  expect(await db.inboundMessage.count({ where: { channel: 'TELEGRAM', channelMessageId: `${user.chatId}:1` } })).toBe(0);
  expect(await user.received()).toEqual([]);
});

test('an unknown Telegram user is told how to link; their message is held with the reason for the admins', async () => {
  const stranger = new TelegramUser(TOKEN, { username: 'stranger' });
  const update = await stranger.say('My printer is broken');
  await stranger.expectMessage('/link');
  const held = await waitFor('the held message', async () => (await inboundOf(`${stranger.chatId}:${update.message.message_id}`)).at(0));
  expect(held).toMatchObject({ channel: 'TELEGRAM', status: 'HELD', requestId: null, reason: expect.stringContaining('unknown Telegram user') });
});

test('a deep link links once: reused or expired it is refused; staff issue it, a requester may not for another client', async () => {
  const client = await newClient();
  const token = await deepLinkToken(client.id);
  const user = new TelegramUser(TOKEN);
  await user.say(`/start ${token}`);
  await user.expectMessage(/Чат связан|Linked/);
  expect((await db.telegramChat.findUniqueOrThrow({ where: { chatId: String(user.chatId) } })).clientId).toBe(client.id);

  const other = new TelegramUser(TOKEN);
  await other.say(`/start ${token}`);
  await other.expectMessage(/устарели|expired/);
  const expired = await deepLinkToken(client.id);
  await db.telegramLinkCode.updateMany({ where: { clientId: client.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await other.say(`/start ${expired}`);
  await waitFor('the second refusal', async () => (await other.received()).filter((m) => /устарели|expired/.test(m.text ?? '')).length === 2);
  expect(await db.telegramChat.findUnique({ where: { chatId: String(other.chatId) } })).toMatchObject({ clientId: null });
  // Only the HMAC is stored, never the token.
  expect(await db.telegramLinkCode.count({ where: { hash: { contains: token } } })).toBe(0);

  expect((await api('ivan', 'POST', `/api/clients/${client.id}/telegram-link`)).status).toBe(403);
  expect((await api('olga', 'POST', `/api/clients/${randomUUID()}/telegram-link`)).status).toBe(404);
});

test('a code mailed to the client links the chat that asked; wrong codes are counted and lock the chat', async () => {
  const client = await newClient();
  const user = new TelegramUser(TOKEN, { language_code: 'en' });
  await user.say(`/link ${client.email}`);
  await user.expectMessage('a code was sent');
  const mail = await waitFor('the code mail', async () => (await mailbox(client.email)).find((m) => m.key.startsWith('telegram-code:')));
  const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
  const wrong = code === '000000' ? '000001' : '000000';
  await user.say(wrong);
  await user.expectMessage('expired, already used or wrong');
  await user.say(code);
  await user.expectMessage(/Linked|Чат связан/);
  expect((await db.telegramChat.findUniqueOrThrow({ where: { chatId: String(user.chatId) } })).clientId).toBe(client.id);

  // Another chat: a code is only good in the chat that asked, and five wrong tries lock it.
  const guesser = new TelegramUser(TOKEN, { language_code: 'en' });
  for (let i = 0; i < 6; i++) await guesser.say(String(100000 + i));
  await guesser.expectMessage('Too many attempts');
  expect(await db.telegramChat.findUniqueOrThrow({ where: { chatId: String(guesser.chatId) } })).toMatchObject({ clientId: null });
});

test('a client files by Telegram with a photo, follows the status, gets a staff comment, answers it, and gets the closing message', async () => {
  const client = await newClient();
  const user = new TelegramUser(TOKEN, { language_code: 'ru' });
  await user.say(`/start ${await deepLinkToken(client.id)}`);
  await user.expectMessage('Чат связан');

  await user.say('/new');
  const menu = await user.expectMessage('Выберите услугу');
  const button = menu.reply_markup!.inline_keyboard!.flat().find((b) => b.callback_data === 'svc:it-laptop')!;
  expect(button).toBeDefined();
  await user.press(menu.message_id, button.callback_data);
  await user.expectMessage('Опишите проблему');
  await user.say('The laptop screen is cracked', { photo: PNG });
  const filed = await user.expectMessage(/Заявка [0-9A-F]{8} зарегистрирована/);
  const ref = /([0-9A-F]{8})/.exec(filed.text!)![1]!;

  const request = await waitFor('the request with its incident', async () => {
    const r = (await api('olga', 'GET', `/api/clients/${client.id}`)).body.requests?.[0];
    if (!r) return null;
    const full = (await api('olga', 'GET', `/api/requests/${r.id as string}`)).body.request;
    return full.incident ? full : null;
  });
  expect(request.id.slice(0, 8).toUpperCase()).toBe(ref);
  expect(request).toMatchObject({ channel: 'TELEGRAM', service: { code: 'it-laptop' } });
  expect(request.description).toContain('The laptop screen is cracked');
  const incidentId = request.incident.id as string;
  const files = await waitFor('the photo on the incident', async () => {
    const items = (await api('olga', 'GET', `/api/incidents/${incidentId}/attachments`)).body.items as { contentType: string; size: number; public: boolean }[];
    return items.length ? items : null;
  });
  expect(files).toEqual([expect.objectContaining({ contentType: 'image/png', size: PNG.length, public: true })]);

  // The status change arrives in the linked chat, and the notification log says so.
  await user.expectMessage(`Обращение ${ref}: зарегистрирован`);
  const log = (await api('olga', 'GET', `/api/incidents/${incidentId}/notifications`)).body.items as { channel: string; recipient: string; outcome: string }[];
  expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'telegram', recipient: `tg:${user.chatId}`, outcome: 'sent' })]));

  await user.say('/status');
  await user.expectMessage(new RegExp(`Ваши последние заявки:\\n${ref} · `));

  // A staff comment reaches the chat; Telegram answers the next message 429 once (this one, or
  // a status change the process sends meanwhile): it is retried and arrives.
  await user.failNext(1, 429);
  const posted = await api('sergey', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'We ordered a new screen.', public: true });
  expect(posted.status).toBe(201);
  const comment = await user.expectMessage('We ordered a new screen.');
  expect(comment.text).toContain(ref);
  type Attempt = { key: string; outcome: string; error: string | null };
  const retried = await waitFor('the message refused with 429, then sent', async () => {
    const attempts = (await api('olga', 'GET', `/api/incidents/${incidentId}/notifications`)).body.items as Attempt[];
    const failed = attempts.find((a) => a.outcome === 'failed' && a.error?.includes('429'));
    return failed && attempts.some((a) => a.key === failed.key && a.outcome === 'sent') ? failed : null;
  });
  expect(retried.error).toContain('Too Many Requests');

  const reply = await user.say('Thank you, I will wait', { replyTo: comment.message_id });
  await user.expectMessage(`Комментарий добавлен к заявке ${ref}`);
  const comments = async () => (await api('olga', 'GET', `/api/incidents/${incidentId}/comments`)).body.items as { body: string; public: boolean }[];
  expect((await comments()).at(-1)).toMatchObject({ body: 'Thank you, I will wait', public: true });

  // The same update again (Telegram resends after a lost answer): stored once, nothing duplicated.
  await user.replay(reply);
  await waitFor('the replayed delivery', async () => (await user.deliveries()).filter((d) => d.update_id === reply.update_id && d.status === 200).length === 2);
  expect((await comments()).filter((c) => c.body === 'Thank you, I will wait')).toHaveLength(1);
  expect((await user.received()).filter((m) => m.text?.startsWith('Комментарий добавлен'))).toHaveLength(1);
  expect(await db.inboundMessage.count({ where: { channel: 'TELEGRAM', channelMessageId: `${user.chatId}:${reply.message.message_id}` } })).toBe(1);

  // Resolved: after the reopen window the request closes and the closing message arrives.
  expect((await api('admin', 'POST', `/api/incidents/${incidentId}/transitions`, { action: 'resolve', comment: 'Screen replaced' })).status).toBe(200);
  await user.expectMessage(`Обращение ${ref} закрыто`, 90_000);
});

test('a chat that blocked the bot: the message is undeliverable with the reason on the notification log', async () => {
  const client = await newClient();
  const user = new TelegramUser(TOKEN);
  await user.say(`/start ${await deepLinkToken(client.id)}`);
  await user.expectMessage(/Чат связан|Linked/);
  const requestId = (
    await api(
      'olga',
      'POST',
      '/api/requests',
      { phone: (await db.client.findUniqueOrThrow({ where: { id: client.id } })).phone, serviceCode: 'it-laptop', description: 'Blocked bot' },
      { 'Idempotency-Key': `tg-${tag()}` },
    )
  ).body.request.id as string;
  const incident = await waitFor('the incident', () => db.incident.findUnique({ where: { requestId } }), 60_000);
  await user.expectMessage(requestId.slice(0, 8).toUpperCase());
  await user.setBlocked(true);
  const posted = await api('sergey', 'POST', `/api/incidents/${incident.id}/comments`, { body: 'Are you there?', public: true });
  const key = `comment:${posted.body.comment.id as string}`;
  const given = await waitFor('the undelivered attempt', async () =>
    ((await api('olga', 'GET', `/api/incidents/${incident.id}/notifications`)).body.items as { key: string; outcome: string; error: string }[]).find(
      (a) => a.key === key && a.outcome === 'undelivered',
    ),
  );
  expect(given.error).toContain('bot was blocked by the user');
});

describe('the link in the web app', () => {
  const browser = useBrowser();

  test('a requester gets their link on the profile page from the keyboard at 360 px, and the chat it opens is linked to their client record', async () => {
    const page = await newPage(browser(), { ...PHONE, locale: 'en-GB' });
    await signIn(page, 'ivan');
    await page.getByTestId('current-user').click();
    const button = page.getByTestId('telegram-link');
    await button.focus();
    await page.keyboard.press('Enter');
    const link = page.getByTestId('telegram-link-url').locator('a');
    const url = await link.getAttribute('href');
    expect(url).toMatch(/^https:\/\/t\.me\/desk7000001_bot\?start=/);
    expect(await page.getByTestId('telegram-link-url').textContent()).toContain('valid once, until');
    // Nothing overflows a 360 px phone (the link wraps).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'telegram-link-profile-en');

    const user = new TelegramUser(TOKEN);
    await user.say(`/start ${new URL(url!).searchParams.get('start')!}`);
    await user.expectMessage(/Чат связан|Linked/);
    const ivan = await db.client.findFirstOrThrow({ where: { phone: '+74950000013' } });
    expect((await db.telegramChat.findUniqueOrThrow({ where: { chatId: String(user.chatId) } })).clientId).toBe(ivan.id);
  });

  test("staff get a client's link on the client's card", async () => {
    const client = await newClient();
    const page = await newPage(browser(), { locale: 'ru-RU' });
    await signIn(page, 'olga');
    await page.goto(`/clients/${client.id}`);
    await page.getByTestId('telegram-link').click();
    expect(await page.getByTestId('telegram-link-url').locator('a').getAttribute('href')).toMatch(
      /^https:\/\/t\.me\/desk7000001_bot\?start=[A-Za-z0-9_-]{32}$/,
    );
    await screenshot(page, 'telegram-link-client-ru');
  });
});

describe('long polling (a desk without a public URL)', () => {
  const POLL_TOKEN = '7000002:polling-bot-token-for-tests';
  let desk: IsolatedApp;
  beforeAll(async () => {
    desk = await startIsolatedApp('telegram_polling', 80, { TELEGRAM_BOT_TOKEN: POLL_TOKEN, TELEGRAM_API_ROOT: STANDIN, TELEGRAM_MODE: 'polling' });
  }, 300_000);
  afterAll(() => desk?.stop());

  test('the bot takes updates by getUpdates: an unknown user is told how to link, a linked client files a request', async () => {
    const stranger = new TelegramUser(POLL_TOKEN);
    await stranger.say('Hello?');
    await stranger.expectMessage('/link');

    const isolated = openDb(desk.databaseUrl);
    try {
      const client = await isolated.client.findFirstOrThrow({ where: { deletedAt: null } });
      const user = new TelegramUser(POLL_TOKEN, { language_code: 'en' });
      await waitFor(
        'the polling bot known',
        async () =>
          (
            await fetch(`${desk.url}/api/clients/${client.id}/telegram-link`, {
              method: 'POST',
              headers: { authorization: `Bearer ${await tokenFor('olga')}` },
            })
          ).status === 200,
      );
      await user.say(`/start ${await deepLinkToken(client.id, desk.url)}`);
      await user.expectMessage(/Linked|Чат связан/);
      await user.say('/new');
      const menu = await user.expectMessage(/Choose a service|Выберите услугу/);
      await user.press(menu.message_id, 'svc:it-laptop');
      await user.say('Polling: the mouse does not work');
      const filed = await user.expectMessage(/(Request|Заявка) [0-9A-F]{8}/);
      const ref = /([0-9A-F]{8})/.exec(filed.text!)![1]!;
      const request = await isolated.serviceRequest.findFirstOrThrow({ where: { clientId: client.id, channel: 'TELEGRAM' } });
      expect(request.id.slice(0, 8).toUpperCase()).toBe(ref);
      expect(request.description).toContain('Polling: the mouse does not work');
      // No webhook was set for the polling bot.
      const info = (await (await fetch(`${STANDIN}/bot${POLL_TOKEN}/getWebhookInfo`)).json()) as { result: { url: string } };
      expect(info.result.url).toBe('');
    } finally {
      await isolated.$disconnect();
    }
  });
});
