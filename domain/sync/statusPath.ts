// Which workflow actions take our incident to the status a ticket there has (docs/sync.md,
// "Workflows"): a status change from there goes through the incident's transitions, never a
// direct write, so it takes the steps staff would. Pure.
import { isFinal, nextStatus, type Action, type IncidentStatus } from '../process/states';

/** The actions the sync may take; assigning is left to our own assignment (it needs an agent). */
const MOVES: readonly Action[] = ['start', 'waitForClient', 'resume', 'resolve', 'reopen', 'close', 'cancel'];
const OPEN: readonly IncidentStatus[] = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT'];

export type StatusPath = { ok: true; actions: Action[] } | { ok: false; reason: string };

/**
 * The shortest list of actions from `from` (null: the incident is not open yet, its transitions
 * wait in the process's queue) to `to`. An open status we cannot reach without an agent (NEW to
 * IN_PROGRESS) is no action: the incident is open either way and our assignment moves it on.
 */
export function statusPath(from: IncidentStatus | null, to: IncidentStatus): StatusPath {
  if (from === to) return { ok: true, actions: [] };
  if (from === null) {
    // Before the incident opens only the moves allowed from every open status can wait.
    if (to === 'RESOLVED') return { ok: true, actions: ['resolve'] };
    if (to === 'CLOSED') return { ok: true, actions: ['resolve', 'close'] };
    if (to === 'CANCELLED') return { ok: true, actions: ['cancel'] };
    return { ok: true, actions: [] };
  }
  if (isFinal(from)) {
    // Past it already (closed after the reopen window, while theirs says resolved): nothing to do.
    if (to === 'RESOLVED' || isFinal(to)) return { ok: true, actions: [] };
    return { ok: false, reason: `our incident is ${from} already; it cannot become ${to}` };
  }
  const seen = new Map<IncidentStatus, Action[]>([[from, []]]);
  const queue: IncidentStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const action of MOVES) {
      const next = nextStatus(at, action);
      if (!next.ok || seen.has(next.status)) continue;
      const path = [...seen.get(at)!, action];
      if (next.status === to) return { ok: true, actions: path };
      seen.set(next.status, path);
      queue.push(next.status);
    }
  }
  if (OPEN.includes(from) && OPEN.includes(to)) return { ok: true, actions: [] };
  return { ok: false, reason: `no transition leads from ${from} to ${to}` };
}
