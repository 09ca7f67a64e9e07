// The chat's settings (admins): its department (the queue visitors land in), greeting and
// offline message, working hours, the origins that may embed the widget or open the socket,
// the capacity per agent, the distribution's accept and escalation timeouts, and who sees which
// queue: the departments that serve another department's queue besides its own (queueRepository.ts).
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { forbidden, invalid } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { queueMembers, replaceQueueMembers } from './queueRepository';
import { departmentByCode, departmentCodeOf, readSettings, writeSettings } from './repository';

const ORIGIN = z
  .string()
  .max(200)
  .refine((o) => {
    try {
      return new URL(o).origin === o;
    } catch {
      return false;
    }
  }, 'must be an origin: scheme://host[:port], no path');
const MINUTE_OF_DAY = z.number().int().min(0).max(1440);

export const chatSettingsSchema = z
  .object({
    department: z.string().max(100).nullable().describe('the code of the department whose queue visitors land in'),
    greeting: z.string().max(1000),
    offlineMessage: z.string().max(1000),
    allowedOrigins: z.array(ORIGIN).max(100).describe('sites that may embed the widget and open the socket, besides the desk itself'),
    capacity: z.number().int().min(1).max(50).describe('conversations an agent gets at once'),
    acceptSeconds: z.number().int().min(5).max(3600).describe('how long an offer waits for the agent to accept'),
    escalateSeconds: z.number().int().min(10).max(86_400).describe('a conversation waiting this long is escalated to the supervisor'),
    opensAt: MINUTE_OF_DAY.describe('working hours: minute of the day (Europe/Moscow) the chat opens'),
    closesAt: MINUTE_OF_DAY.describe('minute of the day it closes; 1440: midnight'),
    queues: z
      .array(
        z
          .object({
            queue: z.string().max(100).describe('the code of the department whose queue is shared'),
            departments: z.array(z.string().max(100)).max(100).describe('the codes of the departments whose agents also see and receive its chats'),
          })
          .strict(),
      )
      .max(200)
      .optional()
      .describe(
        "who sees which queue besides the queue's own department (and the supervisors above it); a queue not listed is its department's only. Left out of a save: the memberships stay as they are",
      ),
  })
  .strict();
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

/** Whether the chat is open at this moment, by its working hours in Europe/Moscow (UTC+3, no DST). */
export function openNow(s: Pick<ChatSettings, 'opensAt' | 'closesAt'>, now = new Date()): boolean {
  const minute = (now.getUTCHours() * 60 + now.getUTCMinutes() + 180) % 1440;
  return s.opensAt <= s.closesAt ? minute >= s.opensAt && minute < s.closesAt : minute >= s.opensAt || minute < s.closesAt;
}

/** The memberships grouped by queue, in code order. */
function groupQueues(rows: { queue: string; department: string }[]): NonNullable<ChatSettings['queues']> {
  const byQueue = new Map<string, string[]>();
  for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r.department]);
  return [...byQueue].map(([queue, departments]) => ({ queue, departments }));
}

export async function chatSettings(db: Database): Promise<ChatSettings> {
  const [s, members] = await Promise.all([readSettings(db), queueMembers(db)]);
  const department = s.departmentId ? ((await departmentCodeOf(db, s.departmentId))?.code ?? null) : null;
  return {
    department,
    greeting: s.greeting,
    offlineMessage: s.offlineMessage,
    allowedOrigins: s.allowedOrigins,
    capacity: s.capacity,
    acceptSeconds: s.acceptSeconds,
    escalateSeconds: s.escalateSeconds,
    opensAt: s.opensAt,
    closesAt: s.closesAt,
    queues: groupQueues(members),
  };
}

export async function readChatSettings(db: Database, actor: Actor): Promise<ChatSettings> {
  if (!hasRole(actor, 'supervisor', 'admin')) throw forbidden('chat settings are for supervisors and admins');
  return chatSettings(db);
}

export async function saveChatSettings(db: Database, actor: Actor, body: unknown): Promise<ChatSettings> {
  if (!hasRole(actor, 'admin')) throw forbidden('only admins change the chat settings');
  const input = parseInput(chatSettingsSchema, body);
  const department = input.department === null ? null : await departmentByCode(db, input.department);
  if (input.department !== null && !department) throw invalid([{ field: 'department', message: `no department ${input.department}` }]);
  const members = input.queues && (await queueMemberIds(db, input.queues));
  const { greeting, offlineMessage, allowedOrigins, capacity, acceptSeconds, escalateSeconds, opensAt, closesAt } = input;
  await db.transaction().execute(async (trx) => {
    await writeSettings(trx, {
      greeting,
      offlineMessage,
      allowedOrigins,
      capacity,
      acceptSeconds,
      escalateSeconds,
      opensAt,
      closesAt,
      departmentId: department?.id ?? null,
    });
    if (members) await replaceQueueMembers(trx, members);
  });
  return chatSettings(db);
}

/** The queues' memberships by ids; an unknown code, a queue listed twice or a queue serving itself is refused at its field. */
async function queueMemberIds(db: Database, queues: NonNullable<ChatSettings['queues']>): Promise<{ queueId: string; departmentId: string }[]> {
  const ids = new Map<string, string | undefined>();
  const idOf = async (code: string) => {
    if (!ids.has(code)) ids.set(code, (await departmentByCode(db, code))?.id);
    return ids.get(code);
  };
  const rows: { queueId: string; departmentId: string }[] = [];
  const errors: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const [i, q] of queues.entries()) {
    const queueId = await idOf(q.queue);
    if (!queueId) errors.push({ field: `queues.${i}.queue`, message: `no department ${q.queue}` });
    else if (seen.has(queueId)) errors.push({ field: `queues.${i}.queue`, message: `the queue ${q.queue} is listed twice` });
    if (queueId) seen.add(queueId);
    for (const [j, code] of q.departments.entries()) {
      if (q.departments.indexOf(code) < j) continue; // listed twice: once is enough
      const departmentId = await idOf(code);
      if (!departmentId) errors.push({ field: `queues.${i}.departments.${j}`, message: `no department ${code}` });
      else if (departmentId === queueId) errors.push({ field: `queues.${i}.departments.${j}`, message: "a queue is always its own department's" });
      else if (queueId) rows.push({ queueId, departmentId });
    }
  }
  if (errors.length) throw invalid(errors);
  return rows;
}
