// The incident's state machine as the process runs it: open the incident with running SLA clocks,
// offer it to an agent, then apply the transitions staff send, one at a time and in order, fire
// the SLA thresholds, retry the assignment, and close it once the reopen window has passed.
// Every change is recorded (recordTransition) and the client hears of every status change.
import { CancellationScope, condition, getExternalWorkflowHandle, patched, sleep } from '@temporalio/workflow';
import { isFinal, nextStatus, type IncidentStatus } from '../../domain/process/states';
import {
  ILLEGAL_TRANSITION,
  INVALID_TRANSITION,
  PRIORITIES,
  STALE_TRANSITION,
  type ExpectedValues,
  type ProcessState,
  type RecordedTransition,
  type Route,
  type TransitionInput,
} from '../../domain/process/types';
import { parentResolvedSignal, retryAssignmentSignal } from '../messages';
import type { Closing } from './closing';
import type { Notifications } from './notifications';
import { SlaClocks, type Deadline } from './slaClocks';
import { act, type LocalSteps } from './steps';
import type { Outcome, StepCounter, TransitionQueue } from './transitions';

export class IncidentMachine {
  private assignmentOffered = false;
  private route!: Route;
  private steps!: LocalSteps;
  private clocks!: SlaClocks;
  private incidentId!: string;
  /** "lean-process": the one timer of the main loop, until the deadline `at`. */
  private timer: { at: number; fired: boolean; scope: CancellationScope; done: Promise<void> } | null = null;

  constructor(
    private readonly requestId: string,
    private readonly state: ProcessState,
    private readonly counter: StepCounter,
    private readonly transitions: TransitionQueue,
    private readonly notifications: Notifications,
    private readonly closing: Closing,
  ) {}

  /** The `retryAssignment` signal: an agent freed up, try auto-assignment now. */
  offerAssignment(): void {
    this.assignmentOffered = true;
  }

  /** The incident on the board, NEW, with running SLA clocks. */
  async open(route: Route, steps: LocalSteps): Promise<string> {
    const { state } = this;
    this.route = route;
    this.steps = steps;
    this.clocks = new SlaClocks(state, route);
    this.clocks.start(route.priority, Date.now());
    state.status = 'NEW';
    state.incidentId = await steps.openIncident({
      requestId: this.requestId,
      orderId: state.orderId!,
      departmentId: route.departmentId,
      priority: route.priority,
      ...this.clocks.dueAt(Date.now()),
      // "lean-process": the client's "NEW" message is owed from the outbox with the incident.
      ...(steps.lean ? { owesOpened: true } : {}),
    });
    state.phase = 'ACTIVE';
    this.incidentId = state.incidentId;
    return this.incidentId;
  }

  /** Until the incident is CLOSED or CANCELLED: transitions in order, SLA thresholds, assignment retries, the reopen window. */
  async work(): Promise<void> {
    // Keys come from the workflow's step numbers (0: the first one), so a retried delivery finds
    // its key even when later steps have been recorded meanwhile.
    if (!this.steps.lean) await this.notifications.send(() => act.notifyStatusChange(this.incidentId, 'NEW', 0));
    await this.tryAutoAssign();

    // Every deadline is computed anew after each step and the loop waits in one condition until
    // the nearest one, an update or a signal: a priority change, a pause or a reopen moves it.
    while (!isFinal(this.status())) {
      const t = Date.now();
      const deadlines = this.deadlines(t);
      const first = deadlines[0];
      const woken = await this.waitForWork(first?.at);
      if (this.transitions.hasWaiting) {
        const item = this.transitions.take()!;
        this.transitions.answer(item.id, await this.apply(item.input));
      } else if (this.assignmentOffered) {
        await this.tryAutoAssign();
      } else if (!woken && first && (!this.steps.lean || Date.now() >= first.at)) {
        await first.run();
      }
    }
  }

  /**
   * Until an update or a signal arrives, or the nearest deadline. Before "lean-process": a timer
   * per wait, cancelled by whatever came first (two history events per state change). With it:
   * one timer runs until it fires, and a later deadline keeps it (it wakes the loop early, which
   * computes the deadlines anew); only an earlier one cancels it for a new timer.
   */
  private async waitForWork(at: number | undefined): Promise<boolean> {
    const work = () => this.transitions.hasWaiting || this.assignmentOffered;
    const t = Date.now();
    if (!this.steps.lean) return condition(work, at === undefined ? undefined : Math.max(1, at - t));
    if (at === undefined) return condition(work).then(() => true);
    if (!this.timer || this.timer.fired || this.timer.at > at) {
      this.timer?.scope.cancel();
      const scope = new CancellationScope();
      const timer = { at, fired: false, scope, done: Promise.resolve() };
      timer.done = scope
        .run(() => sleep(Math.max(1, at - t)))
        .then(
          () => void (timer.fired = true),
          () => undefined,
        );
      this.timer = timer;
    }
    const timer = this.timer;
    if (work()) return true;
    return Promise.race([condition(work).then(() => true), timer.done.then(() => false)]);
  }

  private status(): IncidentStatus {
    return this.state.status!;
  }

  /** The SLA thresholds, the end of the reopen window, the next assignment attempt: nearest first. */
  private deadlines(t: number): Deadline[] {
    const { state, route } = this;
    const deadlines = this.clocks.deadlines(t, this.incidentId);
    if (this.status() === 'RESOLVED' && state.resolvedAt !== null) {
      deadlines.push({
        at: state.resolvedAt + route.reopenWindowMs,
        run: async () => {
          state.status = 'CLOSED';
          await this.record('close', 'RESOLVED', null, { reason: 'reopen window elapsed' });
        },
      });
    }
    if (this.status() === 'NEW' && !state.assigneeId) deadlines.push({ at: t + route.assignRetryMs, run: () => this.tryAutoAssign() });
    deadlines.sort((a, b) => a.at - b.at);
    return deadlines;
  }

  /** One transition, applied: its effect on the clocks and the incident, recorded; or why not. */
  private async apply({ action, actorId, assigneeId, priority, comment, mergeIntoId, expected }: TransitionInput): Promise<Outcome> {
    const { state, route } = this;
    const from = state.status!;
    // Patch "expected-values", called only for a transition that carries what its sender saw
    // (the sync's inbound apply), so the runs of every other path carry no marker. Checked here,
    // when the transition's turn comes, not in the validator: a person's change queued before
    // it has been applied by then.
    if (expected && patched('expected-values')) {
      const stale = staleness(state, expected);
      if (stale) return { error: stale, type: STALE_TRANSITION };
    }
    const next = nextStatus(from, action);
    if (!next.ok) return { error: next.reason, type: ILLEGAL_TRANSITION };
    const t = Date.now();
    switch (action) {
      case 'assign': {
        if (!assigneeId) return { error: 'assigneeId is required', type: INVALID_TRANSITION };
        const problem = await act.checkAssignee(route.departmentId, assigneeId);
        if (problem) return { error: problem, type: INVALID_TRANSITION };
        const previous = state.assigneeId;
        state.assigneeId = assigneeId;
        state.status = next.status;
        const freesUp = Boolean(previous && previous !== assigneeId);
        const recorded = await this.record(action, from, actorId, { previous }, { assignee: assigneeId, freesUp });
        if (!this.steps.lean) {
          const at = this.counter.current;
          await this.notifications.send(() => act.notifyAssignee(this.incidentId, assigneeId, at));
        }
        if (freesUp) await this.freeUp(recorded);
        return {};
      }
      case 'start':
      case 'waitForClient':
      case 'resume':
        this.clocks.onAction(action, t);
        break;
      case 'resolve':
        this.clocks.onAction(action, t);
        state.resolvedAt = t;
        break;
      case 'reopen':
        this.clocks.onAction(action, t);
        state.resolvedAt = null;
        state.reopenCount++;
        break;
      case 'setPriority': {
        if (!priority || !route.targets[priority]) return { error: `priority must be one of ${PRIORITIES.join(', ')}`, type: INVALID_TRANSITION };
        state.priority = priority;
        this.clocks.retarget(priority, t);
        break;
      }
      case 'unlink':
        if (state.unlinked) return { error: 'the incident is already unlinked from its request', type: ILLEGAL_TRANSITION };
        state.unlinked = true;
        // The incident goes on without its request: the order is compensated (closing.ts).
        await this.closing.compensate({ reason: 'unlinked from its incident', actorId });
        break;
      case 'close':
        break;
      case 'cancel':
        // Given up with a reason: the clocks stop, and the request ends with it (closing.ts).
        if (!comment) return { error: 'a reason (comment) is required to cancel', type: INVALID_TRANSITION };
        this.clocks.onAction('resolve', t);
        state.closeReason = `incident cancelled: ${comment}`;
        state.closedBy = actorId;
        break;
    }
    state.status = next.status;
    // A merge's target rides in the step's detail: the step's one statement writes the link with
    // the status (the same activity call as before, so histories replay alike), and the outbox's
    // CANCELLED message, sent after that commit, finds the link and leaves the word to the closure.
    const merge = action === 'cancel' && mergeIntoId ? { mergedInto: mergeIntoId } : {};
    const freesUp = action === 'resolve' || action === 'close' || action === 'cancel';
    const recorded = await this.record(action, from, actorId, { ...(comment ? { comment } : {}), ...merge }, { freesUp });
    if (freesUp) await this.freeUp(recorded);
    // A mass incident resolved: each open request linked to it hears of it (patch "mass-incident",
    // called only when there are such requests, so other paths' histories carry no marker).
    const children = recorded?.massChildren ?? [];
    if (action === 'resolve' && children.length && patched('mass-incident')) await this.resolveChildren(children, actorId, comment ?? 'resolved');
    return {};
  }

  /** The pick of an agent while the incident is NEW and nobody holds it. */
  private async tryAutoAssign(): Promise<void> {
    const { state } = this;
    this.assignmentOffered = false;
    if (state.status !== 'NEW' || state.assigneeId) return;
    const agentId = await this.steps.pickAgent(this.route.departmentId, this.incidentId);
    if (!agentId) return;
    state.assigneeId = agentId;
    state.status = 'ASSIGNED';
    await this.record('assign', 'NEW', null, { auto: true }, { assignee: agentId });
    if (this.steps.lean) return;
    const at = this.counter.current;
    await this.notifications.send(() => act.notifyAssignee(this.incidentId, agentId, at));
  }

  /**
   * Tells each child's run, all at once (a few hundred signals are one workflow task). A run
   * that has ended meanwhile refuses the signal; that child needs nothing more.
   */
  private async resolveChildren(children: string[], actorId: string, comment: string): Promise<void> {
    await Promise.all(
      children.map((child) =>
        getExternalWorkflowHandle(child)
          .signal(parentResolvedSignal, { actorId, comment })
          .catch(() => undefined),
      ),
    );
  }

  /**
   * An agent has one incident less: the department's oldest waiting incident may take them
   * ("lean-process": the step's record found it; before, an activity of its own).
   */
  private async freeUp(recorded: RecordedTransition | undefined): Promise<void> {
    const next = this.steps.lean ? recorded?.waiting : await act.oldestWaitingIncident(this.route.departmentId, this.requestId);
    // A waiting incident whose run is gone (terminated: tests/api/incidentMerge.test.ts ends one)
    // has nothing to wake; the failed signal must not fail this run too (it did: a whole request's
    // process ended on "Unable to signal external workflow because it was not found"). Catching
    // the failure changes no command, so histories replay alike.
    if (next)
      await getExternalWorkflowHandle(next)
        .signal(retryAssignmentSignal)
        .catch(() => undefined);
  }

  /**
   * Mirrors one step in the database (timeline, incident row, event); a status change is told to
   * the client, an assignment to its agent. "lean-process": both owed from the outbox in the
   * step's own write, which also finds the next waiting incident when the step frees an agent.
   */
  private async record(
    action: string,
    from: IncidentStatus,
    actorId: string | null,
    detail: Record<string, unknown> = {},
    { assignee, freesUp }: { assignee?: string; freesUp?: boolean } = {},
  ): Promise<RecordedTransition | undefined> {
    const { state } = this;
    const seq = this.counter.next();
    const lean = this.steps.lean
      ? {
          owed: { seq, ...(from !== state.status ? { status: state.status! } : {}), ...(assignee ? { agentId: assignee } : {}) },
          ...(freesUp ? { freesUp: { departmentId: this.route.departmentId, exceptRequestId: this.requestId } } : {}),
        }
      : {};
    const recorded = await this.steps.recordTransition({
      ...lean,
      key: `${this.incidentId}:${seq}:${action}`,
      incidentId: this.incidentId,
      action,
      from,
      to: state.status!,
      actorId,
      priority: state.priority!,
      assigneeId: state.assigneeId,
      ...this.clocks.dueAt(Date.now()),
      resolvedAt: state.resolvedAt,
      reopenCount: state.reopenCount,
      detail,
    });
    if (from !== state.status && !this.steps.lean) {
      const status = state.status!;
      const at = this.counter.current;
      await this.notifications.send(() => act.notifyStatusChange(this.incidentId, status, at));
    }
    return recorded ?? undefined;
  }
}

/** Why a transition that expected these values may not apply now (they changed since its sender read them), or null. */
function staleness(state: ProcessState, expected: ExpectedValues): string | null {
  if (expected.status && expected.status !== state.status) return `the incident is ${state.status} now, not ${expected.status} as when this change was read`;
  if (expected.priority && expected.priority !== state.priority)
    return `the incident's priority is ${state.priority} now, not ${expected.priority} as when this change was read`;
  return null;
}
