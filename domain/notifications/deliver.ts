// Sends a message to a person: their address chosen now by their preferences (preferences.ts),
// then delivered once under its key (notifier.ts). Every sender of messages to people uses it.
// A message about a request joins its mail conversation (threads.ts): it carries the thread's
// headers, and an e-mail's key is remembered so that the client's answer finds the request.
import type { Database } from '../../infra/db';
import { sendOnce, type Message, type NotificationChannel } from './notifier';
import { chooseAddress, type Recipient } from './preferences';
import { addressKind } from './router';
import { rememberSent, threadHeaders } from './threads';

/** Whether it was delivered now (false: no contact, or delivered before). */
export async function sendTo(
  db: Database,
  channel: NotificationChannel,
  to: Recipient,
  message: Omit<Message, 'recipient' | 'silent' | 'notBefore' | 'thread'>,
  requestId?: string,
): Promise<boolean> {
  // The address is chosen at each attempt: a retry after the client linked Telegram uses it.
  const choice = chooseAddress(to.contacts, to.prefs, new Date());
  if (!choice) return false;
  const thread = requestId ? await threadHeaders(db, requestId) : undefined;
  const delivered = await sendOnce(db, channel, { ...message, thread, recipient: choice.address, silent: choice.silent, notBefore: choice.deferUntil });
  if (requestId && addressKind(choice.address) === 'email') await rememberSent(db, message.key, requestId);
  return delivered;
}
