// The live chat's e-mail channel in the main worker (domain/chat/mailChat.ts), beside the mail
// intake that reads its mailbox: the chat service to open and continue conversations, and the
// relay that carries the agents' answers out over SMTP (chat/relay.ts, once per message key),
// run when the worker hears a chat message stored on chat_changes (its own LISTEN connection,
// infra/pgListener.ts) and by a safety pass every 30 s (chat/relayLoop.ts). The worker, not the
// app: it already reads the mailboxes, and one process relays (the relay's row lock keeps a
// second worker from sending a message twice anyway).
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { smtpChannelOf } from '../domain/adapters/smtp';
import { ChatService } from '../domain/chat/conversations';
import { MailChat, mailDress } from '../domain/chat/mailChat';
import { relayChannelMessages } from '../domain/chat/relay';
import { RelayLoop } from '../domain/chat/relayLoop';
import { PgListener } from '../infra/pgListener';
import type { Normaliser } from '../domain/intake/message';
import type { ChatMailbox } from '../domain/intake/mailboxReader';
import { RequestJournal } from '../domain/requests/journal';
import { TemporalChatDistribution } from '../workflows/chatClient';
import { intakeServices } from './channelIntake';

/** The chat mailbox for the reader and the relay's stop, or null when CHAT_EMAIL_ADDRESS is empty. */
export function mailChatOf(config: Config, client: Client, db: Database, normalise: Normaliser): { box: ChatMailbox; stop: () => void } | null {
  const address = config.CHAT_EMAIL_ADDRESS;
  if (!address) return null;
  const smtp = smtpChannelOf(config);
  if (!smtp) throw new Error('CHAT_EMAIL_ADDRESS needs SMTP_HOST: the answers go out by mail');
  const { requests } = intakeServices(config, client, db);
  const journal = new RequestJournal(db);
  const chat = new ChatService(
    db,
    { maxChars: config.CHAT_MESSAGE_MAX_CHARS, floodPerMinute: config.CHAT_FLOOD_PER_MINUTE },
    { seen: (actor, requestId) => journal.get(actor, requestId), file: (actor, body, key) => requests.file(actor, body, key) },
    new TemporalChatDistribution(client, config.TEMPORAL_TASK_QUEUE),
  );
  const mail = new MailChat(db, chat, normalise, address);
  const dress = mailDress(address);
  const relay = new RelayLoop(() => relayChannelMessages(db, 'EMAIL', smtp, dress), 'e-mail chat relay');
  // Every stored chat message kicks it (an answer of another channel makes one small query); a
  // reconnection kicks it too, for what was stored while the connection was down.
  const onMessage = (payload: string) => {
    if (payload.includes(' message:')) relay.kick();
  };
  const heard = new PgListener(config.DATABASE_URL, { chat_changes: onMessage }, 'e-mail chat relay', () => relay.kick());
  void heard.start();
  relay.start();
  log.info('e-mail chat on', { address });
  return {
    box: { address, password: config.IMAP_PASSWORD, take: (raw, fallbackId) => mail.take(raw, fallbackId) },
    stop: () => {
      relay.stop();
      void heard.stop();
    },
  };
}
