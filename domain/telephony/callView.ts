// A call and the caller's card as the API returns them: the schemas the OpenAPI document shows
// (Call, CallCard) and the types the domain builds, from one declaration.
import { z } from 'zod';
import { clientRequestSummarySchema, clientViewSchema } from '../clients/clientView';
import { iso } from '../shared/iso';
import type { CallRow } from './repository';

export const CALL_STATES = ['RINGING', 'ANSWERED', 'ENDED', 'MISSED'] as const;

export const callViewSchema = z.object({
  id: z.string().uuid(),
  source: z.string().describe('who reported it: "webhook", or "ami:<host>" for the Asterisk connector'),
  pbxCallId: z.string(),
  callerNumber: z.string(),
  calledNumber: z.string(),
  extension: z.string().nullable(),
  state: z.enum(CALL_STATES),
  startedAt: z.string().datetime(),
  answeredAt: z.string().datetime().nullable(),
  endedAt: z.string().datetime().nullable(),
  operatorId: z.string().nullable(),
  recordingUrl: z.string().nullable(),
  clientId: z.string().uuid().nullable(),
  requestId: z.string().uuid().nullable(),
  heldReason: z.string().nullable().describe('why the call waits for an admin (an extension no operator has); null when none'),
  callbackDone: z.boolean().describe('a missed call: someone called back'),
});
export type CallView = z.infer<typeof callViewSchema>;

/** What pops up on the operator's screen when their extension rings (pushed as event "call"). */
export const callCardSchema = z.object({
  call: callViewSchema,
  client: clientViewSchema.nullable().describe('the client owning the number; null: unknown number (offer a new client)'),
  openRequests: z.array(clientRequestSummarySchema),
  recentRequests: z.array(clientRequestSummarySchema).describe('the latest contacts: requests of any status, newest first'),
  recentCalls: z.array(callViewSchema).describe('earlier calls from this number, newest first'),
  slaContract: z.object({ id: z.string().uuid(), name: z.string() }).nullable().describe("the client's own SLA contract"),
});
export type CallCard = z.infer<typeof callCardSchema>;

export const callView = (c: CallRow): CallView => ({
  id: c.id,
  source: c.source,
  pbxCallId: c.pbxCallId,
  callerNumber: c.callerNumber,
  calledNumber: c.calledNumber,
  extension: c.extension,
  state: c.state,
  startedAt: iso(c.startedAt),
  answeredAt: iso(c.answeredAt),
  endedAt: iso(c.endedAt),
  operatorId: c.operatorId,
  recordingUrl: c.recordingUrl,
  clientId: c.clientId,
  requestId: c.requestId,
  heldReason: c.heldReason,
  callbackDone: c.callbackDoneAt !== null,
});
