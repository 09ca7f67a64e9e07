// Intake: route the request (department, priority, SLA targets, calendar), then ask the order
// system for its order; if the order can never be made, the request ends. Until the incident is
// being opened, staff may close the request by hand with a reason (the `closeRequest` update,
// patch "manual-close"): routing and ordering run in a cancellation scope that races with it.
// When staff win, the scope is cancelled; createExternalOrder waits for an attempt already
// running (WAIT_CANCELLATION_COMPLETED), so an order it made is known and can be cancelled.
// In the same window an admin may edit the request (the `editRequest` update, patch
// "request-edit"): the edit is written by an activity, and when it changed the service or the
// client the request is routed again before its incident opens. Without an edit the commands are
// those of before the patch.
import { ActivityFailure, ApplicationFailure, CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import {
  ILLEGAL_TRANSITION,
  INVALID_TRANSITION,
  type CloseRequestInput,
  type EditRequestInput,
  type ProcessState,
  type Route,
} from '../../domain/process/types';
import { act, createExternalOrder, type LocalSteps } from './steps';

export type IntakeOutcome =
  | { kind: 'routed'; route: Route }
  | { kind: 'closedByHand'; reason: string; actorId: string }
  /** `unconfirmed`: the last attempt ended without a clear "no" (a timeout, a 5xx), so an order may exist. */
  | { kind: 'orderFailed'; reason: string; unconfirmed: boolean };

export class Intake {
  private closeAsked: CloseRequestInput | null = null;
  private closeWindowOpen = true;
  private editsRunning = 0;
  private rerouteAsked = false;

  constructor(
    private readonly requestId: string,
    private readonly state: ProcessState,
  ) {}

  /** Refuses a change once the incident is being opened, the request has ended or is being closed. */
  private requireWindow(): void {
    const { state } = this;
    if (!this.closeWindowOpen || this.closeAsked) {
      throw ApplicationFailure.nonRetryable(
        state.incidentId || state.phase === 'ACTIVE'
          ? 'the request has an incident: unlink the incident to close the request'
          : `the request is ${this.closeAsked ? 'being closed' : state.phase} already`,
        ILLEGAL_TRANSITION,
      );
    }
  }

  /** The `closeRequest` update's validator: only while routing or ordering, once, with an actor and a reason. */
  validateCloseByHand(c: CloseRequestInput): void {
    this.requireWindow();
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

  /** The `editRequest` update's validator: in the window of closing by hand, with an actor and the version seen. */
  validateEdit(e: EditRequestInput): void {
    this.requireWindow();
    if (!e?.actorId || !e.version) throw ApplicationFailure.nonRetryable('actorId and version are required', INVALID_TRANSITION);
  }

  /** The `editRequest` update's handler: writes the edit; the intake waits for it before the incident opens. */
  async edit(e: EditRequestInput): Promise<ProcessState> {
    this.editsRunning++;
    try {
      const { reroute } = await act.editRequest(this.requestId, e);
      if (reroute) this.rerouteAsked = true;
      return this.state;
    } catch (error) {
      // A refused edit (changed meanwhile: Domain409) answers the update, never fails the run.
      const cause = error instanceof ActivityFailure ? error.cause : error;
      const message = cause instanceof Error ? cause.message : String(cause);
      throw ApplicationFailure.nonRetryable(
        message,
        cause instanceof ApplicationFailure && cause.type === 'Domain400' ? INVALID_TRANSITION : ILLEGAL_TRANSITION,
      );
    } finally {
      this.editsRunning--;
    }
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
    // An edit accepted before the window closed is written before the incident opens.
    if (this.editsRunning > 0) await condition(() => this.editsRunning === 0);
    let route = await routed;
    const failure = orderError as string | null; // set inside the scope above
    if (failure !== null) return { kind: 'orderFailed', reason: failure, unconfirmed };
    if (this.rerouteAsked) {
      route = await steps.routeRequest(requestId);
      state.departmentId = route.departmentId;
      state.priority = route.priority;
    }
    return { kind: 'routed', route };
  }
}
