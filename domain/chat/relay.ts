// Carries the staff side of a channel's conversation out to that channel: each agent answer and
// each system line (the greeting, the close) of a Telegram conversation goes to the user's chat.
// The message is marked in the statement that stores it (repository.ts insertMessage), so nothing
// committed is forgotten; a pass sends the marked ones oldest first through the notifier's keyed
// delivery (notifications/notifier.ts sendOnce, key chat-message:<message id>: the attempts are
// logged, a message delivered is never sent again, Telegram's 429 and 5xx are retried by the next
// pass, a refusal no retry changes (403 blocked, 400) ends it). Each message is locked while it
// is sent (SKIP LOCKED), so two app replicas never carry the same one at once.
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { sendOnce, type NotificationChannel } from '../notifications/notifier';
import { DomainError } from '../shared/errors';
import { claimRelay, messagesToRelay, relayDone } from './repository';
import type { ChatChannel } from './views';

/**
 * Attempts of one message before it is given up: a pass every 2 s (more often while messages
 * come in) makes 450 ride out about 15 minutes of Telegram down, as the notifier's 20 attempts
 * with Temporal's backoff do.
 */
const MAX_ATTEMPTS = 450;

/** One pass: how many messages were settled (delivered, or given up); a failure waits for the next pass. */
export async function relayChannelMessages(db: Database, channel: Exclude<ChatChannel, 'WIDGET'>, out: NotificationChannel, limit = 50): Promise<number> {
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
        await sendOnce(
          db,
          out,
          { key: `chat-message:${m.id}`, incidentId: null, recipient: m.visitorKey, template: 'chat-message', subject: '', body: m.body },
          MAX_ATTEMPTS,
        );
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
  return settled;
}
