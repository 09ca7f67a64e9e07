// The bot's way into the desk's live chat (domain/chat, docs/chat.md "Channels"): /operator, or
// the reply keyboard's button "Chat with an operator" / "Написать оператору", opens a
// conversation in the same inbox and distribution as the widget's (channel TELEGRAM, the visitor
// key "tg:<chat id>", which is also the address the agent's answers are sent to: chat/relay.ts).
// While it is open, the user's text messages go into it, each under "tg-<message id>" (an update
// Telegram delivers twice is stored once); a message written while a conversation was open but
// delivered after its close is stored nowhere and the user is told. Anything else goes on to the
// bot's request intake as before. A linked chat's client counts as identified.
import type { Bot, Context } from 'grammy';
import type { ChatService } from '../chat/conversations';
import type { Visitor } from '../chat/visitors';
import { DomainError } from '../shared/errors';
import { texts, type Lang } from './texts';

export type LiveChat = Pick<ChatService, 'startFromChannel' | 'channelMessage' | 'limits'>;
type StateOf = (ctx: Context) => Promise<{ clientId: string | null; lang: Lang }>;

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
      const { created } = await chat.startFromChannel(visitorOf(ctx, clientId), 'TELEGRAM', lang);
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

/** The message into the user's conversation: true when the live chat took it (stored, refused or late), false when it is not the chat's. */
export async function toConversation(ctx: Context, chat: LiveChat, clientId: string | null, lang: Lang, text: string): Promise<boolean> {
  const t = texts(lang);
  const message = ctx.message!;
  try {
    const outcome = await chat.channelMessage(visitorOf(ctx, clientId), `tg-${message.message_id}`, text, new Date(message.date * 1000));
    if (outcome === 'closed') await ctx.reply(t.chatClosedLate);
    return outcome !== 'none';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const answers: Record<number, string | undefined> = {
      413: t.chatTooLong(chat.limits.maxChars),
      429: t.chatFlood,
      409: t.chatClosedLate,
      400: t.chatTextOnly,
    };
    const answer = answers[error.status];
    if (!answer) throw error;
    await ctx.reply(answer);
    return true;
  }
}
