// Whom a chat may be handed to (the inbox's transfer picker, docs/chat.md): the colleagues on a
// shift now, with their department and open chats, and the departments whose queue takes it.
// Agents may not read the admin tables (employees, departments), so the chat has this narrow read
// of its own: names and codes only, for staff (domain/access decides who is staff).
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { isStaff, type Actor } from '../access/identity';
import { forbidden } from '../shared/errors';
import { readSettings, transferDepartments } from './repository';
import { colleaguesOnShift } from './shiftRepository';

const departmentSchema = z.object({ code: z.string(), name: z.string() });
export const transferTargetsSchema = z.object({
  agents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      department: departmentSchema.nullable(),
      chats: z.number().int().describe('conversations now theirs (active or offered)'),
      paused: z.boolean(),
    }),
  ),
  departments: z.array(departmentSchema),
  capacity: z.number().int().describe('how many chats at once distribution gives an agent'),
});
export type TransferTargets = z.infer<typeof transferTargetsSchema>;

export async function transferTargets(db: Database, actor: Actor): Promise<TransferTargets> {
  if (!isStaff(actor)) throw forbidden('transfers are for staff');
  const [agents, departments, settings] = await Promise.all([colleaguesOnShift(db, actor.id), transferDepartments(db), readSettings(db)]);
  return {
    agents: agents.map((a) => ({
      id: a.id,
      name: a.fullName || a.username,
      department: a.departmentCode && a.departmentName ? { code: a.departmentCode, name: a.departmentName } : null,
      chats: a.chats,
      paused: a.pausedAt !== null,
    })),
    departments,
    capacity: settings.capacity,
  };
}
