// How the API talks to the process: start a request's workflow, send it transitions, read
// its live state. Not part of the workflow bundle (workflows/index.ts does not import it).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { conflict, DomainError, invalid } from '../domain/shared/errors';
import type { ProcessGateway } from '../domain/process/gateway';
import {
  ILLEGAL_TRANSITION,
  STALE_PROBLEM,
  STALE_TRANSITION,
  type CloseRequestInput,
  type EditRequestInput,
  type ProcessState,
  type TransitionInput,
} from '../domain/process/types';
import { closeRequestUpdate, editRequestUpdate, serviceRequestWorkflow, stateQuery, transitionUpdate } from './serviceRequest';

// The port lives in the domain (domain/process/gateway.ts); re-exported for its older importers.
export type { ProcessGateway };

const fieldOf = (input: TransitionInput) => (input.action === 'assign' ? 'assigneeId' : input.action === 'setPriority' ? 'priority' : 'action');

/**
 * Every call to Temporal has a deadline: with the server or the workers down, a start, query or
 * update would otherwise wait for the client's retries or the server's long poll (about a
 * minute), holding the HTTP request. A transition answers in about 20 ms, so 10 s is a worker
 * down, not a slow one; the call then fails with DEADLINE_EXCEEDED, which the API answers with
 * 503 and Retry-After (api/unavailable.ts). An update that timed out here may still be applied
 * when the worker is back: the board shows it then.
 */
export const PROCESS_CALL_DEADLINE_MS = 10_000;

/**
 * The server dropped an update before the workflow accepted it: the workflow task that carried
 * it failed or timed out (WorkflowNotReady, "Unable to perform workflow execution update due to
 * unexpected workflow task failure"), as a worker restarted under 50 runs' replays did; the API
 * answered it with a 500 (tests/e2e/workerRestart.test.ts). Nothing of it was recorded.
 */
const FAILED_PRECONDITION = 9;
const updateNotTaken = (error: unknown) => error instanceof ServiceError && isGrpcServiceError(error.cause) && error.cause.code === FAILED_PRECONDITION;
/** 3 attempts 0.5 s and 1 s apart: a new workflow task is scheduled at once after a failed one. */
const UPDATE_ATTEMPTS = 3;
const UPDATE_RETRY_MS = 500;

export class TemporalProcess implements ProcessGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly deadlineMs = PROCESS_CALL_DEADLINE_MS,
  ) {}

  private withDeadline<T>(call: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.deadlineMs, call);
  }

  async start(requestId: string): Promise<boolean> {
    try {
      await this.withDeadline(() =>
        this.client.workflow.start(serviceRequestWorkflow, {
          workflowId: requestId,
          taskQueue: this.taskQueue,
          args: [{ requestId }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  transition(requestId: string, input: TransitionInput): Promise<ProcessState> {
    return this.update(
      (updateId) => this.client.workflow.getHandle(requestId).executeUpdate(transitionUpdate, { args: [input], updateId }),
      fieldOf(input),
      'the incident is closed',
    );
  }

  closeRequest(requestId: string, input: CloseRequestInput): Promise<ProcessState> {
    return this.update(
      (updateId) => this.client.workflow.getHandle(requestId).executeUpdate(closeRequestUpdate, { args: [input], updateId }),
      'reason',
      'the request is closed',
    );
  }

  /** A run started before patch "request-edit" has no such update: refused like a finished one. */
  editRequest(requestId: string, input: EditRequestInput): Promise<ProcessState> {
    return this.update(
      (updateId) => this.client.workflow.getHandle(requestId).executeUpdate(editRequestUpdate, { args: [input], updateId }),
      'serviceCode',
      'the request is closed',
    );
  }

  /**
   * Update refusals as problems: an illegal move is a 409, invalid input a 400 on the field.
   * An update the server dropped before the workflow accepted it is sent again, with the same
   * update id (the server keeps one outcome per id, so a repeat is never applied twice).
   */
  private async update(call: (updateId: string) => Promise<ProcessState>, field: string, whenFinished: string): Promise<ProcessState> {
    const updateId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.withDeadline(() => call(updateId));
      } catch (error) {
        if (!updateNotTaken(error)) throw this.refusal(error, field, whenFinished);
        // Still dropped after the last attempt: a 503 with Retry-After (api/unavailable.ts), as
        // for an update call that got no answer: the worker is not taking its tasks.
        if (attempt >= UPDATE_ATTEMPTS) throw new WorkflowUpdateRPCTimeoutOrCancelledError('the workflow did not take the update', { cause: error as Error });
        await sleep(UPDATE_RETRY_MS * attempt);
      }
    }
  }

  private refusal(error: unknown, field: string, whenFinished: string): unknown {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      if (error.cause.type === ILLEGAL_TRANSITION) return conflict(error.cause.message);
      if (error.cause.type === STALE_TRANSITION) return new DomainError(409, 'Conflict', error.cause.message, [], STALE_PROBLEM);
      return invalid([{ field, message: error.cause.message }]);
    }
    // The process has finished: nothing is left to change.
    if (error instanceof WorkflowNotFoundError) return conflict(whenFinished);
    return error;
  }

  state(requestId: string): Promise<ProcessState> {
    return this.withDeadline(() => this.client.workflow.getHandle(requestId).query(stateQuery));
  }
}
