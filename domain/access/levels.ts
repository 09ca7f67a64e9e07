// How far a person may go with one incident or request, decided from who they are (see
// scope.ts): the executing staff work it; its requester (the client whose account this is)
// follows it, answers publicly, reopens or closes it; an observer (who filed it for someone
// else, or supervises the requester's department) reads what the requester reads.
import type { Action } from '../incidents/states';

export const ACCESS_LEVELS = ['staff', 'requester', 'observer'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** What a requester may do to their own incident; every other action is the staff's. */
export const REQUESTER_ACTIONS: readonly Action[] = ['reopen', 'close'];

/** The actions this level may take among those the incident's status allows. */
export function actionsFor(level: AccessLevel, allowed: readonly Action[]): Action[] {
  if (level === 'staff') return [...allowed];
  if (level === 'requester') return allowed.filter((a) => REQUESTER_ACTIONS.includes(a));
  return [];
}

/** Internal comments, internal files and every notification: the executing staff's only. */
export const seesInternal = (level: AccessLevel) => level === 'staff';

/** Who may add a comment or a file: the staff and the requester, not an observer. */
export const mayContribute = (level: AccessLevel) => level !== 'observer';
