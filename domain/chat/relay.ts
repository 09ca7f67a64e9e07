// Carries the staff side of a channel's conversation out to that channel: each agent answer and
// each system line (the greeting, the close) of a Telegram conversation goes to the user's chat,
// of an e-mail conversation to the client's address (its subject and thread from mailChat.ts).
// The message is marked in the statement that stores it (repository.ts insertMessage), so nothing
// committed is forgotten; a pass sends the marked ones oldest first through the notifier's keyed
// delivery (notifications/notifier.ts sendOnce, key chat-message:<message id>: the attempts are
// logged, a message delivered is never sent again, Telegram's 429 and 5xx are retried by the next
// pass, a refusal no retry changes (403 blocked, 400) ends it). Each message is locked while it
// is sent (SKIP LOCKED), so two app replicas never carry the same one at once.
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { sendOnce, type Message, type NotificationChannel } from '../notifications/notifier';
import { DomainError } from '../shared/errors';
import { claimRelay, messagesToRelay, relayDone } from './repository';
import type { ChatChannel } from './views';

/**
 * Attempts of one message before it is given up: a failed message is tried again 2 s later
 * (relayLoop.ts; more often while messages come in), so 450 ride out about 15 minutes of
 * Telegram down, as the notifier's 20 attempts with Temporal's backoff do.
 */
const MAX_ATTEMPTS = 450;

/** The message to carry as its channel writes it (e-mail: the address, subject and thread); within the pass's transaction. */
export type Dress = (trx: Database, m: RelayMessage, message: Message) => Promise<Message>;
type RelayMessage = NonNullable<Awaited<ReturnType<typeof claimRelay>>>;

/** One pass: how many messages were settled (delivered, or given up), and how many conversations wait behind one that failed (retried by the next pass). */
export async function relayChannelMessages(
  db: Database,
  channel: Exclude<ChatChannel, 'WIDGET'>,
  out: NotificationChannel,
  dress: Dress = async (_trx, _m, message) => message,
  limit = 50,
): Promise<{ settled: number; held: number }> {
  let settled = 0;
  // A conversation whose message failed keeps its order: its later messages wait for the next pass.
  const held = new Set<string>();
  for (const { id, conversationId } of await messagesToRelay(db, channel, limit)) {
    if (held.has(conversationId)) continue;
    const done = await db.transaction().execute(async (trx) => {
      const m = await claimRelay(trx, id);
      if (!m) return false; // carried by another pass meanwhile
      try {
        // The visitor's key is the channel's address (Telegram: "tg:<chat id>", as notifications write it).
        const message = { key: `chat-message:${m.id}`, incidentId: null, recipient: m.visitorKey, template: 'chat-message', subject: '', body: m.body };
        await sendOnce(db, out, await dress(trx, m, message), MAX_ATTEMPTS);
      } catch (error) {
        if (!(error instanceof DomainError)) {
          log.warn('chat message not relayed; retried next pass', { messageId: m.id, error: String((error as Error)?.message ?? error) });
          return false;
        }
        log.warn('chat message undeliverable', { messageId: m.id, error: error.message });
      }
      await relayDone(trx, m.id);
      return true;
    });
    if (done) settled++;
    else held.add(conversationId);
  }
  return { settled, held: held.size };
}
