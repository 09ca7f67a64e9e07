// The e-mail channel of the live chat (docs/chat.md "Channels: e-mail"): mail to the chat
// address (CHAT_EMAIL_ADDRESS) opens or continues a conversation in the same inbox and
// distribution as the widget's (channel EMAIL, the visitor key "mail:<address>", the name from
// From). A reply finds its conversation by In-Reply-To/References (ChatMailThread); a reply to
// a closed one opens a new one. A mail is stored once under its Message-ID; an over-long body is
// cut at the chat's limit with a note (a mail program cannot be told "too long" as a widget is,
// and a refusal by mail would be lost in the client's inbox). The agent's answers go back over
// SMTP through the relay (relay.ts), threaded under the client's last mail.
import { createHash } from 'node:crypto';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { MalformedMessage, type Normaliser } from '../intake/message';
import { messageIdOf } from '../notifications/threads';
import { DomainError } from '../shared/errors';
import type { ChatService } from './conversations';
import { mailCutNote } from './channelTexts';
import type { Dress } from './relay';
import { conversationOfMail, mailOfConversation, rememberMail, visitorMessageByClientId } from './repository';
import type { Visitor } from './visitors';

export type MailChatService = Pick<ChatService, 'startFromChannel' | 'visitorSend' | 'limits'>;
export type MailOutcome = 'stored' | 'again' | 'ignored' | 'refused';

const KEY_PREFIX = 'mail:';
export const mailVisitorKey = (address: string) => `${KEY_PREFIX}${address.toLowerCase()}`;

/** Cyrillic in the mail: a Russian conversation (its greeting and close), else English. */
const langOf = (text: string) => (/[а-яё]/i.test(text) ? 'ru' : 'en');

/** The text cut at the chat's limit, the note within it. */
export function fitted(text: string, maxChars: number, lang: string): string {
  if (text.length <= maxChars) return text;
  const note = mailCutNote(lang, maxChars);
  return text.slice(0, Math.max(0, maxChars - note.length)) + note;
}

export class MailChat {
  constructor(
    private readonly db: Database,
    private readonly chat: MailChatService,
    private readonly normalise: Normaliser,
    /** The chat address, also its IMAP login. */
    readonly address: string,
  ) {}

  /** One mail of the chat mailbox; `fallbackId` names it when it has no Message-ID. Throws when it is to be read again. */
  async take(raw: Buffer, fallbackId: string): Promise<MailOutcome> {
    let mail;
    try {
      mail = await this.normalise(raw);
    } catch (error) {
      if (!(error instanceof MalformedMessage)) throw error;
      log.warn('chat mail malformed; dropped', { fallbackId, error: error.message });
      return 'ignored';
    }
    // An auto-reply, a bounce or our own mail back: answering it would start a loop.
    if (mail.ignore) {
      log.info('chat mail ignored', { fallbackId, reason: mail.ignore });
      return 'ignored';
    }
    const sender = mail.sender.email!;
    // From can be forged: the conversation is never marked identified by it.
    const visitor: Visitor = { key: mailVisitorKey(sender), name: (mail.displayName || sender).slice(0, 100), identified: false };
    const messageId = mail.threadKey ?? `<${fallbackId}>`;
    const clientMessageId = `mail-${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}`;
    const known = await visitorMessageByClientId(this.db, visitor.key, clientMessageId);
    if (known) {
      await rememberMail(this.db, { messageId, conversationId: known.conversationId, inbound: true, subject: mail.subject });
      return 'again';
    }
    const text = (mail.text.trim() || mail.subject.trim() || '-').trim();
    const threaded = await conversationOfMail(this.db, mail.replyTo);
    const remember = (db: Database, conversationId: string) => rememberMail(db, { messageId, conversationId, inbound: true, subject: mail.subject });
    try {
      let conversation: { id: string; lang: string } | null = threaded && threaded.status !== 'CLOSED' && threaded.visitorKey === visitor.key ? threaded : null;
      if (!conversation) {
        // A new conversation opens with the mail's text and its Message-ID in one transaction: it is
        // never in the inbox without them, and the greeting's answer threads under the mail.
        const lang = langOf(`${mail.subject} ${text}`);
        const opening = { clientMessageId, body: fitted(text, this.chat.limits.maxChars, lang), also: remember };
        const started = await this.chat.startFromChannel(visitor, 'EMAIL', lang, opening);
        if (started.created) return 'stored';
        conversation = started.conversation; // the sender's conversation still open: continued below
      }
      // Remembered before the message is stored, so that an answer to it already threads under it.
      await remember(this.db, conversation.id);
      await this.chat.visitorSend(visitor, conversation.id, { clientMessageId, body: fitted(text, this.chat.limits.maxChars, conversation.lang) });
    } catch (error) {
      // 30 mails a minute from one sender is a loop, not a person: dropped, as the intake drops its over-rate mail.
      if (error instanceof DomainError && error.status === 429) {
        log.warn('chat mail over the flood limit; dropped', { messageId });
        return 'refused';
      }
      throw error;
    }
    return 'stored';
  }
}

const reSubject = (subject: string) => (/^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`.trim());

/**
 * How the relay writes an e-mail conversation's message: to the client's address, "Re: <first
 * subject>", In-Reply-To the client's last mail, References the first and newest nine of the
 * conversation's mail, Reply-To the chat address; our Message-ID (from the message's key, so a
 * retry repeats it) is remembered, so that the client's reply to it finds the conversation.
 */
export function mailDress(chatAddress: string): Dress {
  return async (trx, m, message) => {
    const mails = await mailOfConversation(trx, m.conversationId);
    const client = mails.filter((x) => x.inbound);
    const ids = mails.map((x) => x.messageId);
    const references = ids.length > 10 ? [ids[0]!, ...ids.slice(-9)] : ids;
    const last = client[client.length - 1];
    // The greeting is stored as the conversation opens, a moment before the client's mail is
    // remembered: it waits for the next pass (2 s) rather than go out with no subject nor thread.
    if (!last) throw new Error("the client's mail is not remembered yet");
    await rememberMail(trx, { messageId: messageIdOf(message.key), conversationId: m.conversationId, inbound: false });
    return {
      ...message,
      recipient: m.visitorKey.slice(KEY_PREFIX.length),
      subject: reSubject(client[0]?.subject ?? ''),
      thread: { inReplyTo: last.messageId, references },
      replyTo: chatAddress,
    };
  };
}
