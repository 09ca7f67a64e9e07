// Runs the bot in the app (API) process, not the worker: in webhook mode (production) Telegram
// POSTs each update to the app, and handling it where it arrives answers the user at once with
// no hop through the database; the bot keeps its state in the chat's row, so every app replica
// can take any update. Long polling (TELEGRAM_MODE=polling, for a desk without a public HTTPS
// URL) is for a single app process: Telegram answers a second concurrent getUpdates with 409.
// A pass every 2 s finishes messages that wait (a new request's photo goes onto its incident
// once the workflow opened it, within seconds) or whose first try failed. The agents' answers of
// live-chat conversations go to their Telegram chats (chat/relay.ts) when the app hears them
// stored on chat_changes (kick), with a safety pass every 30 s (chat/relayLoop.ts). It runs here, not
// in a workflow: an answer is already stored and committed, sending it is an effect with no
// decision in it, and the pass keeps it keyed (once per message id) and retried.
import type { Bot } from 'grammy';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import type { ChannelIntake } from '../intake/intake';
import { telegramNormaliser } from '../intake/telegram';
import type { NotificationChannel } from '../notifications/notifier';
import { buildBot, routeOf } from './bot';
import { TelegramLinks } from './links';
import { TelegramChannel } from './channel';
import type { LiveChat } from './liveChat';
import { relayChannelMessages } from '../chat/relay';
import { RelayLoop } from '../chat/relayLoop';

export interface TelegramSettings {
  token: string;
  apiRoot: string;
  mode: 'webhook' | 'polling';
  /** The URL Telegram posts updates to (webhook mode): PUBLIC_URL/api/telegram/webhook. */
  webhookUrl: string;
  webhookSecret: string;
  /** The key of the link secrets' HMAC. */
  linkKey: string;
  maxFileBytes: number;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const PASS_MS = 2000;

export class TelegramBotRunner {
  readonly links: TelegramLinks;
  private readonly bot: Bot;
  /** Carries the agents' answers to Telegram conversations (null: no live chat wired). */
  private readonly relay: RelayLoop | null;
  private timer: NodeJS.Timeout | undefined;
  private ready: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly intake: ChannelIntake,
    mail: NotificationChannel,
    private readonly settings: TelegramSettings,
    chat: LiveChat | null,
  ) {
    if (settings.mode === 'webhook' && !settings.webhookSecret) throw new Error('TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET');
    this.links = new TelegramLinks(db, settings.linkKey, mail);
    this.bot = buildBot(db, intake, this.links, { token: settings.token, apiRoot: settings.apiRoot, maxFileBytes: settings.maxFileBytes }, chat);
    const out = chat ? new TelegramChannel(settings.token, settings.apiRoot) : null;
    this.relay = out ? new RelayLoop(() => relayChannelMessages(db, 'TELEGRAM', out), 'telegram chat relay') : null;
  }

  get webhookSecret(): string {
    return this.settings.webhookSecret;
  }

  /** The bot's username once Telegram has told it (getMe), for t.me links. */
  username(): string | undefined {
    return this.bot.isInited() ? this.bot.botInfo.username : undefined;
  }

  start(): void {
    this.ready = this.connect(1000);
    this.timer = setInterval(() => void this.pass(), PASS_MS);
    this.timer.unref();
    this.relay?.start();
  }

  /** getMe, then the webhook set (or polling started); Telegram unreachable at boot is retried, never fatal. */
  private async connect(waitMs: number): Promise<void> {
    try {
      await this.bot.init();
      if (this.settings.mode === 'webhook') {
        await this.bot.api.setWebhook(this.settings.webhookUrl, { secret_token: this.settings.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
      } else {
        // start() deletes the webhook first and resolves only when polling stops.
        void this.bot
          .start({ allowed_updates: [...ALLOWED_UPDATES] })
          .catch((error: unknown) => log.error('telegram polling stopped', { error: String(error) }));
      }
      log.info('telegram bot running', { username: this.bot.botInfo.username, mode: this.settings.mode });
    } catch (error) {
      if (this.stopped) return;
      log.warn('telegram bot not connected; retrying', { error: String((error as Error)?.message ?? error), inMs: waitMs });
      await new Promise((r) => setTimeout(r, waitMs).unref());
      return this.connect(Math.min(waitMs * 2, 60_000));
    }
  }

  /** One update from the webhook; throws when it could not be handled, so that Telegram sends it again. */
  async handle(update: unknown): Promise<void> {
    await this.ready;
    await this.bot.handleUpdate(update as Parameters<Bot['handleUpdate']>[0]);
  }

  private async pass(): Promise<void> {
    await this.intake
      .processWaiting('TELEGRAM', telegramNormaliser, routeOf, 50)
      .catch((error: unknown) => log.warn('telegram pass failed', { error: String(error) }));
  }

  /** Carries the chat answers waiting for Telegram now: the app calls it when it hears a chat message stored (chat_changes). */
  kick(): void {
    this.relay?.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.relay?.stop();
    if (this.bot.isRunning()) await this.bot.stop();
  }
}
