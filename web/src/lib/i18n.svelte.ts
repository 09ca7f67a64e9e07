// The UI language: from the browser at first, then the user's choice (kept in localStorage).
// Texts live in messages/<lang>.json; a key missing from ru.json fails svelte-check here and
// the unit test tests/unit/messages.test.ts.
import en from './messages/en.json';
import ru from './messages/ru.json';
import { LANGS, type Lang } from '../../../domain/shared/languages';

export type MessageKey = keyof typeof en;

export { LANGS, type Lang };
const dictionaries: Record<Lang, Record<MessageKey, string>> = { ru, en };
const STORAGE_KEY = 'incident-desk.lang';

function initialLang(): Lang {
  if (typeof window === 'undefined') return 'ru';
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'ru' || stored === 'en') return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ru' || base === 'en') return base;
  }
  return 'ru';
}

export const locale = $state<{ lang: Lang }>({ lang: initialLang() });

export function setLang(lang: Lang): void {
  locale.lang = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = dictionaries[locale.lang][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(locale.lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}
