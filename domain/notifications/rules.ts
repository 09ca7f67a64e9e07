// Which events notify whom, and by which channel first (issue 17): the one decision, read by
// sendTo (deliver.ts) for every message to a person. A rule is per event and recipient kind;
// a department's rule wins over the global one, and with neither the default holds: on, in
// the person's own order (preferences.ts) — the desk's behaviour before rules existed.
import { z } from 'zod';
import type { AddressKind } from './router';

/** The events the desk tells people of, and who hears of each (what a rule can switch). */
export const RULE_PAIRS = {
  'incident-opened': ['client'],
  'status-changed': ['client'],
  resolved: ['client'],
  assigned: ['assignee'],
  'staff-comment': ['client'],
  closed: ['client', 'manager'],
  withdrawn: ['client'],
  'sla-warning': ['supervisors'],
  'sla-breach': ['supervisors'],
  'survey-low': ['supervisors'],
  'chat-escalated': ['supervisors'],
} as const satisfies Record<string, readonly string[]>;

export type RuleEvent = keyof typeof RULE_PAIRS;
export const RULE_EVENTS = Object.keys(RULE_PAIRS) as RuleEvent[];
export const RULE_RECIPIENTS = ['client', 'manager', 'assignee', 'supervisors'] as const;
export type RuleRecipient = (typeof RULE_RECIPIENTS)[number];
export const RULE_CHANNELS = ['preferred', 'email', 'sms', 'telegram'] as const;
export type RuleChannel = (typeof RULE_CHANNELS)[number];

/** What a message is about, as the rules read it: the event, whom it goes to, the department concerned. */
export interface RuleSubject {
  event: RuleEvent;
  recipient: RuleRecipient;
  departmentId: string | null;
}

export interface Rule {
  enabled: boolean;
  channel: RuleChannel;
}

export const DEFAULT_RULE: Rule = { enabled: true, channel: 'preferred' };

/** The event of a status notification: opened (NEW), resolved, closed, or a change. */
export const statusEvent = (status: string): RuleEvent =>
  status === 'NEW' ? 'incident-opened' : status === 'RESOLVED' ? 'resolved' : status === 'CLOSED' ? 'closed' : 'status-changed';

/** The rule that holds: the department's, else the global one, else the default. */
export function ruleOf(department: Rule | undefined, global: Rule | undefined): Rule {
  return department ?? global ?? DEFAULT_RULE;
}

/** The address kind a channel choice puts first; null: the person's own order. */
export const firstKind = (channel: RuleChannel): AddressKind | null => (channel === 'preferred' ? null : channel === 'sms' ? 'phone' : channel);

const isPair = (r: { event: string; recipient: string }) => (RULE_PAIRS as Record<string, readonly string[]>)[r.event]?.includes(r.recipient) === true;

/** One rule as the API writes it. */
export const ruleInputSchema = z
  .object({
    event: z.enum(RULE_EVENTS as [RuleEvent, ...RuleEvent[]]),
    recipient: z.enum(RULE_RECIPIENTS),
    enabled: z.boolean(),
    channel: z.enum(RULE_CHANNELS).describe('preferred: the person’s own order; else this channel first (the others when they have no such contact)'),
  })
  .strict()
  .refine(isPair, { message: 'this event does not notify this recipient', path: ['recipient'] });

export const rulesBodySchema = z
  .object({ rules: z.array(ruleInputSchema).min(1).max(100) })
  .strict()
  .refine((b) => new Set(b.rules.map((r) => `${r.event}/${r.recipient}`)).size === b.rules.length, {
    message: 'each event and recipient once',
    path: ['rules'],
  });

/** A rule as the API reads it: where it comes from (the default, the global rules, the department's). */
export const ruleViewSchema = z.object({
  event: z.enum(RULE_EVENTS as [RuleEvent, ...RuleEvent[]]),
  recipient: z.enum(RULE_RECIPIENTS),
  enabled: z.boolean(),
  channel: z.enum(RULE_CHANNELS),
  source: z.enum(['default', 'global', 'department']),
});
export type RuleView = z.infer<typeof ruleViewSchema>;
