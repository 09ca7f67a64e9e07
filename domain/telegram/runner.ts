// Runs the bot in the app (API) process, not the worker: in webhook mode (production) Telegram
// POSTs each update to the app, and handling it where it arrives answers the user at once with
// no hop through the database; the bot keeps its state in the chat's row, so every app replica
// can take any update. Long polling (TELEGRAM_MODE=polling, for a desk without a public HTTPS
// URL) is for a single app process: Telegram answers a second concurrent getUpdates with 409.
// A pass every 2 s finishes messages that wait (a new request's photo goes onto its incident
// once the workflow opened it, within seconds) or whose first try failed, and carries the agents'
// answers of live-chat conversations to their Telegram chats (chat/relay.ts). It runs here, not
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
  /** The agents' answers to Telegram conversations go out by it (null: no live chat wired). */
  private readonly out: TelegramChannel | null;
  private relaying: Promise<void> | null = null;
  private relayAgain = false;
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
    this.out = chat ? new TelegramChannel(settings.token, settings.apiRoot) : null;
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
    this.kick();
  }

  /**
   * Carries the chat answers waiting for Telegram now (the app calls it when a chat message is
   * stored, the pass every 2 s catches up failures); calls while one runs make one more run.
   */
  kick(): void {
    if (!this.out) return;
    if (this.relaying) {
      this.relayAgain = true;
      return;
    }
    this.relaying = relayChannelMessages(this.db, 'TELEGRAM', this.out)
      .catch((error: unknown) => log.warn('telegram chat relay failed', { error: String(error) }))
      .then(() => {
        this.relaying = null;
        if (this.relayAgain) {
          this.relayAgain = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    if (this.bot.isRunning()) await this.bot.stop();
  }
}
