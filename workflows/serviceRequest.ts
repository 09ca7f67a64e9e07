// serviceRequestWorkflow: the durable process of one service request (workflow id = request id).
// Route -> order -> incident -> assignment -> work under SLA clocks -> resolve -> reopen
// window -> close incident, order and request -> notify. Deterministic code only: every read
// and write of the outside world is an activity; time is workflow time.
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { nextStatus, type IncidentStatus } from '../domain/incidentStates';
import * as sla from '../domain/slaClock';
import {
  ILLEGAL_TRANSITION,
  INVALID_TRANSITION,
  PRIORITIES,
  type CloseRequestInput,
  type ProcessState,
  type ServiceRequestInput,
  type TransitionInput,
} from '../domain/process/types';

// The vocabulary lives in the pure domain/process/types.ts; these re-exports keep the names
// importable from the workflow for callers that know them from here.
export { ILLEGAL_TRANSITION, INVALID_TRANSITION } from '../domain/process/types';
export type { CloseRequestInput, Phase, Priority, ProcessState, Route, ServiceRequestInput, TransitionInput } from '../domain/process/types';

export const transitionUpdate = defineUpdate<ProcessState, [TransitionInput]>('transition');
export const closeRequestUpdate = defineUpdate<ProcessState, [CloseRequestInput]>('closeRequest');
export const retryAssignmentSignal = defineSignal('retryAssignment');
export const stateQuery = defineQuery<ProcessState>('state');

const { createExternalOrder } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // A request closed by staff while an attempt runs waits for that attempt, so an order it
  // creates is known and cancelled (the setting is the SDK's own: not in the history).
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});
const act = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Recording a transition runs in the worker beside the workflow task (patch "local-record"):
// a state change then needs one server round trip, not three, before its update answers.
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

interface Queued {
  id: number;
  input: TransitionInput;
}

export async function serviceRequestWorkflow(input: ServiceRequestInput): Promise<ProcessState> {
  const state: ProcessState = {
    requestId: input.requestId,
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
  const queue: Queued[] = [];
  const results = new Map<number, { error?: string; type?: string }>();
  let seq = 0;
  let assignmentOffered = false;
  // Notifications run beside the process (patch "background-notifications"): a mail outage
  // must not hold up the incident; they are awaited before the workflow ends. Runs started
  // before the patch await each notification where it is sent, as they did.
  const pending: Promise<unknown>[] = [];
  const notify = async (send: () => Promise<unknown>) => {
    if (patched('background-notifications')) pending.push(send().catch(() => undefined));
    else await send();
  };

  setHandler(stateQuery, () => state);
  setHandler(retryAssignmentSignal, () => {
    assignmentOffered = true;
  });
  setHandler(
    transitionUpdate,
    async (t) => {
      const id = ++seq;
      queue.push({ id, input: t });
      await condition(() => results.has(id));
      const result = results.get(id)!;
      results.delete(id);
      if (result.error) throw ApplicationFailure.nonRetryable(result.error, result.type ?? ILLEGAL_TRANSITION);
      return state;
    },
    {
      // Before the incident is open (routing, ordering) a transition waits in the queue;
      // after the process has ended it is refused.
      validator: (t) => {
        if (state.phase === 'FAILED' || state.phase === 'CLOSING' || state.phase === 'DONE') {
          throw ApplicationFailure.nonRetryable(`the request is ${state.phase}; its incident cannot change now`, ILLEGAL_TRANSITION);
        }
        if (state.status) {
          const next = nextStatus(state.status, t?.action);
          if (!next.ok) throw ApplicationFailure.nonRetryable(next.reason, ILLEGAL_TRANSITION);
        }
        if (!t?.actorId) throw ApplicationFailure.nonRetryable('actorId is required', INVALID_TRANSITION);
      },
    },
  );

  // Patch "manual-close": until the incident is open, staff may close the request with a
  // reason (the order system is down, the client withdrew). Runs started before the patch
  // have no such update.
  let closeAsked: CloseRequestInput | null = null;
  let closeWindowOpen = true;
  if (patched('manual-close')) {
    setHandler(
      closeRequestUpdate,
      async (c) => {
        closeAsked ??= c;
        await condition(() => !closeWindowOpen);
        if (state.closedBy !== c.actorId || state.closeReason !== c.reason.trim()) {
          throw ApplicationFailure.nonRetryable(`the request went on meanwhile (${state.phase}); it was not closed`, ILLEGAL_TRANSITION);
        }
        return state;
      },
      {
        validator: (c) => {
          if (!closeWindowOpen || closeAsked) {
            throw ApplicationFailure.nonRetryable(
              state.incidentId || state.phase === 'ACTIVE'
                ? 'the request has an incident: unlink the incident to close the request'
                : `the request is ${closeAsked ? 'being closed' : state.phase} already`,
              ILLEGAL_TRANSITION,
            );
          }
          if (!c?.actorId) throw ApplicationFailure.nonRetryable('actorId is required', INVALID_TRANSITION);
          if (typeof c.reason !== 'string' || !c.reason.trim()) throw ApplicationFailure.nonRetryable('a reason is required', INVALID_TRANSITION);
        },
      },
    );
  }

  // Runs started before the patch schedule recordTransition as a normal activity, as they did.
  const recordTransition = patched('local-record') ? local.recordTransition : act.recordTransition;
  // Routing, opening the incident and the pick of an agent run in the worker beside the workflow
  // task too (patch "local-intake"): a request reaches its agent without three activity round
  // trips through the server, which was where intake spent its time (docs/performance.md). The
  // order stays a normal activity: it calls the outside system, may be slow or down for a
  // while, and staff may close the request meanwhile (closeRequest is taken while it runs).
  // Runs started before the patch schedule all of them as normal activities, as they did.
  const intake = patched('local-intake')
    ? { routeRequest: local.routeRequest, openIncident: local.openIncident, pickAgent: local.pickAgent }
    : { routeRequest: act.routeRequest, openIncident: act.openIncident, pickAgent: act.pickAgent };

  const endWithoutIncident = async (reason: string) => {
    state.closeReason = reason;
    state.phase = 'FAILED';
    closeWindowOpen = false;
    for (const item of queue.splice(0)) results.set(item.id, { error: reason, type: ILLEGAL_TRANSITION });
    await condition(allHandlersFinished);
    return state;
  };

  // 1. Route: department, priority, SLA targets and calendar. 2. Order in the external
  // system; if it can never be created, the request closes. Both can be cut short by staff.
  let orderError: string | null = null;
  const early = new CancellationScope();
  const routed = early.run(async () => {
    const r = await intake.routeRequest(input.requestId);
    state.departmentId = r.departmentId;
    state.priority = r.priority;
    state.phase = 'ORDERING';
    try {
      state.orderId = await createExternalOrder(input.requestId);
    } catch (error) {
      if (!(error instanceof ActivityFailure) || isCancellation(error)) throw error;
      orderError = `order could not be created: ${error.cause?.message ?? error.message}`;
    }
    return r;
  });
  await Promise.race([routed.catch(() => undefined), condition(() => closeAsked !== null)]);
  const asked = closeAsked as CloseRequestInput | null;
  if (asked) {
    early.cancel();
    await routed.catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });
    const reason = asked.reason.trim();
    await act.abandonRequest(input.requestId, state.orderId, reason, asked.actorId);
    state.closedBy = asked.actorId;
    return endWithoutIncident(reason);
  }
  closeWindowOpen = false;
  const route = await routed;
  const cal = route.calendar;
  const failure = orderError as string | null; // set inside the scope above
  if (failure !== null) {
    await act.closeRequest(input.requestId, failure);
    return endWithoutIncident(failure);
  }

  // 3. Incident on the board with running SLA clocks.
  const now = () => Date.now();
  state.response = sla.newClock(route.targets[route.priority].responseMs, now());
  state.resolution = sla.newClock(route.targets[route.priority].resolutionMs, now());
  state.status = 'NEW';
  state.incidentId = await intake.openIncident({
    requestId: input.requestId,
    orderId: state.orderId!,
    departmentId: route.departmentId,
    priority: route.priority,
    responseDueAt: sla.dueAt(state.response, now(), cal),
    resolutionDueAt: sla.dueAt(state.resolution, now(), cal),
  });
  state.phase = 'ACTIVE';
  const incidentId = state.incidentId;

  const record = async (action: string, from: IncidentStatus, actorId: string | null, detail: Record<string, unknown> = {}) => {
    await recordTransition({
      key: `${incidentId}:${++seq}:${action}`,
      incidentId,
      action,
      from,
      to: state.status!,
      actorId,
      priority: state.priority!,
      assigneeId: state.assigneeId,
      responseDueAt: sla.dueAt(state.response!, now(), cal),
      resolutionDueAt: sla.dueAt(state.resolution!, now(), cal),
      resolvedAt: state.resolvedAt,
      reopenCount: state.reopenCount,
      detail,
    });
    if (from !== state.status) {
      const status = state.status!;
      const at = seq;
      await notify(() => act.notifyStatusChange(incidentId, status, at));
    }
  };

  const freeUp = async () => {
    const next = await act.oldestWaitingIncident(route.departmentId, input.requestId);
    if (next) await getExternalWorkflowHandle(next).signal(retryAssignmentSignal);
  };

  const tryAutoAssign = async () => {
    assignmentOffered = false;
    if (state.status !== 'NEW' || state.assigneeId) return;
    const agentId = await intake.pickAgent(route.departmentId, incidentId);
    if (!agentId) return;
    state.assigneeId = agentId;
    state.status = 'ASSIGNED';
    await record('assign', 'NEW', null, { auto: true });
    const at = seq;
    await notify(() => act.notifyAssignee(incidentId, agentId, at));
  };

  const current = (): IncidentStatus => state.status!;

  const apply = async ({ action, actorId, assigneeId, priority, comment }: TransitionInput): Promise<{ error?: string; type?: string }> => {
    const from = state.status!;
    const next = nextStatus(from, action);
    if (!next.ok) return { error: next.reason, type: ILLEGAL_TRANSITION };
    const t = now();
    switch (action) {
      case 'assign': {
        if (!assigneeId) return { error: 'assigneeId is required', type: INVALID_TRANSITION };
        const problem = await act.checkAssignee(route.departmentId, assigneeId);
        if (problem) return { error: problem, type: INVALID_TRANSITION };
        const previous = state.assigneeId;
        state.assigneeId = assigneeId;
        state.status = next.status;
        await record(action, from, actorId, { previous });
        const at = seq;
        await notify(() => act.notifyAssignee(incidentId, assigneeId, at));
        if (previous && previous !== assigneeId) await freeUp();
        return {};
      }
      case 'start':
        sla.stop(state.response!, t, cal);
        break;
      case 'waitForClient':
        sla.pause(state.resolution!, t, cal);
        break;
      case 'resume':
        sla.resume(state.resolution!, t);
        break;
      case 'resolve':
        sla.stop(state.response!, t, cal);
        sla.stop(state.resolution!, t, cal);
        state.resolvedAt = t;
        break;
      case 'reopen':
        state.resolution!.stopped = false;
        sla.resume(state.resolution!, t);
        state.resolvedAt = null;
        state.reopenCount++;
        break;
      case 'setPriority': {
        if (!priority || !route.targets[priority]) return { error: `priority must be one of ${PRIORITIES.join(', ')}`, type: INVALID_TRANSITION };
        state.priority = priority;
        sla.retarget(state.response!, route.targets[priority].responseMs, t, cal);
        sla.retarget(state.resolution!, route.targets[priority].resolutionMs, t, cal);
        break;
      }
      case 'unlink':
        if (state.unlinked) return { error: 'the incident is already unlinked from its request', type: ILLEGAL_TRANSITION };
        state.unlinked = true;
        await act.unlinkRequest(input.requestId, state.orderId!, actorId);
        break;
      case 'close':
        break;
    }
    state.status = next.status;
    await record(action, from, actorId, comment ? { comment } : {});
    if (action === 'resolve' || action === 'close') await freeUp();
    return {};
  };

  const fireSla = async (which: 'response' | 'resolution', level: sla.SlaLevel) => {
    const clock = which === 'response' ? state.response! : state.resolution!;
    if (sla.reach(clock, level)) await act.slaReached({ incidentId, clock: which, level });
  };

  // Keys come from the workflow's step numbers (0: the first one), so a retried delivery finds
  // its key even when later steps have been recorded meanwhile.
  await notify(() => act.notifyStatusChange(incidentId, 'NEW', 0));
  await tryAutoAssign();

  // 4. Work: apply transitions in order, fire SLA thresholds, close after the reopen window.
  while (current() !== 'CLOSED') {
    const t = now();
    const deadlines: { at: number; run: () => Promise<void> }[] = [];
    for (const which of ['response', 'resolution'] as const) {
      const due = sla.nextThreshold(which === 'response' ? state.response! : state.resolution!, t, cal);
      if (due) deadlines.push({ at: due.at, run: () => fireSla(which, due.level) });
    }
    if (current() === 'RESOLVED' && state.resolvedAt !== null) {
      deadlines.push({
        at: state.resolvedAt + route.reopenWindowMs,
        run: async () => {
          state.status = 'CLOSED';
          await record('close', 'RESOLVED', null, { reason: 'reopen window elapsed' });
        },
      });
    }
    if (current() === 'NEW' && !state.assigneeId) deadlines.push({ at: t + route.assignRetryMs, run: tryAutoAssign });
    deadlines.sort((a, b) => a.at - b.at);
    const first = deadlines[0];
    const woken = await condition(() => queue.length > 0 || assignmentOffered, first ? Math.max(1, first.at - t) : undefined);
    if (queue.length > 0) {
      const item = queue.shift()!;
      results.set(item.id, await apply(item.input));
    } else if (assignmentOffered) {
      await tryAutoAssign();
    } else if (!woken && first) {
      await first.run();
    }
  }

  // 5. Close incident, order and request; tell the manager and the client.
  state.phase = 'CLOSING';
  await act.closeIncident(incidentId);
  if (!state.unlinked) {
    await act.closeOrder(input.requestId, state.orderId!);
    state.closeReason = 'resolved';
    await act.closeRequest(input.requestId, state.closeReason);
  }
  await notify(() => act.notifyClosure(input.requestId));
  await Promise.all(pending);
  state.phase = 'DONE';
  // Updates that arrived after the close are answered before the workflow ends.
  for (const item of queue.splice(0)) results.set(item.id, { error: 'the incident is CLOSED', type: ILLEGAL_TRANSITION });
  await condition(allHandlersFinished);
  return state;
}
