// What the desk itself says into a channel's conversation, in the conversation's language: a
// Telegram user sees no status line as the widget shows one, so the close is told in words.
import type { Lang } from '../shared/languages';

const CLOSED: Record<Lang, string> = {
  en: 'The operator has closed this conversation. Thank you for contacting us.',
  ru: 'Оператор завершил разговор. Спасибо за обращение.',
};

export const closedNotice = (lang: string): string => CLOSED[lang === 'en' ? 'en' : 'ru'];

/** The note at the end of an e-mail cut at the chat's message limit. */
export const mailCutNote = (lang: string, maxChars: number): string =>
  lang === 'en' ? `\n[The mail was cut at ${maxChars} characters, the chat's limit.]` : `\n[Письмо обрезано до ${maxChars} символов — предела сообщения чата.]`;
