// The process's vocabulary: what the service request workflow, its activities, the domain and
// the API say to each other about one request. Pure (types and constants, no I/O): the workflow
// bundle imports it, and so do the domain's routing and lifecycle steps, so neither side
// imports the other.
import type { BusinessCalendar } from './calendar';
import type { Action, IncidentStatus } from './states';
import type { SlaClock } from './slaClock';

/** Every priority, most urgent first: the one list the types, schemas and messages derive from. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** ROUTING -> ORDERING -> ACTIVE -> CLOSING -> DONE, or FAILED when no incident was made. */
export type Phase = 'ROUTING' | 'ORDERING' | 'ACTIVE' | 'CLOSING' | 'DONE' | 'FAILED';

export interface ServiceRequestInput {
  requestId: string;
}

export type SlaTargets = Record<Priority, { responseMs: number; resolutionMs: number }>;

/** Where a request goes and under which clocks: routeRequest's result, kept in the history. */
export interface Route {
  departmentId: string;
  priority: Priority;
  targets: SlaTargets;
  calendar: BusinessCalendar;
  reopenWindowMs: number;
  assignRetryMs: number;
}

/** The workflow's state: the `state` query's answer and the updates' result. */
export interface ProcessState {
  requestId: string;
  phase: Phase;
  status: IncidentStatus | null;
  incidentId: string | null;
  orderId: string | null;
  departmentId: string | null;
  priority: Priority | null;
  assigneeId: string | null;
  unlinked: boolean;
  resolvedAt: number | null;
  reopenCount: number;
  response: SlaClock | null;
  resolution: SlaClock | null;
  closeReason: string | null;
  /** Who closed the request by hand before an incident was made. */
  closedBy?: string | null;
}

export interface TransitionInput {
  action: Action;
  actorId: string;
  assigneeId?: string;
  priority?: Priority;
  comment?: string;
  /**
   * A cancel that merges the incident into another (domain/incidents/links.ts): the step that
   * records the cancel writes the link in the same statement, so neither stands without the other.
   */
  mergeIntoId?: string;
  /**
   * What the sender saw before it sent the transition (the sync's inbound apply, docs/sync.md
   * "Who owns each field"): the transition applies only while the incident still has these
   * values, so a person's change that landed while the update was on its way is not overwritten
   * (patch "expected-values"). Refused otherwise with STALE_TRANSITION.
   */
  expected?: ExpectedValues;
}

/** The values a transition expects to replace; a field left out is not compared. */
export interface ExpectedValues {
  status?: IncidentStatus;
  priority?: Priority;
}

/** What recording a step answers the workflow: on a resolve, the open requests linked to the incident as a mass incident. */
export interface RecordedTransition {
  massChildren?: string[];
  /**
   * The request of the department's oldest incident still waiting for an agent, when the step
   * freed its agent and asked (patch "lean-process"; absent in results recorded before it).
   */
  waiting?: string | null;
}

/**
 * The mass incident this request is linked to resolved (signal `parentResolved`, patch
 * "mass-incident"): its resolution and who resolved it, for this request's own resolve.
 */
export interface ParentResolvedInput {
  actorId: string;
  comment: string;
}

/** Staff close a request for which no incident could be made (patch "manual-close"). */
export interface CloseRequestInput {
  reason: string;
  actorId: string;
}

/**
 * An admin edits a request before its incident exists (patch "request-edit"): the fields to
 * change, and the version (updatedAt, ISO) the admin saw, so an edit made meanwhile is refused.
 */
export interface EditRequestInput {
  actorId: string;
  version: string;
  serviceId?: string;
  clientId?: string;
  description?: string;
}

/** Failure types of the updates: the state machine refuses (409), or the input is wrong (400). */
export const ILLEGAL_TRANSITION = 'IllegalTransition';
export const INVALID_TRANSITION = 'InvalidTransition';
/** The incident changed since the sender read it (`TransitionInput.expected`): nothing applied (409). */
export const STALE_TRANSITION = 'StaleTransition';
/** Its problem type in the API's answer, so a sender tells it from other refusals. */
export const STALE_PROBLEM = 'urn:incident-desk:problem:stale-transition';
