// Which channel carries a message is read from its recipient's address, in one place: an e-mail
// address, a Telegram chat (tg:<chat id>), or a phone number (SMS). Who gets which address (the
// client's preferences) is decided before, when the message is made; the router only carries it.
import type { Delivered, Message, NotificationChannel } from './notifier';

export type AddressKind = 'email' | 'telegram' | 'phone';

export const TELEGRAM_PREFIX = 'tg:';

export function addressKind(recipient: string): AddressKind {
  if (recipient.startsWith(TELEGRAM_PREFIX)) return 'telegram';
  return recipient.includes('@') ? 'email' : 'phone';
}

/** The channel of each kind of address; a kind with no channel of its own goes to the fallback (the log). */
export class RecipientRouter implements NotificationChannel {
  readonly name = 'router';
  constructor(
    private readonly channels: Partial<Record<AddressKind, NotificationChannel>>,
    private readonly fallback: NotificationChannel,
  ) {}

  private pick(message: Message): NotificationChannel {
    return this.channels[addressKind(message.recipient)] ?? this.fallback;
  }

  nameFor(message: Message): string {
    return this.pick(message).name;
  }

  async deliver(message: Message): Promise<string | Delivered> {
    const channel = this.pick(message);
    return (await channel.deliver(message)) || channel.name;
  }
}
