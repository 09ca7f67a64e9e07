// Redmine's tracker and the custom fields of both systems, through the `tracker` and `field`
// mapping rows (docs/sync.md, "Trackers and custom fields"). Both belong to the side the ticket
// was made on, as its subject does: written there when we make a ticket (outbound.ts), read in
// when we file one of theirs (apply.ts), not carried after. Nothing is guessed:
// - a tracker with no mapping holds a new ticket of theirs (kind `tracker`) until an admin maps
//   it, as an unmapped status does, once the system has any tracker row (without one, trackers
//   are not carried at all, as a department without a queue row does not sync); ours with no
//   tracker row goes out with the project's default tracker and a held note saying so;
// - a custom field the other side does not have is held (kind `field`, value its name) with the
//   reason, and the ticket goes on without it.
import type { Database } from '../../infra/db';
import type { RemoteTicket, SyncConnector } from './connector';
import { toOurs, toTheirs, type Mapping, type OUR_FIELDS } from './mapping';
import { isProblemTypeCode, isServiceCode } from './mappingRepository';
import { holdRow } from './repository';

type OurField = (typeof OUR_FIELDS)[number];
/** Our request's values a custom field there may carry (null or empty: not written). */
export type OurValues = Partial<Record<OurField, string | null>>;

const rowsOf = (mappings: readonly Mapping[], system: string, kind: 'tracker' | 'field') => mappings.filter((m) => m.system === system && m.kind === kind);

/** What a ticket we make there carries beside its status, priority and queue. */
export async function fieldsOut(
  db: Database,
  connector: SyncConnector,
  mappings: readonly Mapping[],
  r: { id: string; serviceCode: string; problemType: string | null },
  ours: OurValues,
): Promise<{ tracker?: string; customFields?: Record<string, string> }> {
  const system = connector.system;
  const remoteId = `request:${r.id}`;
  const out: { tracker?: string; customFields?: Record<string, string> } = {};
  if (rowsOf(mappings, system, 'tracker').length > 0) {
    // The problem type says more than the service: its tracker first.
    const byType = r.problemType ? toTheirs(mappings, system, 'tracker', r.problemType) : null;
    const tracker = byType?.ok ? byType : toTheirs(mappings, system, 'tracker', r.serviceCode);
    if (tracker.ok) out.tracker = tracker.value;
    else {
      const ourCode = r.problemType ?? r.serviceCode;
      const what = `${r.problemType ? `problem type "${r.problemType}" or ` : ''}service "${r.serviceCode}"`;
      const reason = `no ${system} tracker maps to our ${what}: made with the project's default tracker`;
      await holdRow(db, { system, remoteId, kind: 'tracker', value: ourCode, reason });
    }
  }
  const fields = rowsOf(mappings, system, 'field');
  if (fields.length === 0) return out;
  const there = new Set((await connector.customFieldNames()).map((n) => n.toLowerCase()));
  const customFields: Record<string, string> = {};
  for (const f of fields) {
    const value = ours[f.local as OurField];
    if (!value) continue;
    if (there.has(f.remote.toLowerCase())) customFields[f.remote] = value;
    else await holdRow(db, { system, remoteId, kind: 'field', value: f.remote, reason: missing(system, f, 'written there') });
  }
  if (Object.keys(customFields).length > 0) out.customFields = customFields;
  return out;
}

/** What a ticket of theirs fills in when we file it; null: held for a tracker mapping. */
export interface FieldsIn {
  /** The service the tracker maps to (filed under it instead of the department's first). */
  serviceCode?: string;
  problemType?: string;
  orderId?: string;
}

export async function fieldsIn(db: Database, connector: SyncConnector, mappings: readonly Mapping[], t: RemoteTicket): Promise<FieldsIn | null> {
  const system = connector.system;
  const out: FieldsIn = {};
  if (t.tracker && rowsOf(mappings, system, 'tracker').length > 0) {
    const r = toOurs(mappings, system, 'tracker', t.tracker);
    if (!r.ok) {
      const reason = `${r.reason}: the ticket waits for it (no service or problem type to file it under)`;
      await holdRow(db, { system, remoteId: t.remoteId, kind: 'tracker', value: t.tracker, reason });
      return null;
    }
    if (await isServiceCode(db, r.value)) out.serviceCode = r.value;
    else out.problemType = r.value;
  }
  const fields = rowsOf(mappings, system, 'field');
  if (fields.length === 0) return out;
  const there = new Set((await connector.customFieldNames()).map((n) => n.toLowerCase()));
  const values = new Map(Object.entries(t.customFields ?? {}).map(([name, value]) => [name.toLowerCase(), value.trim()]));
  for (const f of fields) {
    const hold = (reason: string) => holdRow(db, { system, remoteId: t.remoteId, kind: 'field', value: f.remote, reason: reason.slice(0, 500) });
    if (!there.has(f.remote.toLowerCase())) {
      await hold(missing(system, f, 'filled from it'));
      continue;
    }
    const value = values.get(f.remote.toLowerCase());
    if (!value) continue;
    // A custom field's value wins over the tracker's: it names the type itself.
    if (f.local === 'problemType') {
      if (await isProblemTypeCode(db, value)) out.problemType = value;
      else await hold(`${system} custom field "${f.remote}" is "${value}", not an active problem type code: filed without it`);
    } else if (f.local === 'orderId') out.orderId = value.slice(0, 100);
    // title and description come from the ticket's subject and text; the resolution is ours.
  }
  return out;
}

const missing = (system: string, f: Mapping, what: string) =>
  `${system} has no custom field "${f.remote}" (mapped to our ${f.local}): our ${f.local} is not ${what}`;
