// The incident state machine. Pure: the workflow validates updates with it, the API and the
// board use it to offer only the actions the process allows.
/** A service request's statuses (the journal's filter, the web's labels). */
export const REQUEST_STATUSES = ['NEW', 'IN_PROGRESS', 'CLOSED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const INCIDENT_STATUSES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT', 'RESOLVED', 'CLOSED', 'CANCELLED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const ACTIONS = ['assign', 'start', 'waitForClient', 'resume', 'resolve', 'reopen', 'close', 'setPriority', 'unlink', 'cancel'] as const;
export type Action = (typeof ACTIONS)[number];

/** The statuses of an incident still being worked on: its open backlog, an agent's load. */
export const OPEN_STATUSES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT'] as const satisfies readonly IncidentStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];
const ACTIVE: readonly IncidentStatus[] = OPEN_STATUSES;

/** The statuses an incident ends in: closed after its work, or cancelled with a reason. */
export const FINAL_STATUSES = ['CLOSED', 'CANCELLED'] as const satisfies readonly IncidentStatus[];
export const isFinal = (status: IncidentStatus): boolean => (FINAL_STATUSES as readonly IncidentStatus[]).includes(status);

/** From which statuses an action is allowed, and the status it leads to (null: unchanged). */
const RULES: Record<Action, { from: readonly IncidentStatus[]; to: IncidentStatus | null }> = {
  assign: { from: ACTIVE, to: null }, // NEW -> ASSIGNED; a reassignment keeps the status
  start: { from: ['ASSIGNED'], to: 'IN_PROGRESS' },
  waitForClient: { from: ['IN_PROGRESS'], to: 'WAITING_FOR_CLIENT' },
  resume: { from: ['WAITING_FOR_CLIENT'], to: 'IN_PROGRESS' },
  resolve: { from: ACTIVE, to: 'RESOLVED' },
  reopen: { from: ['RESOLVED'], to: 'IN_PROGRESS' },
  close: { from: ['RESOLVED'], to: 'CLOSED' },
  setPriority: { from: ACTIVE, to: null },
  unlink: { from: ACTIVE, to: null },
  // Its executor or a supervisor gives the incident up with a reason (issue 17); no reopen.
  cancel: { from: ACTIVE, to: 'CANCELLED' },
};

export function isActive(status: IncidentStatus): boolean {
  return ACTIVE.includes(status);
}

/** The status after the action, or an explanation why it is not allowed now. */
export function nextStatus(status: IncidentStatus, action: Action): { ok: true; status: IncidentStatus } | { ok: false; reason: string } {
  const rule = RULES[action];
  if (!rule) return { ok: false, reason: `unknown action "${action}"` };
  if (!rule.from.includes(status)) {
    return { ok: false, reason: `"${action}" is not allowed while the incident is ${status}; allowed from ${rule.from.join(', ')}` };
  }
  if (action === 'assign') return { ok: true, status: status === 'NEW' ? 'ASSIGNED' : status };
  return { ok: true, status: rule.to ?? status };
}

export function allowedActions(status: IncidentStatus): Action[] {
  return ACTIONS.filter((a) => RULES[a].from.includes(status));
}

/**
 * The action a board move asks for: dragging a card to the column of `to`. The one allowed from
 * `from` if there is one; otherwise the first that leads to `to` (the process then refuses it
 * with its reason); null when no action leads there at all (back to NEW).
 */
export function actionForMove(from: IncidentStatus, to: IncidentStatus): Action | null {
  if (from === to) return null;
  const leading = ACTIONS.filter((a) => (a === 'assign' ? to === 'ASSIGNED' : RULES[a].to === to));
  return leading.find((a) => RULES[a].from.includes(from)) ?? leading[0] ?? null;
}
