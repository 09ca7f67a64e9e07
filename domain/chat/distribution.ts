// The chat's distribution, the steps its workflow (workflows/chatConversation.ts) takes as
// activities: read the conversation, offer it to an agent, let a lapsed offer go, escalate to
// the supervisors, and find the waiting chats a freed place should wake. Each step is idempotent:
// a retried activity finds its work done.
//
// Oldest first: a chat is offered only while fewer chats of its department, waiting without an
// offer, are older than it than there are free places. Younger chats never take a place an older
// one is waiting for, whichever workflow runs first. Offers and places are counted under the
// department's pick lock (lifecycle/assignmentRepository.ts), so 50 chats started at once take
// the places one by one, each to the agent the fairness rule names.
import type { Database } from '../../infra/db';
import { lockDepartmentPicks, stampAssigned } from '../lifecycle/assignmentRepository';
import { departmentSupervisors } from '../lifecycle/lifecycleRepository';
import { sendTo } from '../notifications/deliver';
import type { NotificationChannel } from '../notifications/notifier';
import { recipientOf } from '../notifications/preferences';
import { renderTemplate } from '../notifications/templateStore';
import {
  conversationForDistribution,
  fairestAgent,
  freePlaces,
  markEscalated,
  oldestWaiting,
  olderWaiting,
  setOffer,
  withdrawOffer,
  withdrawOffersTo,
} from './distributionRepository';
import { queueDepartments } from './queueRepository';
import { readSettings } from './repository';

export interface DistributionStep {
  status: 'WAITING' | 'ACTIVE' | 'CLOSED' | 'GONE';
  departmentId: string | null;
  offeredToId: string | null;
  acceptMs: number;
  escalateMs: number;
}

/** The conversation as the workflow decides on it, with the settings' timers (read anew each step: an admin may change them). */
export async function distributionStep(db: Database, id: string): Promise<DistributionStep> {
  const [c, s] = await Promise.all([conversationForDistribution(db, id), readSettings(db)]);
  const timers = { acceptMs: s.acceptSeconds * 1000, escalateMs: s.escalateSeconds * 1000 };
  if (!c) return { status: 'GONE', departmentId: null, offeredToId: null, ...timers };
  return { status: c.status as DistributionStep['status'], departmentId: c.departmentId, offeredToId: c.offeredToId, ...timers };
}

/**
 * Offers the waiting conversation to the agent the fairness rule picks, its turn come (see the
 * head of this file); agents in `lapsed` (their offer of it ran out) come last. The agent offered
 * to, or null when nobody may take it now.
 */
export async function offerChat(db: Database, id: string, lapsed: string[]): Promise<string | null> {
  const { capacity } = await readSettings(db);
  return db.transaction().execute(async (trx) => {
    const before = await conversationForDistribution(trx, id);
    if (!before || before.status !== 'WAITING' || before.assigneeId) return null;
    // The queue's picks and those of every department serving it are serialised: an agent who
    // serves two queues is never offered past their capacity by two picks at once. Locks in id
    // order, so two queues sharing members never wait on each other crosswise.
    const serving = await queueDepartments(trx, before.departmentId);
    for (const d of [...serving].sort()) await lockDepartmentPicks(trx, d);
    const c = (await conversationForDistribution(trx, id, true))!;
    if (c.status !== 'WAITING' || c.assigneeId || c.departmentId !== before.departmentId) return null;
    if (c.offeredToId) return c.offeredToId; // a retried attempt: the offer was made
    if ((await olderWaiting(trx, c.departmentId, c)) >= (await freePlaces(trx, serving, capacity))) return null;
    const agentId = await fairestAgent(trx, serving, capacity, lapsed);
    if (!agentId) return null;
    await setOffer(trx, id, agentId);
    await stampAssigned(trx, agentId);
    return agentId;
  });
}

/** The agent did not accept in time: the offer is withdrawn (unless accepted meanwhile). */
export const lapseOffer = (db: Database, id: string, agentId: string): Promise<boolean> => withdrawOffer(db, id, agentId);

/** The offers made to an agent who paused go back to their queues: the conversations' ids. */
export const withdrawOffersOf = (db: Database, agentId: string): Promise<string[]> => withdrawOffersTo(db, agentId);

/**
 * Nobody accepted within the escalation time: the conversation is marked, and the department's
 * supervisors are told once per waiting spell (`spell`: when it began, workflow time). How many
 * were told.
 */
export async function escalateChat(db: Database, channel: NotificationChannel, id: string, spell: number): Promise<number> {
  const c = await conversationForDistribution(db, id);
  if (!c || !(await markEscalated(db, id))) return 0;
  let told = 0;
  for (const s of await departmentSupervisors(db, c.departmentId)) {
    const vars = { ref: id.slice(0, 8), title: c.visitorName || '—' };
    const { subject, body } = await renderTemplate(db, 'chat-escalated', s.locale, vars);
    const key = `chat-escalated:${id}:${spell}:${s.id}`;
    const about = { event: 'chat-escalated', recipient: 'supervisors', departmentId: c.departmentId } as const;
    if (
      await sendTo(
        db,
        channel,
        recipientOf({ email: s.email, phone: s.phone }, s.locale, s),
        { key, incidentId: null, template: 'chat-escalated', subject, body },
        about,
      )
    )
      told++;
  }
  return told;
}

/** The department's oldest chats waiting without an offer, as many as it has free places: their workflows are woken to try. */
export async function chatsToWake(db: Database, departmentId: string, except: string | null = null): Promise<string[]> {
  const { capacity } = await readSettings(db);
  const places = await freePlaces(db, await queueDepartments(db, departmentId), capacity);
  return places > 0 ? oldestWaiting(db, departmentId, places, except) : [];
}
