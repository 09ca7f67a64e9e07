// Agents' chat shifts: clock in (distribution may offer them chats), pause (it stops offering, the
// offers waiting for their accept go to the next agent, their active chats stay), clock out (their
// chats go back to the queue for someone else). Each change is told to the conversations'
// workflows (chat/gateway.ts): those handed back are offered anew, and a clock-in or a resume
// wakes the oldest waiting chats of the department's queue and of each queue it serves, as many
// as each has free places. Shift time is counted without pauses (the statistics, chat/stats.ts).
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { forbidden } from '../shared/errors';
import { readSettings } from './repository';
import { endShift, handOver, insertShift, loadOf, openShift, pauseShift, resumeShift } from './shiftRepository';
import { chatsToWake, withdrawOffersOf } from './distribution';
import { departmentOfAgent } from './distributionRepository';
import { queuesServedBy } from './queueRepository';
import type { ChatDistributionGateway } from './gateway';

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
  constructor(
    private readonly db: Database,
    private readonly distribution: ChatDistributionGateway,
  ) {}

  async state(actor: Actor): Promise<ShiftView> {
    this.agentOnly(actor);
    const [shift, chats, settings] = await Promise.all([openShift(this.db, actor.id), loadOf(this.db, actor.id), readSettings(this.db)]);
    return { onShift: !!shift, paused: !!shift?.pausedAt, startedAt: shift?.startedAt.toISOString() ?? null, chats, capacity: settings.capacity };
  }

  async act(actor: Actor, action: (typeof SHIFT_ACTIONS)[number]): Promise<ShiftView> {
    this.agentOnly(actor);
    let handedOver: number | undefined;
    const requeued = await this.db.transaction().execute(async (trx) => {
      if (action === 'clock-in') await insertShift(trx, actor.id);
      else if (action === 'pause') {
        await pauseShift(trx, actor.id);
        return withdrawOffersOf(trx, actor.id);
      } else if (action === 'resume') await resumeShift(trx, actor.id);
      else {
        await endShift(trx, actor.id);
        const ids = await handOver(trx, actor.id);
        handedOver = ids.length;
        return ids;
      }
      return [];
    });
    if (requeued.length) await this.distribution.changed(requeued, 'requeued');
    if (action === 'clock-in' || action === 'resume') {
      const departmentId = (await departmentOfAgent(this.db, actor.id))?.departmentId;
      if (departmentId)
        for (const queue of [departmentId, ...(await queuesServedBy(this.db, departmentId))])
          await this.distribution.changed(await chatsToWake(this.db, queue), 'wake');
    }
    return { ...(await this.state(actor)), ...(handedOver === undefined ? {} : { handedOver }) };
  }

  private agentOnly(actor: Actor): void {
    if (!hasRole(actor, 'agent')) throw forbidden('shifts are for agents');
  }
}
