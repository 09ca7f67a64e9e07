// Daily digests: each agent's open incidents every morning, and each supervisor's SLA summary
// of their department. Sent through the same notifier, keyed by person and local date, so a
// re-run of the same day sends nothing new.
import { type Database } from '../../infra/db';
import type { NotificationChannel } from './notifier';
import { sendOnce } from './notifier';
import type { TemplateName, TemplateVars } from './templates';
import { renderTemplate } from './templateStore';
import { activeStaffTimezones, activeStaffWithRole, employeeWithDepartment, openIncidentsOf, openIncidentsOfDepartments } from './digestRepository';

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Time zones of active staff: one digest schedule each. */
export async function staffTimezones(db: Database): Promise<string[]> {
  return (await activeStaffTimezones(db)).sort();
}

/** Who gets a digest in this time zone today, and which day "today" is there. */
export async function digestRecipients(
  db: Database,
  timezone: string,
  role: 'agent' | 'supervisor',
  now = new Date(),
): Promise<{ date: string; employeeIds: string[] }> {
  return { date: localDate(now, timezone), employeeIds: await activeStaffWithRole(db, timezone, role) };
}

export class Digests {
  constructor(
    private readonly db: Database,
    private readonly channel: NotificationChannel,
  ) {}

  private async send(key: string, recipient: string, lang: string, template: TemplateName, vars: TemplateVars): Promise<boolean> {
    const { subject, body } = await renderTemplate(this.db, template, lang, vars);
    return sendOnce(this.db, this.channel, { key, incidentId: null, recipient, template, subject, body });
  }

  /** The incidents an agent holds open; nothing is sent when there are none. */
  async sendAgentDigest(employeeId: string, date: string): Promise<boolean> {
    const agent = await employeeWithDepartment(this.db, employeeId);
    if (!agent?.active) return false;
    const incidents = await openIncidentsOf(this.db, employeeId);
    if (!incidents.length) return false;
    const lines = incidents.map((i) => `[${i.priority}] ${i.title} (${i.status}${i.resolutionBreached ? ', SLA!' : ''})`);
    return this.send(`digest:${employeeId}:${date}`, agent.email, agent.locale, 'digest', { ref: '', title: '', date, lines });
  }

  /** Open, at-risk and breached incidents of the supervisor's department subtree. */
  async sendSlaSummary(employeeId: string, date: string): Promise<boolean> {
    const supervisor = await employeeWithDepartment(this.db, employeeId);
    if (!supervisor?.active || !supervisor.departmentCode) return false;
    const open = await openIncidentsOfDepartments(this.db, supervisor.departmentCode);
    const breached = open.filter((i) => i.responseBreached || i.resolutionBreached);
    const atRisk = open.filter((i) => !breached.includes(i) && (i.responseWarned || i.resolutionWarned));
    return this.send(`sla-summary:${employeeId}:${date}`, supervisor.email, supervisor.locale, 'sla-summary', {
      ref: '',
      title: '',
      date,
      department: supervisor.departmentName ?? '',
      open: open.length,
      atRisk: atRisk.length,
      breached: breached.length,
      lines: breached.map((i) => i.title),
    });
  }
}
