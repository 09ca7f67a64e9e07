// The activities the process calls, with their options (docs/workflows.md, "Activity options").
// Which of them run as local activities is chosen once per run, at its start, by patch.
import { ActivityCancellationType, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

export const { createExternalOrder } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // A request closed by staff while an attempt runs waits for that attempt, so an order it
  // creates is known and cancelled (the setting is the SDK's own: not in the history).
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

export const act = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export type LocalSteps = Pick<Activities, 'recordTransition' | 'routeRequest' | 'openIncident' | 'pickAgent'> & {
  /** Patch "lean-process": messages owed from the outbox, the end in one step, one timer at a time. */
  lean: boolean;
};

/**
 * The steps that run in the worker beside the workflow task, chosen by their patches in this
 * order (the order of the markers in a run's history):
 * - "local-record": recording a transition, so a state change needs one server round trip, not
 *   three, before its update answers;
 * - "local-intake": routing, opening the incident and the pick of an agent, so a request reaches
 *   its agent without three activity round trips through the server, where intake spent its time
 *   (docs/performance.md). The order stays a normal activity: it calls the outside system, may be
 *   slow or down for a while, and staff may close the request meanwhile.
 * Runs started before a patch schedule those steps as normal activities, as they did.
 * "lean-process" (issue 18) implies both and is the only marker of its runs: each patch marker
 * costs two history events (the marker and the SDK's upsert of TemporalChangeVersion).
 */
export function chooseLocalSteps(lean: boolean): LocalSteps {
  if (lean)
    return { recordTransition: local.recordTransition, routeRequest: local.routeRequest, openIncident: local.openIncident, pickAgent: local.pickAgent, lean };
  const recordTransition = patched('local-record') ? local.recordTransition : act.recordTransition;
  const intake = patched('local-intake')
    ? { routeRequest: local.routeRequest, openIncident: local.openIncident, pickAgent: local.pickAgent }
    : { routeRequest: act.routeRequest, openIncident: act.openIncident, pickAgent: act.pickAgent };
  return { recordTransition, ...intake, lean };
}
