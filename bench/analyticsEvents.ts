// A year of lifecycle events generated in ClickHouse SQL (no rows pass through Node): every
// column the relay writes (analytics/relay.ts), with the event mix of real requests. Request r
// is filed r/requests of a year ago (r = 0 today), mostly in working hours, in one of the
// departments (skewed: the first ones are the busiest), four services each across eight kinds
// (class/type) with three problem types per kind, eight channels, P1..P4, 100,000 clients (a few
// file most), 20,000 assets on hardware requests, six agents per department. Each request has
// up to twelve events, one per slot of `number % 12`:
//   filed, order.created, incident.opened, assigned, notification, started,
//   sla.warning or a comment, sla.breach or a notification, resolved, incident.closed,
//   order.closed, request.closed (seconds_since_filed, resolution_seconds, sla_breached)
// 2 % of orders fail (filed, order.failed, request.closed), 1 % are closed by staff before an
// incident (filed, order.created, order.cancelled, request.closed). Response and resolution
// times depend on the priority; SLA warnings and breaches follow from them and the targets.
// Events after now are not emitted: the last days' requests are still open (the backlog).

/** A deterministic, random-looking UUID of an integer expression. */
const uuidOf = (expr: string, salt: number) =>
  `toUUID(UUIDNumToString(toFixedString(unhex(concat(leftPad(hex(cityHash64(${expr}, ${salt})), 16, '0'), leftPad(hex(cityHash64(${expr}, ${salt + 1})), 16, '0'))), 16)))`;

const list = (xs: (string | number)[]) => `[${xs.map((x) => (typeof x === 'number' ? String(x) : `'${x}'`)).join(', ')}]`;

const KINDS = [
  ['hardware', 'computer', 'wont-boot', 'slow', 'broken-screen'],
  ['hardware', 'printer', 'paper-jam', 'no-toner', 'not-printing'],
  ['hardware', 'phone', 'no-signal', 'broken', 'battery'],
  ['infrastructure', 'network', 'no-wifi', 'slow-network', 'vpn'],
  ['software', 'access', 'password', 'new-account', 'permissions'],
  ['software', 'email', 'cannot-send', 'mailbox-full', 'spam'],
  ['facilities', 'hvac', 'too-hot', 'too-cold', 'noise'],
  ['facilities', 'furniture', 'chair', 'desk', 'lighting'],
] as const;
const CHANNELS = ['PHONE', 'EMAIL', 'WEB', 'QR', 'TELEGRAM', 'CHAT', 'SMS', 'ESB'];
const CHANNEL_CUMULATIVE = [35, 55, 75, 83, 90, 95, 98, 100];
const PRIORITY_CUMULATIVE = [5, 25, 75, 100]; // P1..P4
// Seconds per priority P1..P4: typical time to start and to resolve, and the SLA targets.
const RESPONSE_BASE = [600, 1800, 3600, 14400];
const RESOLUTION_BASE = [7200, 28800, 86400, 259200];
const RESPONSE_TARGET = [1800, 7200, 28800, 57600];
const RESOLUTION_TARGET = [18000, 72000, 216000, 648000];

export const SLOTS = 12;

/** The columns of incident_events, in the order of the table. */
export const COLUMNS = [
  'event_id',
  'type',
  'request_id',
  'incident_id',
  'department_id',
  'service_id',
  'channel',
  'actor_id',
  'client_id',
  'priority',
  'assignee_id',
  'service_class',
  'service_type',
  'problem_type',
  'asset_id',
  'seconds_since_filed',
  'status',
  'close_reason',
  'resolution_seconds',
  'sla_clock',
  'sla_due_at',
  'sla_target_seconds',
  'sla_breached',
  'occurred_at',
].join(', ');

/** Per request: its dimensions, timings and the arrays of its events' types, offsets and statuses. */
function requestsSelect(requests: number, departmentIds: string[]): string {
  const u = (k: number) => `(cityHash64(r, ${k}) % 1000000 / 1000000)`;
  return `
    SELECT
      r,
      least(${departmentIds.length}, 1 + toUInt32(floor(${departmentIds.length} * pow(${u(1)}, 1.6)))) AS dept,
      (dept - 1) * 4 + cityHash64(r, 2) % 4 AS service_no,
      1 + service_no % ${KINDS.length} AS kind,
      arrayFirstIndex(c -> ${u(5)} * 100 < c, ${list(PRIORITY_CUMULATIVE)}) AS p,
      multiIf(${u(9)} < 0.02, 1, ${u(9)} < 0.03, 2, 0) AS outcome, -- 0 incident, 1 order failed, 2 closed by staff
      toUInt64(toUnixTimestamp(toStartOfDay(now()))) * 1000 - intDiv(r * 365, ${requests}) * 86400000
        + toUInt64(if(${u(12)} < 0.85, 25200 + ${u(13)} * 39600, ${u(13)} * 86400) * 1000) AS filed_ms,
      15 + cityHash64(r, 14) % 600 AS assign_s,
      assign_s + toUInt32(${list(RESPONSE_BASE)}[p] * (0.2 + 2 * pow(${u(10)}, 2))) AS start_s,
      start_s + toUInt32(${list(RESOLUTION_BASE)}[p] * (0.1 + 3 * pow(${u(11)}, 3))) AS resolve_s,
      resolve_s + 3600 + cityHash64(r, 15) % 82800 AS close_s,
      300 + cityHash64(r, 16) % 7200 AS staff_s,
      5 + ${list(RESPONSE_TARGET)}[p] AS response_due_s,
      5 + ${list(RESOLUTION_TARGET)}[p] AS resolution_due_s,
      5 + toUInt32(0.8 * ${list(RESOLUTION_TARGET)}[p]) AS warn_s,
      start_s > response_due_s AS response_breach,
      resolve_s > warn_s AS warned,
      response_breach OR resolve_s > resolution_due_s AS breached,
      if(response_breach, response_due_s, resolution_due_s) AS breach_s,
      multiIf(
        outcome = 1, ['request.filed', 'order.failed', 'request.closed'],
        outcome = 2, ['request.filed', 'order.created', 'order.cancelled', 'request.closed'],
        ['request.filed', 'order.created', 'incident.opened', 'incident.assigned', 'notification.sent', 'incident.state_changed',
         if(warned, 'sla.warning', 'comment.added'), if(breached, 'sla.breach', 'notification.sent'),
         'incident.state_changed', 'incident.closed', 'order.closed', 'request.closed']) AS types,
      multiIf(
        outcome = 1, [0, 3, 4],
        outcome = 2, [0, 2, staff_s, staff_s + 1],
        [0, 2, 5, assign_s, assign_s + 2, start_s, if(warned, warn_s, intDiv(start_s + resolve_s, 2)), if(breached, breach_s, start_s + 1),
         resolve_s, close_s, close_s + 1, close_s + 2]) AS offsets,
      multiIf(
        outcome = 1, ['NEW', 'NEW', 'CLOSED'],
        outcome = 2, ['NEW', 'NEW', 'NEW', 'CLOSED'],
        ['NEW', 'NEW', 'NEW', 'ASSIGNED', 'ASSIGNED', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CLOSED', 'CLOSED']) AS statuses,
      ${uuidOf('r', 101)} AS request_id,
      ${uuidOf('r', 103)} AS incident,
      toUUID(${list(departmentIds)}[dept]) AS department,
      ${uuidOf('service_no', 105)} AS service,
      arrayElement(${list(CHANNELS)}, arrayFirstIndex(c -> ${u(4)} * 100 < c, ${list(CHANNEL_CUMULATIVE)})) AS channel,
      toString(${uuidOf('(dept - 1) * 6 + cityHash64(r, 8) % 6', 107)}) AS agent,
      ${uuidOf('toUInt64(100000 * pow(' + u(6) + ', 2))', 109)} AS client,
      concat('P', toString(p)) AS priority,
      ${list(KINDS.map((k) => k[0]))}[kind] AS service_class,
      ${list(KINDS.map((k) => k[1]))}[kind] AS service_type,
      if(${u(3)} < 0.15, '', ${list(KINDS.flatMap((k) => k.slice(2)))}[(kind - 1) * 3 + 1 + cityHash64(r, 3) % 3]) AS problem_type,
      if(service_class = 'hardware' AND ${u(7)} < 0.7, toNullable(${uuidOf('(dept - 1) * 400 + cityHash64(r, 7) % 400', 111)}), NULL) AS asset_id,
      multiIf(outcome = 1, 'order could not be created: order system unavailable', outcome = 2, 'duplicate request', 'resolved') AS reason
    FROM (SELECT number AS r FROM numbers(${requests}))`;
}

const NOW_MS = 'toUnixTimestamp64Milli(now64(3))';

/** How many events the generator gives for `requests` requests (the last ones are cut at now). */
export function eventCountSelect(requests: number, departmentIds: string[]): string {
  return `SELECT sum(arrayCount(o -> filed_ms + o * 1000 <= ${NOW_MS}, offsets)) FROM (${requestsSelect(requests, departmentIds)})`;
}

/** SELECT of the generated events (the columns of incident_events) for `requests` requests. */
export function eventsSelect(requests: number, departmentIds: string[]): string {
  return `
  SELECT ${COLUMNS} FROM (
  SELECT
    idx - 1 AS slot,
    generateUUIDv4(r * ${SLOTS} + slot) AS event_id, type, request_id,
    if(outcome = 0 AND slot >= 2, toNullable(incident), NULL) AS incident_id,
    toNullable(department) AS department_id, toNullable(service) AS service_id, channel,
    if(type IN ('incident.state_changed', 'comment.added'), agent, '') AS actor_id,
    toNullable(client) AS client_id, priority,
    if(outcome = 0 AND slot >= 3, agent, '') AS assignee_id,
    service_class, service_type, problem_type, asset_id,
    toNullable(toUInt32(offset_s)) AS seconds_since_filed, status,
    if(type = 'request.closed', reason, '') AS close_reason,
    if(outcome = 0 AND slot >= 8, toNullable(toUInt32(resolve_s)), NULL) AS resolution_seconds,
    type IN ('sla.warning', 'sla.breach') AS is_sla,
    if(is_sla, if(type = 'sla.breach' AND response_breach, 'response', 'resolution'), '') AS sla_clock,
    if(sla_clock = 'response', response_due_s, resolution_due_s) AS due_s,
    if(is_sla, toNullable(fromUnixTimestamp64Milli(toInt64(filed_ms + due_s * 1000), 'UTC')), NULL) AS sla_due_at,
    if(is_sla, toNullable(toUInt32(due_s - 5)), NULL) AS sla_target_seconds,
    if(outcome = 0 AND slot >= 2, toNullable(toUInt8(breached AND offset_s >= breach_s)), NULL) AS sla_breached,
    filed_ms + offset_s * 1000 + slot AS at_ms,
    fromUnixTimestamp64Milli(toInt64(at_ms), 'UTC') AS occurred_at
  FROM (${requestsSelect(requests, departmentIds)})
  ARRAY JOIN types AS type, offsets AS offset_s, statuses AS status, arrayEnumerate(types) AS idx
  WHERE at_ms <= ${NOW_MS})`;
}
