// Sends a message to a person: their address chosen now by their preferences (preferences.ts),
// then delivered once under its key (notifier.ts). Every sender of messages to people uses it.
import type { Database } from '../../infra/db';
import { sendOnce, type Message, type NotificationChannel } from './notifier';
import { chooseAddress, type Recipient } from './preferences';

/** Whether it was delivered now (false: no contact, or delivered before), and to which address. */
export async function sendTo(
  db: Database,
  channel: NotificationChannel,
  to: Recipient,
  message: Omit<Message, 'recipient' | 'silent' | 'notBefore'>,
): Promise<{ delivered: boolean; address: string | null }> {
  // The address is chosen at each attempt: a retry after the client linked Telegram uses it.
  const choice = chooseAddress(to.contacts, to.prefs, new Date());
  if (!choice) return { delivered: false, address: null };
  const delivered = await sendOnce(db, channel, { ...message, recipient: choice.address, silent: choice.silent, notBefore: choice.deferUntil });
  return { delivered, address: choice.address };
}
