// The chat report (supervisors, admins): per agent, time on shift, conversations handled and
// still open, and the average first-response, handling and waiting times; and the same times
// over every conversation the reader sees, with how many were missed (closed before any agent
// accepted) and how many wait now. Read from PostgreSQL, where the conversations and shifts
// live: a chat closed a second ago is in the figures.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { forbidden } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { dayAfter, dayStart, reportPeriodSchema } from '../shared/reportPeriod';
import { staffName } from '../shared/staffName';
import { conversationsByAgent, conversationTotals, shiftTimeByAgent } from './reportRepository';

const seconds = z.number().int().nullable().describe('seconds, averaged; null: none in the period');
const timesSchema = z.object({ firstResponseSeconds: seconds, handlingSeconds: seconds, waitingSeconds: seconds });
export const chatReportSchema = z.object({
  agents: z.array(
    timesSchema.extend({
      employeeId: z.string(),
      employeeName: z.string(),
      shiftSeconds: z.number().int().describe('time on shift within the period, pauses taken off'),
      handled: z.number().int().describe('conversations closed'),
      open: z.number().int().describe('conversations still open'),
    }),
  ),
  overall: timesSchema.extend({
    started: z.number().int(),
    handled: z.number().int(),
    missed: z.number().int().describe('closed before any agent accepted'),
    waitingNow: z.number().int(),
    shiftSeconds: z.number().int(),
  }),
});
export type ChatReport = z.infer<typeof chatReportSchema>;

type Named = Parameters<typeof staffName>[0];
const round = (v: string | number | null) => (v === null ? null : Math.round(Number(v)));
const times = (r: { firstResponse: string | null; handling: string | null; waiting: string | null }) => ({
  firstResponseSeconds: round(r.firstResponse),
  handlingSeconds: round(r.handling),
  waitingSeconds: round(r.waiting),
});

export class ChatReportService {
  constructor(private readonly db: Database) {}

  async report(actor: Actor, query: unknown): Promise<ChatReport> {
    if (!hasRole(actor, 'supervisor', 'admin')) throw forbidden('the chat report is for supervisors and admins');
    const q = parseInput(reportPeriodSchema, query);
    const [start, end] = [dayStart(q.from), dayAfter(q.to)];
    const [held, shifts, totals] = await Promise.all([
      conversationsByAgent(this.db, actor, start, end),
      shiftTimeByAgent(this.db, actor, start, end),
      conversationTotals(this.db, actor, start, end),
    ]);
    const agents = new Map<string, ChatReport['agents'][number]>();
    const agent = (r: Named) => {
      const id = r.employeeId!;
      const row = agents.get(id) ?? {
        employeeId: id,
        employeeName: staffName(r),
        shiftSeconds: 0,
        handled: 0,
        open: 0,
        firstResponseSeconds: null,
        handlingSeconds: null,
        waitingSeconds: null,
      };
      agents.set(id, row);
      return row;
    };
    for (const s of shifts) agent(s).shiftSeconds = round(s.shiftSeconds) ?? 0;
    for (const h of held) Object.assign(agent(h), { handled: Number(h.handled), open: Number(h.open), ...times(h) });
    const rows = [...agents.values()].sort((a, b) => b.handled - a.handled || b.shiftSeconds - a.shiftSeconds || a.employeeName.localeCompare(b.employeeName));
    return {
      agents: rows,
      overall: {
        started: Number(totals.started),
        handled: Number(totals.handled),
        missed: Number(totals.missed),
        waitingNow: Number(totals.waitingNow),
        shiftSeconds: rows.reduce((sum, r) => sum + r.shiftSeconds, 0),
        ...times(totals),
      },
    };
  }
}
