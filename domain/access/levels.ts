// How far a person may go with one incident or request, decided from who they are (see
// access/repository.ts): the executing staff work it; its requester (the client whose account this is)
// follows it, answers publicly, reopens or closes it; an observer (who filed it for someone
// else, or supervises the requester's department) reads what the requester reads.
export const ACCESS_LEVELS = ['staff', 'requester', 'observer'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Internal comments, internal files and every notification: the executing staff's only. */
export const seesInternal = (level: AccessLevel) => level === 'staff';

/** Who may add a comment or a file: the staff and the requester, not an observer. */
export const mayContribute = (level: AccessLevel) => level !== 'observer';

/**
 * Links between incidents (a mass incident's children, merging a duplicate, "related to"): only
 * for who works every incident involved, the staff level on each (a user, a requester or an
 * observer never).
 */
export const mayLinkIncidents = (...levels: AccessLevel[]) => levels.length > 0 && levels.every((level) => level === 'staff');
