// How a request ends, as a saga (after Temporal's saga sample): the order it holds in the order
// system is the step that needs undoing when the request is given up, and the compensation for
// it is kept in an explicit list, newest first, from the moment the order may exist.
//
// - Work done (the incident CLOSED): close the incident, then the order, then the request.
// - Given up before an incident was made (staff closed it by hand): compensate — the order its
//   attempt made, if any, is cancelled and the request closed with their reason (abandonRequest).
// - Given up with the incident open (staff unlinked it): compensate — the order is cancelled and
//   the request closed (unlinkRequest); the incident goes on and closes alone.
// - Given up with the incident (staff cancelled it, patch "incident-cancel"): the order is
//   cancelled and the request closed with the reason (abandonRequest).
// - No order could be made: the request closes with the reason; when the last attempt left it
//   unknown whether the order system made the order (it timed out), that order is cancelled by
//   the request's key first (patch "cancel-unconfirmed-order").
import { patched } from '@temporalio/workflow';
import type { ProcessState } from '../../domain/process/types';
import type { Notifications } from './notifications';
import { act, local } from './steps';

/** Why the request is given up, and by whom. */
export interface GivingUp {
  reason: string;
  actorId: string;
}

interface Compensation {
  step: string;
  run: (why: GivingUp) => Promise<void>;
}

export class Closing {
  /** What undoes the request's effects outside, newest first; each runs at most once. */
  private readonly compensations: Compensation[] = [];

  constructor(
    private readonly requestId: string,
    private readonly state: ProcessState,
    private readonly notifications: Notifications,
  ) {}

  /** Routing and ordering begin: from here an order may exist (an attempt may be under way). */
  intakeBegins(): void {
    this.compensations.unshift({
      step: 'order, before the incident',
      run: (why) => act.abandonRequest(this.requestId, this.state.orderId, why.reason, why.actorId),
    });
  }

  /** The incident is open: giving the request up is now unlinking it from its incident. */
  incidentOpened(): void {
    this.compensations.splice(0, this.compensations.length, {
      step: 'order, beside the incident',
      run: (why) => act.unlinkRequest(this.requestId, this.state.orderId!, why.actorId),
    });
  }

  /** Runs the compensations gathered so far, newest first. */
  async compensate(why: GivingUp): Promise<void> {
    for (const compensation of this.compensations.splice(0)) await compensation.run(why);
  }

  /**
   * No order could be made: the request closes with the reason. An order the last attempt may
   * have made unseen is cancelled by the request's key (runs started before the patch did not).
   */
  async withoutOrder(reason: string, unconfirmed: boolean): Promise<void> {
    this.compensations.splice(0);
    if (unconfirmed && patched('cancel-unconfirmed-order')) await act.cancelUnconfirmedOrder(this.requestId);
    await act.closeRequest(this.requestId, reason);
  }

  /**
   * The incident is CLOSED: close it, then the order and the request unless they were given up;
   * tell the manager and the client (with "lean-process": finishRequest). CANCELLED (patch "incident-cancel", only on that path): the
   * request is given up instead, its order cancelled and the request closed with the reason.
   */
  async complete(incidentId: string, lean: boolean): Promise<void> {
    const { state } = this;
    this.state.phase = 'CLOSING';
    if (lean) {
      // Patch "lean-process": the same ends in one local step, the messages owed from the outbox.
      const outcome = state.unlinked ? 'unlinked' : state.status === 'CANCELLED' ? 'cancelled' : 'resolved';
      if (outcome === 'resolved') state.closeReason = 'resolved';
      await local.finishRequest({
        requestId: this.requestId,
        incidentId,
        orderId: state.orderId,
        outcome,
        reason: state.closeReason,
        actorId: state.closedBy ?? null,
      });
      return;
    }
    await act.closeIncident(incidentId);
    if (!state.unlinked && state.status === 'CANCELLED' && patched('incident-cancel')) {
      await act.abandonRequest(this.requestId, state.orderId, state.closeReason!, state.closedBy!);
    } else if (!this.state.unlinked) {
      await act.closeOrder(this.requestId, this.state.orderId!);
      this.state.closeReason = 'resolved';
      await act.closeRequest(this.requestId, this.state.closeReason);
    }
    await this.notifications.send(() => act.notifyClosure(this.requestId));
  }
}
