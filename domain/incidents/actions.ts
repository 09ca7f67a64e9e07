// Which of the actions an incident's status allows a reader may take, by their access level
// (access/levels.ts): the staff who work it all of them, its requester reopen or close it, an
// observer none.
import type { AccessLevel } from '../access/levels';
import type { Action } from '../process/states';

/** What a requester may do to their own incident; every other action is the staff's. */
export const REQUESTER_ACTIONS: readonly Action[] = ['reopen', 'close'];

/** The actions this level may take among those the incident's status allows. */
export function actionsFor(level: AccessLevel, allowed: readonly Action[]): Action[] {
  if (level === 'staff') return [...allowed];
  if (level === 'requester') return allowed.filter((a) => REQUESTER_ACTIONS.includes(a));
  return [];
}
