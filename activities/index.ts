// Activities: plain async functions around the domain's lifecycle steps. Every step is
// idempotent, so Temporal's retries are exactly-once in effect.
import { ApplicationFailure } from '@temporalio/activity';
import { DomainError } from '../domain/errors';
import type { Lifecycle } from '../domain/lifecycle';
import { activities as activityCounter, activityDuration } from '../infra/metrics';

/** Counts outcomes and turns client errors (4xx) into non-retryable failures. */
function instrument<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const end = activityDuration.startTimer({ activity: name });
    try {
      const result = await fn(...args);
      activityCounter.inc({ activity: name, outcome: 'completed' });
      return result;
    } catch (error) {
      activityCounter.inc({ activity: name, outcome: 'failed' });
      if (error instanceof DomainError && error.status < 500) {
        throw ApplicationFailure.nonRetryable(error.message, `Domain${error.status}`);
      }
      throw error;
    } finally {
      end();
    }
  };
}

export function createActivities(lifecycle: Lifecycle) {
  return {
    createExternalOrder: instrument('createExternalOrder', (requestId: string) => lifecycle.createOrder(requestId)),
    openIncident: instrument('openIncident', (requestId: string, orderId: string) => lifecycle.openIncident(requestId, orderId)),
    closeIncident: instrument('closeIncident', (incidentId: string, resolution: string, actorId: string) =>
      lifecycle.closeIncident(incidentId, resolution, actorId),
    ),
    closeOrder: instrument('closeOrder', (requestId: string, orderId: string) => lifecycle.closeOrder(requestId, orderId)),
    closeRequest: instrument('closeRequest', (requestId: string, reason: string) => lifecycle.closeRequest(requestId, reason)),
    notifyClosure: instrument('notifyClosure', (requestId: string) => lifecycle.notifyClosure(requestId)),
  };
}

export type Activities = ReturnType<typeof createActivities>;
