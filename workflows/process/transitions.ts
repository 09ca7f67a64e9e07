// Transitions as staff send them (the `transition` update). The validator refuses, before
// anything enters the history, what can never apply now; accepted updates wait here in arrival
// order (also while the request is still routed or ordered) until the incident's state machine
// applies them, one at a time; each handler answers when its result is ready.
import { ApplicationFailure, condition, patched } from '@temporalio/workflow';
import { nextStatus } from '../../domain/process/states';
import { ILLEGAL_TRANSITION, INVALID_TRANSITION, type ParentResolvedInput, type ProcessState, type TransitionInput } from '../../domain/process/types';

export interface Outcome {
  error?: string;
  type?: string;
}

export interface Queued {
  id: number;
  input: TransitionInput;
}

/**
 * The run's step numbers. Queued updates and recorded steps draw from the same sequence, and
 * recorded steps key their timeline rows and notifications with it (a retried delivery finds its
 * key even when later steps have been recorded meanwhile): one counter, never two.
 */
export class StepCounter {
  private value = 0;

  next(): number {
    return ++this.value;
  }

  get current(): number {
    return this.value;
  }
}

export class TransitionQueue {
  private readonly waiting: Queued[] = [];
  private readonly results = new Map<number, Outcome>();

  constructor(
    private readonly state: ProcessState,
    private readonly steps: StepCounter,
  ) {}

  /** The update's validator: refused after the process has ended, or when the state machine forbids the action. */
  validate(t: TransitionInput): void {
    const { state } = this;
    if (state.phase === 'FAILED' || state.phase === 'CLOSING' || state.phase === 'DONE') {
      throw ApplicationFailure.nonRetryable(`the request is ${state.phase}; its incident cannot change now`, ILLEGAL_TRANSITION);
    }
    if (state.status) {
      const next = nextStatus(state.status, t?.action);
      if (!next.ok) throw ApplicationFailure.nonRetryable(next.reason, ILLEGAL_TRANSITION);
    }
    if (!t?.actorId) throw ApplicationFailure.nonRetryable('actorId is required', INVALID_TRANSITION);
  }

  /** The update's handler: waits its turn and answers with the state after it, or its refusal. */
  async submit(t: TransitionInput): Promise<ProcessState> {
    const id = this.steps.next();
    this.waiting.push({ id, input: t });
    await condition(() => this.results.has(id));
    const result = this.results.get(id)!;
    this.results.delete(id);
    if (result.error) throw ApplicationFailure.nonRetryable(result.error, result.type ?? ILLEGAL_TRANSITION);
    return this.state;
  }

  /**
   * The `parentResolved` signal (patch "mass-incident"): the mass incident this request is
   * linked to resolved, so its own incident resolves in turn, queued like a staff member's
   * resolve and through the same path (recorded, the client told once by its step's key). An
   * incident resolved or closed already refuses it, which changes nothing: a repeat is harmless.
   * Runs that never received the signal have no marker and replay as before.
   */
  fromParent(p: ParentResolvedInput): void {
    const { phase } = this.state;
    if (phase === 'FAILED' || phase === 'CLOSING' || phase === 'DONE') return;
    if (!patched('mass-incident')) return;
    this.submit({ action: 'resolve', actorId: p.actorId, comment: p.comment }).catch(() => undefined);
  }

  get hasWaiting(): boolean {
    return this.waiting.length > 0;
  }

  take(): Queued | undefined {
    return this.waiting.shift();
  }

  answer(id: number, outcome: Outcome): void {
    this.results.set(id, outcome);
  }

  /** The process ended: every update still waiting is answered with the reason. */
  refuseAll(reason: string): void {
    for (const item of this.waiting.splice(0)) this.results.set(item.id, { error: reason, type: ILLEGAL_TRANSITION });
  }
}
