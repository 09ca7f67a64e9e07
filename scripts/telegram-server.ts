// A local stand-in of Telegram's Bot API for the tests and the local demo, since Telegram's
// servers cannot be reached here: an HTTP server speaking the documented protocol
// (https://core.telegram.org/bots/api): POST|GET /bot<token>/<method> with a JSON,
// form-urlencoded or query payload, answers {"ok":true,"result":...} or {"ok":false,
// "error_code":...,"description":...}. Methods: getMe, getUpdates (offset confirms, long-poll
// timeout, 409 while a webhook is set or when a newer getUpdates takes over), setWebhook (with
// secret_token: updates are then POSTed to the URL with X-Telegram-Bot-Api-Secret-Token, retried
// while the answer is not 2xx), deleteWebhook, getWebhookInfo, sendMessage, editMessageText,
// editMessageReplyMarkup, answerCallbackQuery, getFile and GET /file/bot<token>/<path>,
// setMyCommands, sendChatAction. Every token of Telegram's shape "<digits>:<secret>" is a bot.
//
// Control API for tests (JSON), per bot token:
//   POST /control/<token>/message   {chatId, from?, text?, photo? (base64), document? ({base64, fileName?, mimeType?}), caption?, replyTo?} -> {update}
//   POST /control/<token>/callback  {chatId, from?, messageId, data}                     -> {update}
//   POST /control/<token>/update    {update}  (replays an update as it is, same update_id) -> {update}
//   GET  /control/<token>/chats/<chatId>   -> {messages}: what the bot sent there (edits applied)
//   POST /control/<token>/chats/<chatId>/block {blocked}: sendMessage answers 403 as for a bot blocked by the user
//   POST /control/<token>/fail {count, code}: the next count sendMessage calls answer code (429, 500)
//   GET  /control/<token>/deliveries      -> {deliveries}: webhook POSTs and their HTTP status
//   GET  /control/<token>/answers         -> {answers}: answerCallbackQuery calls
// Settings: TELEGRAM_STANDIN_PORT (default 8081); binds 127.0.0.1; prints "listening <port>".
import http from 'node:http';
import { randomBytes } from 'node:crypto';

/** The largest file getFile lets a bot download (Bot API: "up to 20MB in size"). */
const MAX_DOWNLOAD = 20 * 1024 * 1024;
type Json = Record<string, unknown>;
interface Sent {
  message_id: number;
  chat: { id: number; type: 'private' };
  date: number;
  text?: string;
  reply_markup?: unknown;
  from: Json;
}
interface Bot {
  id: number;
  username: string;
  updates: Json[];
  nextUpdateId: number;
  webhook: { url: string; secret: string } | null;
  delivering: boolean;
  deliveries: { update_id: number; status: number }[];
  chats: Map<string, { nextId: number; sent: Sent[]; blocked: boolean }>;
  /** The files users sent, by file id: their bytes and the path getFile names (photos/<id>.jpg, documents/<id>). */
  files: Map<string, { bytes: Buffer; path: string }>;
  failures: { count: number; code: number };
  answers: Json[];
  waiters: Set<() => void>;
  poll: { abort: () => void } | null;
}

const port = Number(process.env.TELEGRAM_STANDIN_PORT ?? 8081);
const bots = new Map<string, Bot>();
const TOKEN = /^(\d+):[A-Za-z0-9_-]{10,}$/;

function botOf(token: string): Bot | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  let bot = bots.get(token);
  if (!bot) {
    bot = {
      id: Number(m[1]),
      username: `desk${m[1]}_bot`,
      updates: [],
      nextUpdateId: 100_000 + Math.floor(Math.random() * 1000),
      webhook: null,
      delivering: false,
      deliveries: [],
      chats: new Map(),
      files: new Map(),
      failures: { count: 0, code: 0 },
      answers: [],
      waiters: new Set(),
      poll: null,
    };
    bots.set(token, bot);
  }
  return bot;
}

function chatOf(bot: Bot, chatId: string) {
  let chat = bot.chats.get(chatId);
  if (!chat) bot.chats.set(chatId, (chat = { nextId: 1, sent: [], blocked: false }));
  return chat;
}

const now = () => Math.floor(Date.now() / 1000);
const send = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const ok = (res: http.ServerResponse, result: unknown) => send(res, 200, { ok: true, result });
const fail = (res: http.ServerResponse, code: number, description: string, parameters?: Json) =>
  send(res, code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });

async function body(req: http.IncomingMessage, url: URL): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const out: Json = Object.fromEntries(url.searchParams);
  if (!text) return out;
  if ((req.headers['content-type'] ?? '').includes('application/json')) return { ...out, ...(JSON.parse(text) as Json) };
  for (const [k, v] of new URLSearchParams(text)) {
    // Form values that hold JSON (reply_markup, allowed_updates) as the Bot API reads them.
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/** A new update for the bot: queued for getUpdates, or pushed to the webhook. */
function enqueue(bot: Bot, update: Json): Json {
  bot.updates.push(update);
  for (const wake of bot.waiters) wake();
  void deliver(bot);
  return update;
}

/** Webhook delivery, one update at a time in order, each retried until the bot answers 2xx (as Telegram does). */
async function deliver(bot: Bot): Promise<void> {
  if (bot.delivering || !bot.webhook) return;
  bot.delivering = true;
  try {
    let delayMs = 200;
    while (bot.webhook && bot.updates.length > 0) {
      const update = bot.updates[0]!;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (bot.webhook.secret) headers['x-telegram-bot-api-secret-token'] = bot.webhook.secret;
      const status = await fetch(bot.webhook.url, { method: 'POST', headers, body: JSON.stringify(update), signal: AbortSignal.timeout(60_000) })
        .then(async (r) => (await r.arrayBuffer(), r.status))
        .catch(() => 0);
      bot.deliveries.push({ update_id: Number(update.update_id), status });
      if (status >= 200 && status < 300) {
        bot.updates.shift();
        delayMs = 200;
      } else {
        await new Promise((r) => setTimeout(r, delayMs));
        delayMs = Math.min(delayMs * 2, 5000);
      }
    }
  } finally {
    bot.delivering = false;
  }
}

function sendMessageOf(bot: Bot, chatId: string, fields: Json): Sent {
  const chat = chatOf(bot, chatId);
  const message: Sent = {
    message_id: chat.nextId++,
    chat: { id: Number(chatId), type: 'private' },
    date: now(),
    from: { id: bot.id, is_bot: true, first_name: 'Incident Desk', username: bot.username },
    text: typeof fields.text === 'string' ? fields.text : undefined,
    reply_markup: fields.reply_markup,
  };
  chat.sent.push(message);
  return message;
}

async function getUpdates(bot: Bot, p: Json, res: http.ServerResponse): Promise<void> {
  if (bot.webhook) return fail(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  const offset = Number(p.offset ?? 0);
  if (offset) bot.updates = bot.updates.filter((u) => Number(u.update_id) >= offset);
  const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
  const timeout = Math.min(Math.max(Number(p.timeout ?? 0), 0), 50);
  // A newer getUpdates ends the one that waits (Telegram answers it 409).
  bot.poll?.abort();
  let ended = false;
  const answer = () => {
    if (ended) return;
    ended = true;
    bot.waiters.delete(answer);
    clearTimeout(timer);
    if (bot.poll === me) bot.poll = null;
    ok(res, bot.updates.slice(0, limit));
  };
  const me = {
    abort: () => {
      if (ended) return;
      ended = true;
      bot.waiters.delete(answer);
      clearTimeout(timer);
      fail(res, 409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    },
  };
  const timer = setTimeout(answer, timeout * 1000);
  if (bot.updates.length > 0 || timeout === 0) return answer();
  bot.poll = me;
  bot.waiters.add(answer);
  res.on('close', () => {
    if (!ended) {
      ended = true;
      bot.waiters.delete(answer);
      clearTimeout(timer);
      if (bot.poll === me) bot.poll = null;
    }
  });
}

async function method(bot: Bot, name: string, p: Json, res: http.ServerResponse): Promise<void> {
  switch (name) {
    case 'getMe':
      return ok(res, {
        id: bot.id,
        is_bot: true,
        first_name: 'Incident Desk',
        username: bot.username,
        can_join_groups: false,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      });
    case 'getUpdates':
      return getUpdates(bot, p, res);
    case 'setWebhook': {
      if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url)) return fail(res, 400, 'Bad Request: bad webhook: an HTTP URL must be provided for webhook');
      const secret = typeof p.secret_token === 'string' ? p.secret_token : '';
      if (secret && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return fail(res, 400, 'Bad Request: secret token contains unallowed characters');
      if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') bot.updates = [];
      bot.poll?.abort();
      bot.webhook = p.url ? { url: p.url, secret } : null;
      ok(res, true);
      return void deliver(bot);
    }
    case 'deleteWebhook':
      if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') bot.updates = [];
      bot.webhook = null;
      return ok(res, true);
    case 'getWebhookInfo':
      return ok(res, { url: bot.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: bot.updates.length });
    case 'setMyCommands':
    case 'sendChatAction':
      return ok(res, true);
    case 'sendMessage': {
      const chatId = String(p.chat_id ?? '');
      if (!chatId) return fail(res, 400, 'Bad Request: chat_id is empty');
      if (typeof p.text !== 'string' || !p.text.trim()) return fail(res, 400, 'Bad Request: message text is empty');
      if (p.text.length > 4096) return fail(res, 400, 'Bad Request: message is too long');
      if (bot.failures.count > 0) {
        bot.failures.count--;
        if (bot.failures.code === 429) return fail(res, 429, 'Too Many Requests: retry after 1', { retry_after: 1 });
        return fail(res, bot.failures.code, 'Internal Server Error');
      }
      if (chatOf(bot, chatId).blocked) return fail(res, 403, 'Forbidden: bot was blocked by the user');
      return ok(res, sendMessageOf(bot, chatId, p));
    }
    case 'editMessageText':
    case 'editMessageReplyMarkup': {
      const message = chatOf(bot, String(p.chat_id ?? '')).sent.find((m) => m.message_id === Number(p.message_id));
      if (!message) return fail(res, 400, 'Bad Request: message to edit not found');
      if (name === 'editMessageText') message.text = String(p.text ?? '');
      message.reply_markup = p.reply_markup;
      return ok(res, message);
    }
    case 'answerCallbackQuery':
      bot.answers.push(p);
      return ok(res, true);
    case 'getFile': {
      const file = bot.files.get(String(p.file_id ?? ''));
      if (!file) return fail(res, 400, 'Bad Request: invalid file_id');
      // Bots may download files up to 20 MB; getFile refuses bigger ones.
      if (file.bytes.length > MAX_DOWNLOAD) return fail(res, 400, 'Bad Request: file is too big');
      return ok(res, { file_id: p.file_id, file_unique_id: `u${String(p.file_id)}`, file_size: file.bytes.length, file_path: file.path });
    }
    default:
      return fail(res, 404, 'Not Found: method not found');
  }
}

function userOf(chatId: string, from: unknown): Json {
  return { id: Number(chatId), is_bot: false, first_name: 'Client', language_code: 'en', ...((from as Json | undefined) ?? {}) };
}

async function control(bot: Bot, path: string[], p: Json, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const [what, chatId, action] = path;
  if (what === 'message' && req.method === 'POST') {
    const id = String(p.chatId);
    const chat = chatOf(bot, id);
    const message: Json = { message_id: chat.nextId++, date: now(), chat: { id: Number(id), type: 'private' }, from: userOf(id, p.from) };
    if (typeof p.text === 'string') message.text = p.text;
    if (typeof p.text === 'string' && p.text.startsWith('/')) message.entities = [{ type: 'bot_command', offset: 0, length: p.text.split(/\s/)[0]!.length }];
    if (typeof p.photo === 'string') {
      const fileId = randomBytes(8).toString('hex');
      const bytes = Buffer.from(p.photo, 'base64');
      bot.files.set(fileId, { bytes, path: `photos/${fileId}.jpg` });
      message.photo = [{ file_id: fileId, file_unique_id: `u${fileId}`, width: 1, height: 1, file_size: bytes.length }];
    }
    const doc = p.document as { base64?: string; fileName?: string; mimeType?: string } | undefined;
    if (doc && typeof doc.base64 === 'string') {
      const fileId = randomBytes(8).toString('hex');
      const bytes = Buffer.from(doc.base64, 'base64');
      bot.files.set(fileId, { bytes, path: `documents/${fileId}` });
      message.document = {
        file_id: fileId,
        file_unique_id: `u${fileId}`,
        file_size: bytes.length,
        ...(doc.fileName ? { file_name: doc.fileName } : {}),
        ...(doc.mimeType ? { mime_type: doc.mimeType } : {}),
      };
    }
    if ((message.photo || message.document) && typeof p.caption === 'string') message.caption = p.caption;
    if (p.replyTo !== undefined) {
      const target = chat.sent.find((m) => m.message_id === Number(p.replyTo));
      if (target) message.reply_to_message = target;
    }
    return send(res, 200, { update: enqueue(bot, { update_id: bot.nextUpdateId++, message }) });
  }
  if (what === 'callback' && req.method === 'POST') {
    const id = String(p.chatId);
    const target = chatOf(bot, id).sent.find((m) => m.message_id === Number(p.messageId));
    if (!target) return fail(res, 400, 'no such message of the bot');
    const callback_query = { id: randomBytes(8).toString('hex'), from: userOf(id, p.from), message: target, chat_instance: id, data: String(p.data) };
    return send(res, 200, { update: enqueue(bot, { update_id: bot.nextUpdateId++, callback_query }) });
  }
  if (what === 'update' && req.method === 'POST') return send(res, 200, { update: enqueue(bot, p.update as Json) });
  if (what === 'chats' && chatId && !action) return send(res, 200, { messages: chatOf(bot, chatId).sent });
  if (what === 'chats' && chatId && action === 'block') {
    chatOf(bot, chatId).blocked = p.blocked !== false;
    return send(res, 200, { blocked: chatOf(bot, chatId).blocked });
  }
  if (what === 'fail') {
    bot.failures = { count: Number(p.count ?? 1), code: Number(p.code ?? 500) };
    return send(res, 200, bot.failures);
  }
  if (what === 'deliveries') return send(res, 200, { deliveries: bot.deliveries });
  if (what === 'answers') return send(res, 200, { answers: bot.answers });
  return fail(res, 404, 'no such control call');
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  void (async () => {
    if (parts[0] === 'file' && parts[1]?.startsWith('bot') && req.method === 'GET') {
      const bot = botOf(parts[1].slice(3));
      const fileId = (parts[3] ?? '').replace(/\.jpg$/, '');
      const file = bot?.files.get(fileId);
      if (!file || file.path !== parts.slice(2).join('/')) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length }).end(file.bytes);
    }
    const p = await body(req, url);
    if (parts[0] === 'control' && parts[1]) {
      const bot = botOf(parts[1]);
      if (!bot) return fail(res, 401, 'Unauthorized');
      return control(bot, parts.slice(2), p, req, res);
    }
    if (parts[0]?.startsWith('bot') && parts[1]) {
      const bot = botOf(parts[0].slice(3));
      if (!bot) return fail(res, 401, 'Unauthorized');
      return method(bot, parts[1], p, res);
    }
    return fail(res, 404, 'Not Found');
  })().catch((error: unknown) => fail(res, 400, `Bad Request: ${String((error as Error)?.message ?? error)}`));
});

server.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
