// The desk's Telegram bot (grammY): a client links the chat (/start <token> from a deep link,
// /link <e-mail> and the mailed code), files a request (/new: a service from the buttons, then
// one message describing it, a photo allowed), sees their requests (/status), and answers the
// desk's messages (a reply becomes a public comment on that request). Every message that may
// become a request or a comment goes through the one channel intake (domain/intake): stored
// raw under chat:message id first (a replayed update is stored once and answered once), then
// filed; an unlinked chat's message is held there with its reason, and the user is told how to
// link. /operator opens a live conversation with the desk instead (liveChat.ts); while it is open
// the user's messages go there. The bot keeps no state in memory: the chat's row has it, so any app replica can answer.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { Bot, type Context } from 'grammy';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import type { ChannelIntake } from '../intake/intake';
import { telegramNormaliser, type TelegramEnvelope } from '../intake/telegram';
import { requestNumber, requestNumberIn } from '../shared/requestNumber';
import type { TelegramLinks } from './links';
import { chatState, clientRequests, serviceButtons, serviceByCode, serviceOfClientRequest, setPendingService } from './telegramRepository';
import { langOf, texts, type Lang } from './texts';
import { fileToConversation, operatorKeyboard, registerLiveChat, toConversation, type Download, type LiveChat } from './liveChat';
import { placeholderValues } from '../notifications/templates';

export interface BotSettings {
  token: string;
  apiRoot: string;
  /** Photos over this size are not downloaded (the attachment rules refuse them anyway). */
  maxFileBytes: number;
}

const CODE = /^\d{6}$/;
const SOURCE = 'telegram:';

/** An inbound message's source: the bot and the service its request is filed under (empty for an unlinked chat). */
export const telegramSource = (serviceCode: string) => `${SOURCE}${serviceCode}`;
export const routeOf = (source: string) => ({ serviceCode: source.startsWith(SOURCE) ? source.slice(SOURCE.length) : '' });
const SERVICE_BUTTONS = 20;

/** The first bytes of the image formats Telegram sends (photos are JPEG; a file may be any). */
function contentTypeOf(bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))) return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return 'image/jpeg';
}

export function buildBot(db: Database, intake: ChannelIntake, links: TelegramLinks, settings: BotSettings, chat: LiveChat | null): Bot {
  const bot = new Bot(settings.token, { client: { apiRoot: settings.apiRoot } });

  const stateOf = async (ctx: Context) => {
    const state = await chatState(db, String(ctx.chat!.id));
    return { clientId: state?.clientId ?? null, pendingService: state?.pendingService ?? null, lang: langOf(state?.locale, ctx.from?.language_code) };
  };

  const serviceKeyboard = async () => ({
    inline_keyboard: (await serviceButtons(db, SERVICE_BUTTONS)).map((s) => [{ text: s.name, callback_data: `svc:${s.code}`.slice(0, 64) }]),
  });

  const redeem = async (ctx: Context, kind: 'deeplink' | 'code', secret: string, lang: Lang) => {
    const outcome = await links.redeem(String(ctx.chat!.id), kind, secret);
    const t = texts(outcome === 'linked' ? (await stateOf(ctx)).lang : lang);
    await ctx.reply(outcome === 'linked' ? t.linked : outcome === 'locked' ? t.tooMany : t.badLink);
  };

  bot.command('start', async (ctx) => {
    const { clientId, lang } = await stateOf(ctx);
    if (ctx.match) return redeem(ctx, 'deeplink', ctx.match, lang);
    if (!clientId) return void (await ctx.reply(texts(lang).howToLink, chat ? { reply_markup: operatorKeyboard(lang) } : {}));
    await ctx.reply(`${texts(lang).help}\n\n${texts(lang).chooseService}`, { reply_markup: await serviceKeyboard() });
  });

  bot.command('help', async (ctx) => {
    const { lang } = await stateOf(ctx);
    await ctx.reply(texts(lang).help, chat ? { reply_markup: operatorKeyboard(lang) } : {});
  });
  if (chat) registerLiveChat(bot, chat, stateOf);

  bot.command('link', async (ctx) => {
    const { lang } = await stateOf(ctx);
    const email = ctx.match.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) return void (await ctx.reply(texts(lang).linkUsage));
    await links.mailCode(String(ctx.chat.id), email, lang);
    await ctx.reply(texts(lang).codeSent);
  });

  bot.command('new', async (ctx) => {
    const { clientId, lang } = await stateOf(ctx);
    if (!clientId) return void (await ctx.reply(texts(lang).howToLink));
    await ctx.reply(texts(lang).chooseService, { reply_markup: await serviceKeyboard() });
  });

  bot.command('status', async (ctx) => {
    const { clientId, lang } = await stateOf(ctx);
    if (!clientId) return void (await ctx.reply(texts(lang).howToLink));
    const rows = await clientRequests(db, clientId, 10);
    if (rows.length === 0) return void (await ctx.reply(texts(lang).noRequests));
    // The status in the words of the status messages (the notification templates' own).
    const word = (status: string) => placeholderValues(lang, { ref: '', title: '', status }).status;
    const lines = rows.map((r) => `${requestNumber(r.id)} · ${r.serviceName} · ${word(r.incidentStatus ?? r.status)}`);
    await ctx.reply([texts(lang).status, ...lines].join('\n'));
  });

  bot.callbackQuery(/^svc:(.+)$/, async (ctx) => {
    const { clientId, lang } = await stateOf(ctx);
    const service = clientId ? await serviceByCode(db, ctx.match[1]!) : undefined;
    await ctx.answerCallbackQuery();
    if (!clientId) return void (await ctx.reply(texts(lang).howToLink));
    if (!service) return void (await ctx.reply(texts(lang).chooseService, { reply_markup: await serviceKeyboard() }));
    await setPendingService(db, String(ctx.chat!.id), service.code);
    await ctx.editMessageText(texts(lang).describe(service.name));
  });

  const download: Download = (fileId) => fileStream(bot, settings, fileId);

  // A document reaches the operator inside a conversation; outside one the bot takes none (as before).
  bot.on('message:document', async (ctx, next) => {
    if (!chat) return next();
    const { clientId, lang } = await stateOf(ctx);
    if (!(await fileToConversation(ctx, chat, clientId, lang, download))) return next();
    const caption = (ctx.message.caption ?? '').trim();
    if (caption) await toConversation(ctx, chat, clientId, lang, caption);
  });

  bot.on(['message:text', 'message:photo'], async (ctx) => {
    const chatId = String(ctx.chat.id);
    const { clientId, pendingService, lang } = await stateOf(ctx);
    const t = texts(lang);
    const text = (ctx.message.text ?? ctx.message.caption ?? '').trim();
    if (!clientId && CODE.test(text)) return redeem(ctx, 'code', text, lang);
    // Inside a conversation a photo becomes a chat file, and its caption (if any) a message.
    if (chat && ctx.message.photo && (await fileToConversation(ctx, chat, clientId, lang, download))) {
      if (text) await toConversation(ctx, chat, clientId, lang, text);
      return;
    }
    if (chat && (await toConversation(ctx, chat, clientId, lang, text))) return;
    const replyNumber = requestNumberIn(ctx.message.reply_to_message?.text ?? '');
    // A new request needs its service; a reply names its request (a closed one is filed anew under its service).
    const service = clientId ? (pendingService ?? (replyNumber ? await serviceOfClientRequest(db, clientId, replyNumber) : null)) : '';
    if (clientId && !service) return void (await ctx.reply(t.chooseFirst, { reply_markup: await serviceKeyboard() }));
    const envelope: TelegramEnvelope = { update: ctx.update as TelegramEnvelope['update'], file: await photoOf(ctx, settings) };
    // The source names the service, so a pass that finishes the message later files it alike (runner.ts).
    const source = telegramSource(service ?? '');
    const id = await intake.receive('TELEGRAM', `${chatId}:${ctx.message.message_id}`, source, Buffer.from(JSON.stringify(envelope)));
    if (id === null) return; // a replayed update: stored and answered already
    const outcome = await intake.process(id, telegramNormaliser, routeOf(source));
    if (!clientId) return void (await ctx.reply(t.howToLink));
    if (!outcome.requestId) return void (await ctx.reply(t.notTaken(outcome.reason ?? outcome.status)));
    const ref = requestNumber(outcome.requestId);
    if (replyNumber === ref) return void (await ctx.reply(t.commented(ref)));
    await setPendingService(db, chatId, null);
    await ctx.reply(t.filed(ref));
  });

  bot.catch((error) =>
    log.warn('telegram update failed', { updateId: error.ctx.update.update_id, error: String((error.error as Error)?.message ?? error.error) }),
  );
  return bot;
}

/** A file's bytes as Telegram serves them: getFile names its path, the file URL gives it (docs: "Bot API, getFile"). */
async function fileResponse(api: Bot['api'], settings: BotSettings, fileId: string): Promise<Response> {
  const file = await api.getFile(fileId);
  if (!file.file_path) throw new Error('Telegram gave no path for the file');
  const res = await fetch(`${settings.apiRoot}/file/bot${settings.token}/${file.file_path}`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok || !res.body) throw new Error(`Telegram file download answered ${res.status}`);
  return res;
}

/** A chat file's bytes as a stream: the chat's storage checks and meters them as they come (chat/files.ts). */
async function fileStream(bot: Bot, settings: BotSettings, fileId: string): Promise<Readable> {
  const res = await fileResponse(bot.api, settings, fileId);
  return Readable.fromWeb(res.body! as unknown as NodeWebStream);
}

/** The largest size of the message's photo, downloaded (getFile, then the file URL). */
async function photoOf(ctx: Context, settings: BotSettings): Promise<TelegramEnvelope['file']> {
  const photo = ctx.message?.photo?.at(-1);
  if (!photo || (photo.file_size ?? 0) > settings.maxFileBytes) return undefined;
  const res = await fileResponse(ctx.api, settings, photo.file_id);
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = contentTypeOf(bytes);
  return { fileName: `photo-${ctx.message!.message_id}.${type.slice(6)}`, contentType: type, base64: bytes.toString('base64') };
}
