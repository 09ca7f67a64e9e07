// Turning an outside system's words into ours and back (docs/sync.md, "Mapping"): the one
// place a status, priority, queue or project, person or custom field is translated. No mapping:
// the value is held for an admin with this reason, never guessed.
export const SYNC_SYSTEMS = ['rt', 'redmine'] as const;
export const MAPPING_KINDS = ['status', 'priority', 'queue', 'person', 'tracker', 'field'] as const;
/**
 * Our fields a custom field there may fill (kind `field`): the request's text fields an admin
 * would ask RT or Redmine to carry. A name outside this list is refused at the mapping, so a
 * typo ("problemtype") never waits silently for a field that does not exist.
 */
export const OUR_FIELDS = ['title', 'description', 'problemType', 'orderId', 'resolution'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

export interface Mapping {
  system: string;
  kind: string;
  remote: string;
  local: string;
}

export type Translation = { ok: true; value: string } | { ok: false; reason: string };

/** Their value in ours: the one mapping of (system, kind, remote), compared without case. */
export function toOurs(mappings: readonly Mapping[], system: string, kind: MappingKind, remote: string): Translation {
  const found = mappings.find((m) => m.system === system && m.kind === kind && m.remote.toLowerCase() === remote.toLowerCase());
  return found ? { ok: true, value: found.local } : { ok: false, reason: `${system} ${kind} "${remote}" has no mapping` };
}

/** Our value in theirs: the first mapping (by their value) of ours; several of theirs may map to one of ours. */
export function toTheirs(mappings: readonly Mapping[], system: string, kind: MappingKind, local: string): Translation {
  const found = mappings.filter((m) => m.system === system && m.kind === kind && m.local === local).sort((a, b) => a.remote.localeCompare(b.remote))[0];
  return found ? { ok: true, value: found.remote } : { ok: false, reason: `our ${kind} "${local}" has no ${system} mapping` };
}

/**
 * A change seen there is our own write coming back: made by the sync's own user (where the
 * system says who changed it last), or at or before the version the sync's last write left on
 * the link. Before it too: a poll that read the ticket just before our next write would
 * otherwise take our previous write for theirs and move our incident back (seen 2026-12-03:
 * a Redmine issue read at "New" after we had resolved it). Versions are ISO times of whole
 * seconds, so they compare as text; within the very second of our write, the values tell.
 */
export function isEcho(
  ticket: { updatedBy: string | null; updatedAt: string; status: string; priority: string; assignee?: string | null },
  link: { lastWritten: string | null; lastValues: string | null } | null,
  ownLogin: string,
): boolean {
  if (ticket.updatedBy === ownLogin) return true;
  if (!link?.lastWritten || ticket.updatedAt > link.lastWritten) return false;
  // In the very second of our write a person there may have changed it too: the version is the
  // same, the values are not what our write left (the conflict test edits both sides at once).
  return ticket.updatedAt < link.lastWritten || link.lastValues === null || link.lastValues === writtenValues(ticket);
}

/**
 * What a write left on a ticket, as the link keeps it to tell a same-second change from an echo:
 * status, priority and assignee (a person there who changes only the owner in our write's second
 * is theirs too). Links written before the assignee was carried keep two lines: their ticket's
 * next change in that very second is applied once more, which changes nothing (apply.ts is idempotent).
 */
export const writtenValues = (ticket: { status: string; priority: string; assignee?: string | null }): string =>
  `${ticket.status}\n${ticket.priority}\n${ticket.assignee ?? ''}`;
