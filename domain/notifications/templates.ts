// Notification texts in Russian and English; the recipient's language picks one. Each text is
// a template with {placeholders}; admins may replace the built-in texts (templateStore.ts),
// and an override may use only the placeholders its template knows.
import type { Lang } from '../shared/languages';

export { LANGS, type Lang } from '../shared/languages';
export const TEMPLATE_NAMES = [
  'status',
  'assigned',
  'closed',
  'sla-warning',
  'sla-breach',
  'digest',
  'sla-summary',
  'comment',
  'withdrawn',
  'survey-low',
  'chat-escalated',
  'merged',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface TemplateText {
  subject: string;
  body: string;
}

const STATUS: Record<Lang, Record<string, string>> = {
  ru: {
    NEW: 'зарегистрирован',
    ASSIGNED: 'назначен исполнителю',
    IN_PROGRESS: 'в работе',
    WAITING_FOR_CLIENT: 'ожидает вашего ответа',
    RESOLVED: 'решён',
    CLOSED: 'закрыт',
    CANCELLED: 'отменён',
  },
  en: {
    NEW: 'registered',
    ASSIGNED: 'assigned to an agent',
    IN_PROGRESS: 'in progress',
    WAITING_FOR_CLIENT: 'waiting for your reply',
    RESOLVED: 'resolved',
    CLOSED: 'closed',
    CANCELLED: 'cancelled',
  },
};
const CLOCK: Record<Lang, Record<string, string>> = {
  ru: { response: 'реакция', resolution: 'решение' },
  en: { response: 'response', resolution: 'resolution' },
};

export interface TemplateVars {
  ref: string;
  title: string;
  status?: string;
  clock?: string;
  /** Digest lines, one per incident. */
  lines?: string[];
  date?: string;
  department?: string;
  open?: number;
  atRisk?: number;
  breached?: number;
  /** A staff member's public comment, mailed to the client. */
  comment?: string;
  /** Why staff closed a request before an incident was made. */
  reason?: string;
  /** The client's satisfaction links, one per score (closed), or the score and comment they gave (survey-low). */
  surveyLinks?: Record<number, string>;
  score?: number;
  /** The reference of the request a duplicate was merged into (merged). */
  into?: string;
}

const SCORES: Record<Lang, Record<number, string>> = {
  ru: { 5: 'отлично', 4: 'хорошо', 3: 'нормально', 2: 'плохо', 1: 'очень плохо' },
  en: { 5: 'excellent', 4: 'good', 3: 'fair', 2: 'poor', 1: 'very poor' },
};
const SURVEY_INTRO: Record<Lang, string> = {
  ru: 'Оцените, пожалуйста, нашу работу — одно нажатие:',
  en: 'Please rate our work — one click:',
};

/** The placeholders each template may use, with what they stand for (shown to admins). */
export const PLACEHOLDERS: Record<TemplateName, readonly string[]> = {
  status: ['ref', 'title', 'status'],
  assigned: ['ref', 'title'],
  closed: ['ref', 'title', 'survey'],
  'sla-warning': ['ref', 'title', 'clock'],
  'sla-breach': ['ref', 'title', 'clock'],
  digest: ['date', 'count', 'lines'],
  'sla-summary': ['department', 'date', 'open', 'atRisk', 'breached', 'breaches'],
  comment: ['ref', 'title', 'comment'],
  withdrawn: ['ref', 'title', 'reason'],
  'survey-low': ['ref', 'title', 'score', 'comment'],
  'chat-escalated': ['ref', 'title'],
  merged: ['ref', 'title', 'into'],
};

export const DEFAULTS: Record<Lang, Record<TemplateName, TemplateText>> = {
  ru: {
    status: { subject: 'Обращение {ref}: {status}', body: 'Статус обращения «{title}» — {status}.' },
    assigned: { subject: 'Вам назначен инцидент {ref}', body: 'Вам назначен инцидент «{title}».' },
    closed: { subject: 'Обращение {ref} закрыто', body: 'Обращение «{title}» выполнено и закрыто.{survey}' },
    'sla-warning': { subject: 'SLA под угрозой: {ref}', body: 'По инциденту «{title}» израсходовано 75 % срока ({clock}).' },
    'sla-breach': { subject: 'Нарушен SLA: {ref}', body: 'По инциденту «{title}» истёк срок ({clock}).' },
    digest: { subject: 'Ваши открытые инциденты на {date}: {count}', body: 'Доброе утро! У вас в работе:\n{lines}' },
    'sla-summary': { subject: 'SLA отдела «{department}» на {date}', body: 'Открыто: {open}. Под угрозой: {atRisk}. Нарушено: {breached}.{breaches}' },
    comment: { subject: 'Обращение {ref}: ответ', body: '{comment}\n\n— по обращению «{title}». Ответьте на это письмо, чтобы продолжить переписку.' },
    'survey-low': { subject: 'Низкая оценка клиента ({score} из 5): {ref}', body: 'Клиент оценил обращение «{title}» на {score} из 5.\n{comment}' },
    withdrawn: { subject: 'Обращение {ref} закрыто без выполнения', body: 'Обращение «{title}» закрыто без выполнения. Причина: {reason}' },
    'chat-escalated': { subject: 'Чат {ref} ждёт оператора', body: 'Посетитель «{title}» ждёт в чате, и никто из операторов его не принял.' },
    merged: {
      subject: 'Обращение {ref} объединено с #{into}',
      body: 'Обращение «{title}» совпало с обращением #{into} и объединено с ним. Работа идёт по #{into}: о ней мы сообщим по этому номеру.',
    },
  },
  en: {
    status: { subject: 'Request {ref}: {status}', body: 'Your request "{title}" is {status}.' },
    assigned: { subject: 'Incident {ref} is assigned to you', body: 'The incident "{title}" is assigned to you.' },
    closed: { subject: 'Request {ref} is closed', body: 'The request "{title}" is done and closed.{survey}' },
    'sla-warning': { subject: 'SLA at risk: {ref}', body: 'Incident "{title}" has used 75 % of its {clock} time.' },
    'sla-breach': { subject: 'SLA breached: {ref}', body: 'Incident "{title}" is past its {clock} target.' },
    digest: { subject: 'Your open incidents on {date}: {count}', body: 'Good morning! You hold:\n{lines}' },
    'sla-summary': { subject: 'SLA of {department} on {date}', body: 'Open: {open}. At risk: {atRisk}. Breached: {breached}.{breaches}' },
    comment: { subject: 'Request {ref}: a reply', body: '{comment}\n\n— about your request "{title}". Reply to this e-mail to continue.' },
    'survey-low': { subject: 'Low client score ({score} of 5): {ref}', body: 'The client rated the request "{title}" {score} of 5.\n{comment}' },
    withdrawn: {
      subject: 'Request {ref} is closed without being carried out',
      body: 'The request "{title}" is closed without being carried out. Reason: {reason}',
    },
    'chat-escalated': { subject: 'Chat {ref} is waiting for an agent', body: 'The visitor "{title}" is waiting in the chat and no agent has accepted it.' },
    merged: {
      subject: 'Request {ref} is merged into #{into}',
      body: 'The request "{title}" is the same as request #{into} and is merged into it. The work goes on under #{into}; you will hear of it under that number.',
    },
  },
};

export const langOf = (lang: string | null | undefined): Lang => (lang === 'en' ? 'en' : 'ru');

const list = (lines: string[] | undefined) => (lines ?? []).map((l) => `• ${l}`).join('\n');

/** The values of every placeholder, in the recipient's language. */
export function placeholderValues(lang: Lang, v: TemplateVars): Record<string, string> {
  return {
    ref: v.ref,
    title: v.title,
    status: STATUS[lang][v.status ?? ''] ?? v.status ?? '',
    clock: CLOCK[lang][v.clock ?? ''] ?? v.clock ?? '',
    date: v.date ?? '',
    count: String(v.lines?.length ?? 0),
    lines: list(v.lines),
    department: v.department ?? '',
    open: String(v.open ?? 0),
    atRisk: String(v.atRisk ?? 0),
    breached: String(v.breached ?? 0),
    comment: v.comment ?? '',
    reason: v.reason ?? '',
    into: v.into ?? '',
    score: v.score === undefined ? '' : String(v.score),
    survey: v.surveyLinks ? `\n\n${SURVEY_INTRO[lang]}\n${[5, 4, 3, 2, 1].map((n) => `${n} — ${SCORES[lang][n]}: ${v.surveyLinks![n]}`).join('\n')}` : '',
    breaches: v.lines?.length ? `\n${lang === 'ru' ? 'Нарушения' : 'Breaches'}:\n${list(v.lines)}` : '',
  };
}

/** Replaces {name} with its value; names that are not placeholders stay as written. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** The {names} a text uses that its template does not know. */
export function unknownPlaceholders(name: TemplateName, text: string): string[] {
  const known = PLACEHOLDERS[name];
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].filter((p) => !known.includes(p));
}

/** The built-in text, filled in. */
export function render(name: TemplateName, lang: string | null | undefined, vars: TemplateVars, text?: TemplateText): TemplateText {
  const l = langOf(lang);
  const t = text ?? DEFAULTS[l][name];
  const values = placeholderValues(l, vars);
  return { subject: fill(t.subject, values), body: fill(t.body, values) };
}
