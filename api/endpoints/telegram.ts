// Telegram: the bot's webhook (Telegram's POST of each update, authenticated by the secret token
// it was given with setWebhook) and one-time deep links that link a client's chat
// (domain/telegram: the bot, linking, the intake of its messages).
import { z } from 'zod';
import { telegramLinkSchema } from '../../domain/telegram/issuing';
import { notFound, unauthorized } from '../../domain/shared/errors';
import { json } from '../contract/endpoint';
import { idParam } from './common';
import { endpoint } from './services';
import { secretAccepted } from './telephony';

/** The header Telegram sends with every webhook call: the secret_token of setWebhook (TELEGRAM_WEBHOOK_SECRET). */
export const TELEGRAM_SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

const update = z.object({ update_id: z.number().int() }).passthrough().openapi('TelegramUpdate', { description: "An Update of Telegram's Bot API" });
const link = telegramLinkSchema.openapi('TelegramLink');

export const telegramEndpoints = [
  endpoint({
    method: 'post',
    path: '/api/telegram/webhook',
    access: 'anyone',
    secretHeader: TELEGRAM_SECRET_HEADER,
    summary: `An update from Telegram for the desk's bot, authenticated by the ${TELEGRAM_SECRET_HEADER} header (constant-time compare)`,
    description:
      'Idempotent: an update whose message is stored already is not taken again. A 5xx makes Telegram send the update again; 404 when the desk runs no bot in webhook mode.',
    request: { body: update },
    responses: { 200: json(z.object({ ok: z.literal(true) }), 'Handled') },
    problems: [400],
    handle: async ({ req, header, services }) => {
      const bot = services.telegram.bot;
      if (!secretAccepted(bot?.webhookSecret ?? '', header(TELEGRAM_SECRET_HEADER)))
        throw unauthorized(`a Telegram update needs the webhook's secret token in ${TELEGRAM_SECRET_HEADER}`);
      if (!bot) throw notFound('a Telegram bot');
      await bot.handle(req.body);
      return { status: 200, body: { ok: true as const } };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/me/telegram-link',
    summary: 'A one-time link (30 minutes) that links a Telegram chat to the client record of the signed-in account',
    responses: { 200: json(link, 'Open it in Telegram') },
    problems: [404, 409],
    handle: async ({ actor, services }) => ({ status: 200, body: await services.telegram.links.forMe(actor) }),
  }),
  endpoint({
    method: 'post',
    path: '/api/clients/{id}/telegram-link',
    summary: "A one-time link (30 minutes) that links a Telegram chat to this client (staff, from the client's card); hand it to the client",
    request: { params: idParam },
    responses: { 200: json(link, 'Hand it to the client') },
    problems: [403, 404, 409],
    handle: async ({ params, actor, services }) => ({ status: 200, body: await services.telegram.links.forClient(actor, params.id) }),
  }),
];
