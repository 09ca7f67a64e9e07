// serviceRequestWorkflow: the durable process of one service request (workflow id = request id).
// Route -> order -> incident -> assignment -> work under SLA clocks -> resolve -> reopen
// window -> close incident, order and request -> notify. Deterministic code only: every read
// and write of the outside world is an activity; time is workflow time.
//
// The process is a class in named parts (process/serviceRequestProcess.ts); this function only
// creates it and wires the messages (messages.ts) to it.
import { patched, setHandler } from '@temporalio/workflow';
import type { ProcessState, ServiceRequestInput } from '../domain/process/types';
import { closeRequestUpdate, editRequestUpdate, parentResolvedSignal, retryAssignmentSignal, stateQuery, transitionUpdate } from './messages';
import { ServiceRequestProcess } from './process/serviceRequestProcess';

// The vocabulary lives in the pure domain/process/types.ts and the messages in messages.ts; these
// re-exports keep the names importable from the workflow for callers that know them from here.
export { ILLEGAL_TRANSITION, INVALID_TRANSITION } from '../domain/process/types';
export type { CloseRequestInput, EditRequestInput, Phase, Priority, ProcessState, Route, ServiceRequestInput, TransitionInput } from '../domain/process/types';
export { closeRequestUpdate, editRequestUpdate, parentResolvedSignal, retryAssignmentSignal, stateQuery, transitionUpdate } from './messages';

export async function serviceRequestWorkflow(input: ServiceRequestInput): Promise<ProcessState> {
  // Patch "lean-process" (issue 18): the generation that owes its messages from the outbox,
  // ends in one step and keeps one timer at a time (docs/workflows.md). It implies every earlier
  // patch of the start, whose markers its runs no longer record (two history events each).
  const lean = patched('lean-process');
  const request = new ServiceRequestProcess(input.requestId, lean);

  setHandler(stateQuery, () => request.state);
  setHandler(retryAssignmentSignal, () => request.incident.offerAssignment());
  // The mass incident this request is linked to resolved: resolve in turn (patch "mass-incident"
  // inside the handler; registering it issues no command).
  setHandler(parentResolvedSignal, (p) => request.transitions.fromParent(p));
  // Before the incident is open (routing, ordering) a transition waits in the queue; after the
  // process has ended it is refused.
  setHandler(transitionUpdate, (t) => request.transitions.submit(t), { validator: (t) => request.transitions.validate(t) });
  // Patch "manual-close": until the incident is open, staff may close the request with a
  // reason (the order system is down, the client withdrew). Runs started before the patch
  // have no such update.
  if (lean || patched('manual-close')) {
    setHandler(closeRequestUpdate, (c) => request.intake.closeByHand(c), { validator: (c) => request.intake.validateCloseByHand(c) });
  }
  // Patch "request-edit": in the same window, an admin may edit the request (service, client,
  // description); a changed service is routed again before the incident opens. Runs started
  // before the patch have no such update.
  if (lean || patched('request-edit')) {
    setHandler(editRequestUpdate, (e) => request.intake.edit(e), { validator: (e) => request.intake.validateEdit(e) });
  }

  return request.run();
}
