// Notification texts in Russian and English; the recipient's language picks one.
export type Lang = 'ru' | 'en';
export type TemplateName = 'status' | 'assigned' | 'closed' | 'sla-warning' | 'sla-breach' | 'digest' | 'sla-summary';

const STATUS: Record<Lang, Record<string, string>> = {
  ru: {
    NEW: 'зарегистрирован',
    ASSIGNED: 'назначен исполнителю',
    IN_PROGRESS: 'в работе',
    WAITING_FOR_CLIENT: 'ожидает вашего ответа',
    RESOLVED: 'решён',
    CLOSED: 'закрыт',
  },
  en: {
    NEW: 'registered',
    ASSIGNED: 'assigned to an agent',
    IN_PROGRESS: 'in progress',
    WAITING_FOR_CLIENT: 'waiting for your reply',
    RESOLVED: 'resolved',
    CLOSED: 'closed',
  },
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
}

const list = (lines: string[] | undefined) => (lines ?? []).map((l) => `• ${l}`).join('\n');

const TEXTS: Record<Lang, Record<TemplateName, (v: TemplateVars) => { subject: string; body: string }>> = {
  ru: {
    status: (v) => ({
      subject: `Обращение ${v.ref}: ${STATUS.ru[v.status ?? ''] ?? v.status}`,
      body: `Статус обращения «${v.title}» — ${STATUS.ru[v.status ?? ''] ?? v.status}.`,
    }),
    assigned: (v) => ({ subject: `Вам назначен инцидент ${v.ref}`, body: `Вам назначен инцидент «${v.title}».` }),
    closed: (v) => ({ subject: `Обращение ${v.ref} закрыто`, body: `Обращение «${v.title}» выполнено и закрыто.` }),
    'sla-warning': (v) => ({
      subject: `SLA под угрозой: ${v.ref}`,
      body: `По инциденту «${v.title}» израсходовано 75 % срока (${v.clock === 'response' ? 'реакция' : 'решение'}).`,
    }),
    'sla-breach': (v) => ({
      subject: `Нарушен SLA: ${v.ref}`,
      body: `По инциденту «${v.title}» истёк срок (${v.clock === 'response' ? 'реакция' : 'решение'}).`,
    }),
    digest: (v) => ({ subject: `Ваши открытые инциденты на ${v.date}: ${v.lines?.length ?? 0}`, body: `Доброе утро! У вас в работе:\n${list(v.lines)}` }),
    'sla-summary': (v) => ({
      subject: `SLA отдела «${v.department}» на ${v.date}`,
      body: `Открыто: ${v.open}. Под угрозой: ${v.atRisk}. Нарушено: ${v.breached}.${v.lines?.length ? `\nНарушения:\n${list(v.lines)}` : ''}`,
    }),
  },
  en: {
    status: (v) => ({
      subject: `Request ${v.ref}: ${STATUS.en[v.status ?? ''] ?? v.status}`,
      body: `Your request "${v.title}" is ${STATUS.en[v.status ?? ''] ?? v.status}.`,
    }),
    assigned: (v) => ({ subject: `Incident ${v.ref} is assigned to you`, body: `The incident "${v.title}" is assigned to you.` }),
    closed: (v) => ({ subject: `Request ${v.ref} is closed`, body: `The request "${v.title}" is done and closed.` }),
    'sla-warning': (v) => ({ subject: `SLA at risk: ${v.ref}`, body: `Incident "${v.title}" has used 75 % of its ${v.clock} time.` }),
    'sla-breach': (v) => ({ subject: `SLA breached: ${v.ref}`, body: `Incident "${v.title}" is past its ${v.clock} target.` }),
    digest: (v) => ({ subject: `Your open incidents on ${v.date}: ${v.lines?.length ?? 0}`, body: `Good morning! You hold:\n${list(v.lines)}` }),
    'sla-summary': (v) => ({
      subject: `SLA of ${v.department} on ${v.date}`,
      body: `Open: ${v.open}. At risk: ${v.atRisk}. Breached: ${v.breached}.${v.lines?.length ? `\nBreaches:\n${list(v.lines)}` : ''}`,
    }),
  },
};

export function render(name: TemplateName, lang: string | null | undefined, vars: TemplateVars): { subject: string; body: string } {
  const l: Lang = lang === 'en' ? 'en' : 'ru';
  return TEXTS[l][name](vars);
}
