// The chat's settings (admins): its department (the queue visitors land in), greeting and
// offline message, working hours, the origins that may embed the widget or open the socket,
// the capacity per agent, and the distribution's accept and escalation timeouts.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { forbidden, invalid } from '../shared/errors';
import { parseInput } from '../shared/validation';
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
  })
  .strict();
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

/** Whether the chat is open at this moment, by its working hours in Europe/Moscow (UTC+3, no DST). */
export function openNow(s: Pick<ChatSettings, 'opensAt' | 'closesAt'>, now = new Date()): boolean {
  const minute = (now.getUTCHours() * 60 + now.getUTCMinutes() + 180) % 1440;
  return s.opensAt <= s.closesAt ? minute >= s.opensAt && minute < s.closesAt : minute >= s.opensAt || minute < s.closesAt;
}

export async function chatSettings(db: Database): Promise<ChatSettings> {
  const s = await readSettings(db);
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
  const { greeting, offlineMessage, allowedOrigins, capacity, acceptSeconds, escalateSeconds, opensAt, closesAt } = input;
  await writeSettings(db, {
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
  return chatSettings(db);
}
