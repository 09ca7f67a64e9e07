// Sends a message to a person: whether this event notifies this kind of recipient at all and by
// which channel first (the notification rules, rules.ts: decided here and nowhere else), their
// address chosen now by their preferences (preferences.ts), then delivered once under its key
// (notifier.ts). Every sender of messages to people uses it.
// A message about a request joins its mail conversation (threads.ts): it carries the thread's
// headers, and an e-mail's key is remembered so that the client's answer finds the request.
import type { Database } from '../../infra/db';
import { sendOnce, type Message, type NotificationChannel } from './notifier';
import { chooseAddress, type Recipient } from './preferences';
import { addressKind } from './router';
import { rememberSent, threadHeaders } from './threads';
import { firstKind, ruleOf, type Rule, type RuleSubject } from './rules';
import { GLOBAL_SCOPE, rulesFor } from './ruleRepository';

/** The rule for a message: its department's, else the global one, else the default. */
export async function ruleFor(db: Database, about: RuleSubject): Promise<Rule> {
  const rows = await rulesFor(db, about.event, about.recipient, about.departmentId);
  const pick = (scope: string | null) => {
    const row = rows.find((r) => r.scope === scope);
    return row ? ({ enabled: row.enabled, channel: row.channel } as Rule) : undefined;
  };
  return ruleOf(pick(about.departmentId), pick(GLOBAL_SCOPE));
}

/** Whether it was delivered now (false: switched off by a rule, no contact, or delivered before). */
export async function sendTo(
  db: Database,
  channel: NotificationChannel,
  to: Recipient,
  message: Omit<Message, 'recipient' | 'silent' | 'notBefore' | 'thread'>,
  about: RuleSubject,
  requestId?: string,
): Promise<boolean> {
  const rule = await ruleFor(db, about);
  if (!rule.enabled) return false;
  // A channel the rule names goes first; the person's own order follows it (chooseAddress
  // still reaches them another way when they have no such contact).
  const first = firstKind(rule.channel);
  const prefs = first ? { ...to.prefs, channels: [first, ...to.prefs.channels.filter((c) => c !== first)] } : to.prefs;
  // The address is chosen at each attempt: a retry after the client linked Telegram uses it.
  const choice = chooseAddress(to.contacts, prefs, new Date());
  if (!choice) return false;
  const thread = requestId ? await threadHeaders(db, requestId) : undefined;
  const delivered = await sendOnce(db, channel, { ...message, thread, recipient: choice.address, silent: choice.silent, notBefore: choice.deferUntil });
  if (requestId && addressKind(choice.address) === 'email') await rememberSent(db, message.key, requestId);
  return delivered;
}
