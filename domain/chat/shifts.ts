// Agents' chat shifts: clock in (distribution may offer them chats), pause (it stops offering,
// their chats stay), clock out (their chats go back to the queue for someone else). Shift time
// is counted without pauses (the statistics, chat/stats.ts).
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { forbidden } from '../shared/errors';
import { readSettings } from './repository';
import { endShift, handOver, insertShift, loadOf, openShift, pauseShift, resumeShift } from './shiftRepository';

export const shiftViewSchema = z.object({
  onShift: z.boolean(),
  paused: z.boolean(),
  startedAt: z.string().datetime().nullable(),
  chats: z.number().int().describe('conversations now theirs (active or offered)'),
  capacity: z.number().int().describe('how many at once distribution gives them'),
  handedOver: z.number().int().optional().describe('on clock-out: conversations put back in the queue'),
});
export type ShiftView = z.infer<typeof shiftViewSchema>;
export const SHIFT_ACTIONS = ['clock-in', 'pause', 'resume', 'clock-out'] as const;

export class ShiftService {
  constructor(private readonly db: Database) {}

  async state(actor: Actor): Promise<ShiftView> {
    this.agentOnly(actor);
    const [shift, chats, settings] = await Promise.all([openShift(this.db, actor.id), loadOf(this.db, actor.id), readSettings(this.db)]);
    return { onShift: !!shift, paused: !!shift?.pausedAt, startedAt: shift?.startedAt.toISOString() ?? null, chats, capacity: settings.capacity };
  }

  async act(actor: Actor, action: (typeof SHIFT_ACTIONS)[number]): Promise<ShiftView> {
    this.agentOnly(actor);
    let handedOver: number | undefined;
    await this.db.transaction().execute(async (trx) => {
      if (action === 'clock-in') await insertShift(trx, actor.id);
      else if (action === 'pause') await pauseShift(trx, actor.id);
      else if (action === 'resume') await resumeShift(trx, actor.id);
      else {
        await endShift(trx, actor.id);
        handedOver = (await handOver(trx, actor.id)).length;
      }
    });
    return { ...(await this.state(actor)), ...(handedOver === undefined ? {} : { handedOver }) };
  }

  private agentOnly(actor: Actor): void {
    if (!hasRole(actor, 'agent')) throw forbidden('shifts are for agents');
  }
}
