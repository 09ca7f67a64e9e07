// How the API talks to the process: start a request's workflow, send it transitions, read
// its live state. Not part of the workflow bundle (workflows/index.ts does not import it).
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { conflict, invalid } from '../domain/errors';
import { ILLEGAL_TRANSITION, serviceRequestWorkflow, stateQuery, transitionUpdate, type ProcessState, type TransitionInput } from './serviceRequest';

export interface ProcessGateway {
  /** Starts the request's workflow; a second call for the same request is a no-op. */
  start(requestId: string): Promise<boolean>;
  transition(requestId: string, input: TransitionInput): Promise<ProcessState>;
  state(requestId: string): Promise<ProcessState>;
}

const fieldOf = (input: TransitionInput) => (input.action === 'assign' ? 'assigneeId' : input.action === 'setPriority' ? 'priority' : 'action');

export class TemporalProcess implements ProcessGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(requestId: string): Promise<boolean> {
    try {
      await this.client.workflow.start(serviceRequestWorkflow, {
        workflowId: requestId,
        taskQueue: this.taskQueue,
        args: [{ requestId }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  async transition(requestId: string, input: TransitionInput): Promise<ProcessState> {
    try {
      return await this.client.workflow.getHandle(requestId).executeUpdate(transitionUpdate, { args: [input] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === ILLEGAL_TRANSITION) throw conflict(error.cause.message);
        throw invalid([{ field: fieldOf(input), message: error.cause.message }]);
      }
      // The process has finished: nothing is left to change.
      if (error instanceof WorkflowNotFoundError) throw conflict('the incident is closed');
      throw error;
    }
  }

  state(requestId: string): Promise<ProcessState> {
    return this.client.workflow.getHandle(requestId).query(stateQuery);
  }
}
