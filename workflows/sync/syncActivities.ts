// The sync's activities as its workflows call them. Retried without end, 1 s doubling to 15 s:
// a side that is away (an outage of RT or Redmine, a timeout) or an incident not open yet is
// waited out, and as the cursors move only after a change is applied, nothing is lost; every
// activity is idempotent, so nothing doubles. 15 s: a side that comes back is noticed within it.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

export const syncActivities = proxyActivities<Pick<Activities, 'syncPoll' | 'syncApply' | 'syncCommit' | 'syncOutbound'>>({
  // A pass of 100 RT tickets reads each one's description and comments (about 0.1 s a call here).
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '15 seconds' },
});

export interface SyncInput {
  system: string;
  pollSeconds: number;
}

/** Passes a run makes before it continues as new, so its history stays short (about 4 events a pass). */
export const PASSES_PER_RUN = 200;
