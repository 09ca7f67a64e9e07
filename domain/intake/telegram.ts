// The Telegram channel's normaliser: the stored envelope (the Bot API's Update as received, and
// the photo the bot downloaded with getFile, since a file_id is only good for the bot that got
// it) to the intake's NormalizedMessage. The sender is the chat (a private chat's id is the
// user's); a reply to one of the bot's messages names its request by the number in that
// message's text (every message the desk sends about a request carries it).
import { requestNumberIn } from '../shared/requestNumber';
import { MalformedMessage, type NormalizedMessage } from './message';

/** What the bot stores for one update (domain/telegram). */
export interface TelegramEnvelope {
  update: {
    update_id: number;
    message?: {
      message_id: number;
      chat: { id: number };
      from?: { id: number; is_bot?: boolean; username?: string };
      text?: string;
      caption?: string;
      reply_to_message?: { message_id: number; text?: string };
    };
  };
  file?: { fileName: string; contentType: string; base64: string };
}

/** The chat's conversation key of one message: tg:<chat>:<message id>. */
export const telegramThreadKey = (chatId: number | string, messageId: number) => `tg:${chatId}:${messageId}`;

export async function telegramNormaliser(raw: Buffer): Promise<NormalizedMessage> {
  let envelope: TelegramEnvelope;
  try {
    envelope = JSON.parse(raw.toString('utf8')) as TelegramEnvelope;
  } catch {
    throw new MalformedMessage('not a Telegram update (no JSON)');
  }
  const message = envelope.update?.message;
  if (!message?.chat || typeof message.message_id !== 'number') throw new MalformedMessage('a Telegram update without a message');
  const chatId = String(message.chat.id);
  const replied = message.reply_to_message;
  return {
    sender: { telegramId: chatId },
    senderLabel: `tg:${chatId}${message.from?.username ? ` (@${message.from.username})` : ''}`.slice(0, 320),
    subject: '',
    text: (message.text ?? message.caption ?? '').trim(),
    files: envelope.file
      ? [{ fileName: envelope.file.fileName, contentType: envelope.file.contentType, content: Buffer.from(envelope.file.base64, 'base64') }]
      : [],
    threadKey: telegramThreadKey(chatId, message.message_id),
    replyTo: replied ? [telegramThreadKey(chatId, replied.message_id)] : [],
    requestNumber: replied?.text ? requestNumberIn(replied.text) : null,
    ignore: message.from?.is_bot ? 'sent by a bot' : null,
  };
}
