// One call event as every source reports it (the JSON webhook's body; the AMI connector maps
// Asterisk's events to it), and the rule of what it does to the call: pure, so both sources
// and every replay or reordering agree.
import { z } from 'zod';
import { E164 } from '../shared/validation';
import { EXTENSION } from '../people/extensions';
import type { CallChange, CallRow } from './repository';

export const CALL_EVENT_KINDS = ['ringing', 'answered', 'ended', 'missed'] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];

export const callEventSchema = z
  .object({
    event: z.enum(CALL_EVENT_KINDS),
    callId: z.string().trim().min(1).max(200).describe("the PBX's call id: with the source, the idempotency key"),
    caller: E164.describe("the caller's number"),
    called: z.string().trim().min(1).max(64).describe('the number the caller dialled'),
    extension: EXTENSION.optional().describe('the operator extension ringing or answering'),
    at: z.string().datetime({ offset: true }).optional().describe('when it happened at the PBX; default: when received'),
    recordingUrl: z.string().url().max(2000).optional().describe('the recording, when the PBX gives one (ended)'),
  })
  .strict();
export type CallEventInput = z.infer<typeof callEventSchema>;

/** The operator of the call's extension after the event (the event's, else the call's), as it is applied. */
export interface Operator {
  id: string;
  departmentId: string | null;
}

const RANK = { RINGING: 0, ANSWERED: 1, ENDED: 2, MISSED: 2 } as const;

/**
 * What an event changes. A call only moves forward (ringing, answered, then ended or missed): a
 * late "ringing" after "answered" changes nothing. An extension nobody has holds the call for
 * an admin with the reason; a missed or abandoned call (ended unanswered) becomes a callback
 * task of its operator's department.
 */
export function applyEvent(call: CallRow, e: CallEventInput, at: Date, operator: Operator | null): CallChange {
  const change: CallChange = {};
  const rank = RANK[call.state];
  const target = e.event === 'ringing' ? 0 : e.event === 'answered' ? 1 : 2;
  if (target < rank || (target === rank && e.event !== 'ringing')) return change;
  if (e.extension !== undefined && e.extension !== call.extension) {
    change.extension = e.extension;
    change.operatorId = operator?.id ?? null;
    change.heldReason = operator ? null : `extension ${e.extension} belongs to no operator`;
  }
  if (e.event === 'answered') Object.assign(change, { state: 'ANSWERED', answeredAt: at });
  if (e.event === 'ended' || e.event === 'missed') {
    const missed = e.event === 'missed' || call.answeredAt === null;
    Object.assign(change, { state: missed ? 'MISSED' : 'ENDED', endedAt: at });
    if (e.recordingUrl) change.recordingUrl = e.recordingUrl;
    if (missed) change.callbackDepartmentId = operator?.departmentId ?? null;
  }
  return change;
}
