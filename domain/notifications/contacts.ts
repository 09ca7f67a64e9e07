// Which of a client's addresses a message to them goes to, in one place (lifecycle status and
// closing messages, staff comments): a linked Telegram chat first (the client chose to talk to
// the bot, and a chat message is read sooner than mail), then e-mail, then phone (SMS). Per-client
// preferences (channels in order, quiet hours) belong here too when they come.
import { TELEGRAM_PREFIX } from './router';

export interface ClientContacts<P extends string | null> {
  /** The chat linked to the client (TelegramChat.clientId), if any. */
  telegramChat: string | null;
  email: string | null;
  phone: P;
}

export function clientAddress<P extends string | null>(c: ClientContacts<P>): string | P {
  if (c.telegramChat) return `${TELEGRAM_PREFIX}${c.telegramChat}`;
  return c.email ?? c.phone;
}
