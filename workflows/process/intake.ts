// Intake: route the request (department, priority, SLA targets, calendar), then ask the order
// system for its order; if the order can never be made, the request ends. Until the incident is
// being opened, staff may close the request by hand with a reason (the `closeRequest` update,
// patch "manual-close"): routing and ordering run in a cancellation scope that races with it.
// When staff win, the scope is cancelled; createExternalOrder waits for an attempt already
// running (WAIT_CANCELLATION_COMPLETED), so an order it made is known and can be cancelled.
import { ActivityFailure, ApplicationFailure, CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import { ILLEGAL_TRANSITION, INVALID_TRANSITION, type CloseRequestInput, type ProcessState, type Route } from '../../domain/process/types';
import { createExternalOrder, type LocalSteps } from './steps';

export type IntakeOutcome =
  | { kind: 'routed'; route: Route }
  | { kind: 'closedByHand'; reason: string; actorId: string }
  /** `unconfirmed`: the last attempt ended without a clear "no" (a timeout, a 5xx), so an order may exist. */
  | { kind: 'orderFailed'; reason: string; unconfirmed: boolean };

export class Intake {
  private closeAsked: CloseRequestInput | null = null;
  private closeWindowOpen = true;

  constructor(
    private readonly requestId: string,
    private readonly state: ProcessState,
  ) {}

  /** The `closeRequest` update's validator: only while routing or ordering, once, with an actor and a reason. */
  validateCloseByHand(c: CloseRequestInput): void {
    const { state } = this;
    if (!this.closeWindowOpen || this.closeAsked) {
      throw ApplicationFailure.nonRetryable(
        state.incidentId || state.phase === 'ACTIVE'
          ? 'the request has an incident: unlink the incident to close the request'
          : `the request is ${this.closeAsked ? 'being closed' : state.phase} already`,
        ILLEGAL_TRANSITION,
      );
    }
    if (!c?.actorId) throw ApplicationFailure.nonRetryable('actorId is required', INVALID_TRANSITION);
    if (typeof c.reason !== 'string' || !c.reason.trim()) throw ApplicationFailure.nonRetryable('a reason is required', INVALID_TRANSITION);
  }

  /** The `closeRequest` update's handler: answers once intake is over, with whether this close won. */
  async closeByHand(c: CloseRequestInput): Promise<ProcessState> {
    this.closeAsked ??= c;
    await condition(() => !this.closeWindowOpen);
    if (this.state.closedBy !== c.actorId || this.state.closeReason !== c.reason.trim()) {
      throw ApplicationFailure.nonRetryable(`the request went on meanwhile (${this.state.phase}); it was not closed`, ILLEGAL_TRANSITION);
    }
    return this.state;
  }

  /** Closing by hand is no longer possible (the incident is being opened, or the request ended). */
  closeWindow(): void {
    this.closeWindowOpen = false;
  }

  async run(steps: LocalSteps): Promise<IntakeOutcome> {
    const { state, requestId } = this;
    let orderError: string | null = null;
    let unconfirmed = false;
    const early = new CancellationScope();
    const routed = early.run(async () => {
      const r = await steps.routeRequest(requestId);
      state.departmentId = r.departmentId;
      state.priority = r.priority;
      state.phase = 'ORDERING';
      try {
        state.orderId = await createExternalOrder(requestId);
      } catch (error) {
        if (!(error instanceof ActivityFailure) || isCancellation(error)) throw error;
        orderError = `order could not be created: ${error.cause?.message ?? error.message}`;
        // A rejection (a 4xx, non-retryable) says no order was made; anything else does not.
        unconfirmed = !(error.cause instanceof ApplicationFailure && error.cause.nonRetryable);
      }
      return r;
    });
    await Promise.race([routed.catch(() => undefined), condition(() => this.closeAsked !== null)]);
    const asked = this.closeAsked as CloseRequestInput | null;
    if (asked) {
      early.cancel();
      await routed.catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
      return { kind: 'closedByHand', reason: asked.reason.trim(), actorId: asked.actorId };
    }
    this.closeWindow();
    const route = await routed;
    const failure = orderError as string | null; // set inside the scope above
    if (failure !== null) return { kind: 'orderFailed', reason: failure, unconfirmed };
    return { kind: 'routed', route };
  }
}
