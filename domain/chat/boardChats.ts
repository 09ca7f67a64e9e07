// The department board's waiting chats (docs/chat.md, "On the department board"): the chats no
// agent has accepted yet, with their true count and the oldest first, so a chat waiting for no
// one is seen beside the incidents. Who sees which is the inbox's one rule (conversationVisible
// in domain/access): an agent their department's queue, a supervisor their department subtree's,
// an admin all; the board's requesters (users) are not staff and get a 403, as at the inbox.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { isStaff, type Actor } from '../access/identity';
import { forbidden } from '../shared/errors';
import { inbox, waitingCount } from './repository';

/** Cards the board shows; the count says how many more wait (the inbox lists them all). */
export const BOARD_CHATS = 20;

export const boardChatsSchema = z.object({
  count: z.number().int().describe('every waiting chat the reader may see'),
  items: z
    .array(
      z.object({
        id: z.string().uuid(),
        visitorName: z.string(),
        createdAt: z.string().datetime().describe('when the visitor started it: the waiting time counts from here'),
        offered: z.boolean().describe('offered to an agent who has not accepted it yet'),
        escalated: z.boolean().describe('waited past the escalation time; the supervisors were told'),
      }),
    )
    .describe(`the oldest ${BOARD_CHATS}`),
});
export type BoardChats = z.infer<typeof boardChatsSchema>;

export async function boardChats(db: Database, actor: Actor): Promise<BoardChats> {
  if (!isStaff(actor)) throw forbidden('waiting chats are for staff');
  const [count, rows] = await Promise.all([waitingCount(db, actor), inbox(db, actor, 'waiting', BOARD_CHATS)]);
  return {
    count,
    items: rows.map((c) => ({
      id: c.id,
      visitorName: c.visitorName,
      createdAt: c.createdAt.toISOString(),
      offered: c.offeredToId !== null,
      escalated: c.escalatedAt !== null,
    })),
  };
}
