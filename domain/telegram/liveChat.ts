// The bot's way into the desk's live chat (domain/chat, docs/chat.md "Channels"): /operator, or
// the reply keyboard's button "Chat with an operator" / "Написать оператору", opens a
// conversation in the same inbox and distribution as the widget's (channel TELEGRAM, the visitor
// key "tg:<chat id>", which is also the address the agent's answers are sent to: chat/relay.ts).
// While it is open, the user's text messages go into it, each under "tg-<message id>" (an update
// Telegram delivers twice is stored once); a message written while a conversation was open but
// delivered after its close is stored nowhere and the user is told. Anything else goes on to the
// bot's request intake as before. A linked chat's client counts as identified. A photo or a
// document sent meanwhile becomes a chat file (chat/files.ts: the same types and size limit as
// the widget's files), fetched with getFile; one over the limit or of another type is answered
// with the reason and stored nowhere.
import type { Bot, Context } from 'grammy';
import type { Readable } from 'node:stream';
import type { Message } from 'grammy/types';
import type { ChannelOutcome, ChatService } from '../chat/conversations';
import type { ChatFiles } from '../chat/files';
import type { Visitor } from '../chat/visitors';
import { DomainError } from '../shared/errors';
import { texts, type Lang } from './texts';

export interface LiveChat {
  service: Pick<ChatService, 'startFromChannel' | 'channelMessage' | 'limits'>;
  files: Pick<ChatFiles, 'channelFile' | 'maxBytes'>;
}
/** The bytes of a Telegram file (getFile, then its file URL). */
export type Download = (fileId: string) => Promise<Readable>;
type StateOf = (ctx: Context) => Promise<{ clientId: string | null; lang: Lang }>;

const MIB = 1024 * 1024;

export const chatVisitorKey = (chatId: number | string) => `tg:${chatId}`;

function visitorOf(ctx: Context, clientId: string | null): Visitor {
  const from = ctx.from;
  const name = [from?.first_name, from?.last_name].filter(Boolean).join(' ') || (from?.username ? `@${from.username}` : `Telegram ${ctx.chat!.id}`);
  return { key: chatVisitorKey(ctx.chat!.id), name: name.slice(0, 100), identified: clientId !== null };
}

/** The button under the message field that opens a conversation (it sends its own text). */
export const operatorKeyboard = (lang: Lang) => ({ keyboard: [[{ text: texts(lang).operatorButton }]], resize_keyboard: true });

/** /operator and the button: a conversation opened, or the open one named again. */
export function registerLiveChat(bot: Bot, chat: LiveChat, stateOf: StateOf): void {
  const open = async (ctx: Context) => {
    const { clientId, lang } = await stateOf(ctx);
    try {
      const { created } = await chat.service.startFromChannel(visitorOf(ctx, clientId), 'TELEGRAM', lang);
      await ctx.reply(created ? texts(lang).operatorWaiting : texts(lang).operatorAlready);
    } catch (error) {
      // 409: no chat department set yet (the admins' chat settings).
      if (error instanceof DomainError && error.status === 409) return void (await ctx.reply(texts(lang).chatUnavailable));
      throw error;
    }
  };
  bot.command('operator', open);
  bot.hears([texts('en').operatorButton, texts('ru').operatorButton], open);
}

/**
 * Tells the user what became of their message: true when the live chat took it (stored, refused
 * or late), false when it is not the chat's. A refusal the chat knows (its status in `answers`)
 * is answered in words; any other error is thrown, so that Telegram delivers the update again.
 */
async function delivered(ctx: Context, lang: Lang, store: () => Promise<ChannelOutcome>, answers: Record<number, string | undefined>): Promise<boolean> {
  try {
    const outcome = await store();
    if (outcome === 'closed') await ctx.reply(texts(lang).chatClosedLate);
    return outcome !== 'none';
  } catch (error) {
    const answer = error instanceof DomainError ? answers[error.status] : undefined;
    if (!answer) throw error;
    await ctx.reply(answer);
    return true;
  }
}

/** The message into the user's conversation: true when the live chat took it (stored, refused or late), false when it is not the chat's. */
export async function toConversation(ctx: Context, chat: LiveChat, clientId: string | null, lang: Lang, text: string): Promise<boolean> {
  const t = texts(lang);
  const message = ctx.message!;
  return delivered(ctx, lang, () => chat.service.channelMessage(visitorOf(ctx, clientId), `tg-${message.message_id}`, text, new Date(message.date * 1000)), {
    413: t.chatTooLong(chat.service.limits.maxChars),
    429: t.chatFlood,
    409: t.chatClosedLate,
    400: t.chatTextOnly,
  });
}

/** The file a message carries, as Telegram describes it: the largest size of a photo (always JPEG), or a document. */
function fileOf(message: Message): { fileId: string; fileName: string; contentType: string; size: number } | null {
  const photo = message.photo?.at(-1);
  if (photo) return { fileId: photo.file_id, fileName: `photo-${message.message_id}.jpg`, contentType: 'image/jpeg', size: photo.file_size ?? 0 };
  const doc = message.document;
  if (!doc) return null;
  return {
    fileId: doc.file_id,
    fileName: doc.file_name ?? `file-${message.message_id}`,
    contentType: doc.mime_type ?? 'application/octet-stream',
    size: doc.file_size ?? 0,
  };
}

/** A photo or document into the user's conversation as a chat file: true when the live chat took it (stored, refused or late). */
export async function fileToConversation(ctx: Context, chat: LiveChat, clientId: string | null, lang: Lang, download: Download): Promise<boolean> {
  const t = texts(lang);
  const message = ctx.message!;
  const file = fileOf(message);
  if (!file) return false;
  // Its own client id: a caption goes in as a text message under "tg-<message id>".
  const store = () =>
    chat.files.channelFile(visitorOf(ctx, clientId), `tg-${message.message_id}-file`, new Date(message.date * 1000), {
      ...file,
      open: () => download(file.fileId),
    });
  return delivered(ctx, lang, store, {
    413: t.chatFileTooLarge(Math.floor(chat.files.maxBytes / MIB)),
    415: t.chatFileType,
    400: t.chatFileType,
    429: t.chatFlood,
    409: t.chatClosedLate,
  });
}
