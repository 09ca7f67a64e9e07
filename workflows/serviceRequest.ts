// serviceRequestWorkflow: the durable process of one service request (workflow id = request id).
// Deterministic code only; all I/O happens in activities.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';

export type Phase = 'ORDERING' | 'OPEN' | 'CLOSING' | 'CLOSED' | 'FAILED';

export interface ServiceRequestInput {
  requestId: string;
}

export interface ProcessState {
  requestId: string;
  phase: Phase;
  orderId: string | null;
  incidentId: string | null;
  resolvedBy: string | null;
  closeReason: string | null;
}

export interface ResolveInput {
  actorId: string;
  resolution: string;
}

export const ILLEGAL_TRANSITION = 'IllegalTransition';
export const resolveUpdate = defineUpdate<ProcessState, [ResolveInput]>('resolve');
export const stateQuery = defineQuery<ProcessState>('state');

const { createExternalOrder } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});
const { openIncident, closeIncident, closeOrder, closeRequest, notifyClosure } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function serviceRequestWorkflow(input: ServiceRequestInput): Promise<ProcessState> {
  const state: ProcessState = { requestId: input.requestId, phase: 'ORDERING', orderId: null, incidentId: null, resolvedBy: null, closeReason: null };
  let resolution: ResolveInput | undefined;

  setHandler(stateQuery, () => state);
  setHandler(
    resolveUpdate,
    async (r) => {
      resolution = r;
      await condition(() => state.phase === 'CLOSED');
      return state;
    },
    {
      validator: (r) => {
        if (state.phase !== 'OPEN' || resolution) {
          throw ApplicationFailure.nonRetryable(`the incident is ${resolution ? 'already being resolved' : state.phase}; only an OPEN incident can be resolved`, ILLEGAL_TRANSITION);
        }
        if (!r?.actorId || !r.resolution?.trim()) throw ApplicationFailure.nonRetryable('actorId and resolution are required', 'InvalidArgument');
      },
    },
  );

  try {
    state.orderId = await createExternalOrder(input.requestId);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    state.closeReason = `order could not be created: ${error.cause?.message ?? error.message}`;
    await closeRequest(input.requestId, state.closeReason);
    state.phase = 'FAILED';
    return state;
  }

  state.incidentId = await openIncident(input.requestId, state.orderId);
  state.phase = 'OPEN';

  await condition(() => resolution !== undefined);
  const { actorId, resolution: text } = resolution!;
  state.phase = 'CLOSING';
  state.resolvedBy = actorId;
  await closeIncident(state.incidentId, text, actorId);
  await closeOrder(input.requestId, state.orderId);
  state.closeReason = 'resolved';
  await closeRequest(input.requestId, state.closeReason);
  state.phase = 'CLOSED';

  await notifyClosure(input.requestId);
  await condition(allHandlersFinished);
  return state;
}
