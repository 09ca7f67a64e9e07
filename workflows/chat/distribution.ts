// One conversation's distribution, as a class (the style of process/serviceRequestProcess.ts):
// while it waits, offer it to an agent on shift with a free place (oldest first, by the fairness
// rule: chat/distribution.ts), withdraw an offer not accepted within the accept time and offer it
// to the next agent, escalate to the department's supervisors once it has waited the escalation
// time; while an agent holds it, wait for a change; end when it is closed. The API's signals
// (accept, transfer, close, the agent clocking out or pausing, a place freed) wake it, and it reads
// the conversation anew: the database row is the truth, the signals only say when to look.
// Deterministic: every read and write is an activity, every wait a durable timer.
import { condition, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { chatChangedSignal, chatWorkflowId, type ChatChange, type ChatDistributionState } from '../chatMessages';

const act = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * How often a waiting chat without an offer tries again, and an active one looks at its row,
 * beside the wake-ups: a signal lost (the API died between its commit and the signal) costs at
 * most this long. A minute keeps 1,000 waiting chats at about 17 activities a second at worst.
 */
const RECHECK_MS = 60_000;

interface Deadline {
  at: number;
  run: () => Promise<void>;
}

export class ChatDistribution {
  readonly state: ChatDistributionState;
  private pending: ChatChange[] = [];
  private offer: { agentId: string; at: number } | null = null;
  /** When the current waiting spell began (workflow time): the escalation counts from it. */
  private waitingSince: number | null = null;
  private escalated = false;
  private departmentId: string | null = null;

  constructor(private readonly conversationId: string) {
    this.state = { conversationId, status: 'WAITING', offeredToId: null, lapsed: [], escalations: 0 };
  }

  /** The `chatChanged` signal: something changed outside; the next step reads the row. */
  changed(change: ChatChange): void {
    this.pending.push(change);
  }

  async run(): Promise<ChatDistributionState> {
    for (;;) {
      // A close or a transfer frees a place where it was held: the oldest waiting chats there try.
      const freed = this.pending.some((c) => c.kind === 'closed' || c.kind === 'transferred');
      this.pending = [];
      const step = await act.chatDistributionStep(this.conversationId);
      if (freed && this.departmentId) await this.wake(this.departmentId);
      this.departmentId = step.departmentId;
      this.state.status = step.status;
      if (step.status === 'CLOSED' || step.status === 'GONE') break;
      if (step.status === 'WAITING') {
        await this.waiting(step);
        continue;
      }
      this.endWaitingSpell();
      await condition(() => this.pending.length > 0, RECHECK_MS);
    }
    this.state.offeredToId = null;
    return this.state;
  }

  /** One step of a waiting spell: offer if nobody has it, then wait for a change or the nearest deadline. */
  private async waiting(step: { offeredToId: string | null; acceptMs: number; escalateMs: number }): Promise<void> {
    const now = Date.now();
    this.waitingSince ??= now;
    // An offer this run did not make (a retried start) or one withdrawn outside (a pause) is taken as found.
    if (step.offeredToId !== (this.offer?.agentId ?? null)) this.offer = step.offeredToId ? { agentId: step.offeredToId, at: now } : null;
    if (!this.offer) {
      const agentId = await act.offerChat(this.conversationId, this.state.lapsed);
      if (agentId) this.offer = { agentId, at: Date.now() };
    }
    this.state.offeredToId = this.offer?.agentId ?? null;

    const t = Date.now();
    const deadlines: Deadline[] = [this.offer ? { at: this.offer.at + step.acceptMs, run: () => this.lapse() } : { at: t + RECHECK_MS, run: async () => {} }];
    if (!this.escalated) deadlines.push({ at: this.waitingSince + step.escalateMs, run: () => this.escalate() });
    deadlines.sort((a, b) => a.at - b.at);
    if (await condition(() => this.pending.length > 0, Math.max(1, deadlines[0]!.at - t))) return;
    // Every deadline reached runs: an offer's lapse and the escalation may fall together.
    for (const d of deadlines) if (d.at <= Date.now()) await d.run();
  }

  /** The offer ran out: withdrawn unless accepted meanwhile; that agent comes last for this chat from now on. */
  private async lapse(): Promise<void> {
    const { agentId } = this.offer!;
    this.offer = null;
    if ((await act.lapseChatOffer(this.conversationId, agentId)) && !this.state.lapsed.includes(agentId)) this.state.lapsed.push(agentId);
  }

  private async escalate(): Promise<void> {
    this.escalated = true;
    this.state.escalations++;
    await act.escalateChat(this.conversationId, this.waitingSince!);
  }

  /** An agent took it: the next time it waits is a new spell, with its own escalation and offers. */
  private endWaitingSpell(): void {
    this.waitingSince = null;
    this.escalated = false;
    this.offer = null;
    this.state.offeredToId = null;
    this.state.lapsed = [];
  }

  /** Wakes the department's oldest chats waiting without an offer, as many as it has free places (a finished run refuses: it needs nothing). */
  private async wake(departmentId: string): Promise<void> {
    const ids = await act.chatsToWake(departmentId, this.conversationId);
    await Promise.all(
      ids.map((id) =>
        getExternalWorkflowHandle(chatWorkflowId(id))
          .signal(chatChangedSignal, { kind: 'wake' })
          .catch(() => undefined),
      ),
    );
  }
}
