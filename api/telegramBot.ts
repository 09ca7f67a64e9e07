// The app's Telegram bot (domain/telegram/runner.ts says why it runs in the app), when
// TELEGRAM_BOT_TOKEN is set: webhook at PUBLIC_URL/api/telegram/webhook, or long polling. Link
// codes go out by the desk's e-mail (SMTP_*), to the log when there is none.
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import type { ChannelIntake } from '../domain/intake/intake';
import { LogChannel } from '../domain/notifications/notifier';
import { RecipientRouter } from '../domain/notifications/router';
import { smtpChannelOf } from '../domain/adapters/smtp';
import { TelegramBotRunner } from '../domain/telegram/runner';
import type { LiveChat } from '../domain/telegram/liveChat';

export function telegramBotOf(config: Config, db: Database, intake: ChannelIntake, chat: LiveChat): TelegramBotRunner | null {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  const bot = new TelegramBotRunner(
    db,
    intake,
    new RecipientRouter({ email: smtpChannelOf(config) }, new LogChannel()),
    {
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      mode: config.TELEGRAM_MODE,
      webhookUrl: `${config.PUBLIC_URL}/api/telegram/webhook`,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
      linkKey: config.SESSION_SECRET,
      maxFileBytes: config.ATTACHMENT_MAX_BYTES,
    },
    chat,
  );
  bot.start();
  return bot;
}
