// The port through which the domain drives a request's process (its Temporal workflow):
// workflows/client.ts implements it. Pure: the domain depends on this interface, not on the
// workflow or the Temporal client.
import type { CloseRequestInput, EditRequestInput, ProcessState, TransitionInput } from './types';

export interface ProcessGateway {
  /** Starts the request's workflow; a second call for the same request is a no-op. */
  start(requestId: string): Promise<boolean>;
  transition(requestId: string, input: TransitionInput): Promise<ProcessState>;
  state(requestId: string): Promise<ProcessState>;
  /** Closes a request that has no incident yet, with a reason. */
  closeRequest(requestId: string, input: CloseRequestInput): Promise<ProcessState>;
  /** Edits a request that has no incident yet; the process writes it and routes it again if needed. */
  editRequest(requestId: string, input: EditRequestInput): Promise<ProcessState>;
}
