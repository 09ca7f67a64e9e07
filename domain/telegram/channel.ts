// Telegram as a notification channel: a message to tg:<chat id> is sent with the Bot API's
// sendMessage (plain text, the subject on the first line, so the request number is in the text a
// client replies to). Telegram's answers decide what happens next: 429 (too many requests) and
// 5xx or a lost connection are thrown and retried (sendOnce, Temporal's backoff); 403 (the user
// blocked the bot or deleted the account) and 400 (no such chat) will not change with a retry:
// the message is undeliverable, with Telegram's reason on the incident's notification log.
import { Api, GrammyError } from 'grammy';
import { undeliverable, type Message, type NotificationChannel } from '../notifications/notifier';
import { TELEGRAM_PREFIX } from '../notifications/router';

/** Telegram's limit of one message's text. */
const MAX_TEXT = 4096;

export class TelegramChannel implements NotificationChannel {
  readonly name = 'telegram';
  private readonly api: Api;

  constructor(token: string, apiRoot: string) {
    this.api = new Api(token, { apiRoot });
  }

  async deliver(message: Message): Promise<string> {
    if (!message.recipient.startsWith(TELEGRAM_PREFIX)) throw undeliverable(`not a Telegram chat: ${message.recipient}`);
    const chatId = message.recipient.slice(TELEGRAM_PREFIX.length);
    // A live-chat answer has no subject: the agent's words alone.
    const text = (message.subject ? `${message.subject}\n\n${message.body}` : message.body).slice(0, MAX_TEXT);
    try {
      await this.api.sendMessage(chatId, text, { link_preview_options: { is_disabled: true } });
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400))
        throw undeliverable(`Telegram refused it (${error.error_code}): ${error.description}`);
      throw error;
    }
    return this.name;
  }
}
