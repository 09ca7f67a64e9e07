// One service request's process, as a class (after Temporal's safe-message-handlers sample): its
// state, its named parts, and run(), which carries the request from intake to its end. The
// workflow function (serviceRequest.ts) only creates it and wires the messages to it.
//
//   intake (intake.ts)            route, order; staff may close the request by hand meanwhile
//   incident (incident.ts)        the state machine under SLA clocks (slaClocks.ts), transitions
//                                 in order (transitions.ts), auto-assignment, reopen window
//   closing (closing.ts)          close incident, order and request, or compensate the order
//   notifications.ts              sent beside the process, awaited before it ends
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { ProcessState } from '../../domain/process/types';
import { Closing } from './closing';
import { IncidentMachine } from './incident';
import { Intake } from './intake';
import { Notifications } from './notifications';
import { chooseLocalSteps } from './steps';
import { StepCounter, TransitionQueue } from './transitions';

export class ServiceRequestProcess {
  readonly state: ProcessState;
  readonly transitions: TransitionQueue;
  readonly intake: Intake;
  readonly incident: IncidentMachine;
  private readonly closing: Closing;
  private readonly notifications = new Notifications();

  constructor(
    private readonly requestId: string,
    private readonly lean = false,
  ) {
    this.state = {
      requestId,
      phase: 'ROUTING',
      status: null,
      incidentId: null,
      orderId: null,
      departmentId: null,
      priority: null,
      assigneeId: null,
      unlinked: false,
      resolvedAt: null,
      reopenCount: 0,
      response: null,
      resolution: null,
      closeReason: null,
      closedBy: null,
    };
    const counter = new StepCounter();
    this.transitions = new TransitionQueue(this.state, counter);
    this.intake = new Intake(requestId, this.state);
    this.closing = new Closing(requestId, this.state, this.notifications);
    this.incident = new IncidentMachine(requestId, this.state, counter, this.transitions, this.notifications, this.closing);
  }

  async run(): Promise<ProcessState> {
    const steps = chooseLocalSteps(this.lean);

    // 1. Intake: route and order; the request may end here, without an incident.
    this.closing.intakeBegins();
    const intake = await this.intake.run(steps);
    if (intake.kind === 'closedByHand') {
      await this.closing.compensate(intake);
      this.state.closedBy = intake.actorId;
      return this.endWithoutIncident(intake.reason);
    }
    if (intake.kind === 'orderFailed') {
      await this.closing.withoutOrder(intake.reason, intake.unconfirmed);
      return this.endWithoutIncident(intake.reason);
    }

    // 2. The incident, worked until it is CLOSED.
    const incidentId = await this.incident.open(intake.route, steps);
    this.closing.incidentOpened();
    await this.incident.work();

    // 3. Close incident, order and request; tell the manager and the client.
    await this.closing.complete(incidentId, this.lean);
    await this.notifications.settled();
    this.state.phase = 'DONE';
    // Updates that arrived after the close are answered before the workflow ends.
    this.transitions.refuseAll('the incident is CLOSED');
    await condition(allHandlersFinished);
    return this.state;
  }

  private async endWithoutIncident(reason: string): Promise<ProcessState> {
    this.state.closeReason = reason;
    this.state.phase = 'FAILED';
    this.intake.closeWindow();
    this.transitions.refuseAll(reason);
    await condition(allHandlersFinished);
    return this.state;
  }
}
