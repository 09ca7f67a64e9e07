// Activities: plain async functions around the domain's lifecycle steps. Every step is
// idempotent, so Temporal's retries are exactly-once in effect.
import { ApplicationFailure } from '@temporalio/activity';
import { DomainError } from '../domain/shared/errors';
import type { Lifecycle } from '../domain/lifecycle/lifecycle';
import { digestRecipients, type Digests } from '../domain/notifications/digests';
import { Deferred } from '../domain/notifications/notifier';
import type { Database } from '../infra/db';
import { routeRequest } from '../domain/lifecycle/routing';
import { editRequest } from '../domain/lifecycle/requestEdit';
import { checkAssignee, oldestWaitingIncident, pickAgent } from '../domain/lifecycle/assignment';
import { chatsToWake, distributionStep, escalateChat, lapseOffer, offerChat } from '../domain/chat/distribution';
import type { NotificationChannel } from '../domain/notifications/notifier';
import { activities as activityCounter, activityDuration } from '../infra/metrics';
import { createSyncActivities, type SyncDeps } from './sync';

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
      // A message held for quiet hours is tried again when they end, whatever the backoff says.
      if (error instanceof Deferred) {
        throw ApplicationFailure.create({ message: error.message, type: 'Deferred', nextRetryDelay: Math.max(1000, error.until.getTime() - Date.now()) });
      }
      if (error instanceof DomainError && error.status < 500) {
        throw ApplicationFailure.nonRetryable(error.message, `Domain${error.status}`);
      }
      throw error;
    } finally {
      end();
    }
  };
}

export interface ActivityOptions {
  assignRetryMs: number;
  digests: Digests;
  /** Where the chat's escalations to supervisors go (the worker's notification channel). */
  channel: NotificationChannel;
  /** The sync's connectors and our services (null: no sync, its activities refuse). */
  sync?: SyncDeps | null;
}

export function createActivities(db: Database, lifecycle: Lifecycle, options: ActivityOptions) {
  const l = lifecycle;
  const sync = createSyncActivities(db, options.sync ?? null);
  return {
    syncPoll: instrument('syncPoll', sync.syncPoll),
    syncApply: instrument('syncApply', sync.syncApply),
    syncCommit: instrument('syncCommit', sync.syncCommit),
    syncOutbound: instrument('syncOutbound', sync.syncOutbound),
    routeRequest: instrument('routeRequest', (requestId: string) => routeRequest(db, requestId, options.assignRetryMs)),
    editRequest: instrument('editRequest', (requestId: string, input: Parameters<typeof editRequest>[2]) => editRequest(db, requestId, input)),
    createExternalOrder: instrument('createExternalOrder', (requestId: string) => l.createOrder(requestId)),
    cancelUnconfirmedOrder: instrument('cancelUnconfirmedOrder', (requestId: string) => l.cancelUnconfirmedOrder(requestId)),
    openIncident: instrument('openIncident', (input: Parameters<Lifecycle['openIncident']>[0]) => l.openIncident(input)),
    pickAgent: instrument('pickAgent', (departmentId: string, incidentId: string) => pickAgent(db, departmentId, incidentId)),
    checkAssignee: instrument('checkAssignee', (departmentId: string, employeeId: string) => checkAssignee(db, departmentId, employeeId)),
    oldestWaitingIncident: instrument('oldestWaitingIncident', (departmentId: string, exceptRequestId: string) =>
      oldestWaitingIncident(db, departmentId, exceptRequestId),
    ),
    recordTransition: instrument('recordTransition', (input: Parameters<Lifecycle['recordTransition']>[0]) => l.recordTransition(input)),
    slaReached: instrument('slaReached', (input: Parameters<Lifecycle['slaReached']>[0]) => l.slaReached(input)),
    unlinkRequest: instrument('unlinkRequest', (requestId: string, orderId: string, actorId: string) => l.unlinkRequest(requestId, orderId, actorId)),
    closeIncident: instrument('closeIncident', (incidentId: string) => l.closeIncident(incidentId)),
    closeOrder: instrument('closeOrder', (requestId: string, orderId: string) => l.closeOrder(requestId, orderId)),
    closeRequest: instrument('closeRequest', (requestId: string, reason: string) => l.closeRequest(requestId, reason)),
    finishRequest: instrument('finishRequest', (input: Parameters<Lifecycle['finishRequest']>[0]) => l.finishRequest(input)),
    abandonRequest: instrument('abandonRequest', (requestId: string, orderId: string | null, reason: string, actorId: string) =>
      l.abandonRequest(requestId, orderId, reason, actorId),
    ),
    notifyStatusChange: instrument('notifyStatusChange', (incidentId: string, status: Parameters<Lifecycle['notifyStatusChange']>[1], seq?: number) =>
      l.notifyStatusChange(incidentId, status, seq),
    ),
    notifyAssignee: instrument('notifyAssignee', (incidentId: string, agentId: string, seq?: number) => l.notifyAssignee(incidentId, agentId, seq)),
    notifyClosure: instrument('notifyClosure', (requestId: string) => l.notifyClosure(requestId)),
    digestRecipients: instrument('digestRecipients', (timezone: string, role: 'agent' | 'supervisor') => digestRecipients(db, timezone, role)),
    sendAgentDigest: instrument('sendAgentDigest', (employeeId: string, date: string) => options.digests.sendAgentDigest(employeeId, date)),
    sendSlaSummary: instrument('sendSlaSummary', (employeeId: string, date: string) => options.digests.sendSlaSummary(employeeId, date)),
    // The chat's distribution (workflows/chat/distribution.ts).
    chatDistributionStep: instrument('chatDistributionStep', (conversationId: string) => distributionStep(db, conversationId)),
    offerChat: instrument('offerChat', (conversationId: string, lapsed: string[]) => offerChat(db, conversationId, lapsed)),
    lapseChatOffer: instrument('lapseChatOffer', (conversationId: string, agentId: string) => lapseOffer(db, conversationId, agentId)),
    escalateChat: instrument('escalateChat', (conversationId: string, spell: number) => escalateChat(db, options.channel, conversationId, spell)),
    chatsToWake: instrument('chatsToWake', (departmentId: string, except: string) => chatsToWake(db, departmentId, except)),
  };
}

export type Activities = ReturnType<typeof createActivities>;
