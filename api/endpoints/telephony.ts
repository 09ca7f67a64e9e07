// Telephony (CTI): the PBX's call events (a JSON webhook with a shared secret), the operator's
// extension and their stream of caller cards, a call's card, linking the request filed from
// it, the department's callback tasks and the calls held for admins.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { callEventSchema } from '../../domain/telephony/callEvents';
import { callCardSchema, callViewSchema } from '../../domain/telephony/callView';
import { linkCallSchema } from '../../domain/telephony/calls';
import { extensionBodySchema, extensionViewSchema, myExtension, setMyExtension } from '../../domain/people/extensions';
import { unauthorized } from '../../domain/shared/errors';
import { json, other } from '../contract/endpoint';
import { idParam } from './common';
import { endpoint } from './services';

/** The header the PBX (or its middleware) sends with every event: TELEPHONY_WEBHOOK_SECRET. */
export const TELEPHONY_SECRET_HEADER = 'X-Telephony-Secret';

const call = callViewSchema.openapi('Call');
const card = callCardSchema.extend({ call, recentCalls: z.array(call) }).openapi('CallCard');
const callEvent = z.object({ event: z.literal('call'), data: z.string().describe('the caller card (a CallCard, as JSON)') }).openapi('CallCardEvent');
const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time (over digests, so the lengths match); an empty secret accepts nothing. */
export function secretAccepted(expected: string, given: string | undefined): boolean {
  return expected !== '' && given !== undefined && timingSafeEqual(digest(expected), digest(given));
}

export const telephonyEndpoints = [
  endpoint({
    method: 'post',
    path: '/api/telephony/events',
    access: 'anyone',
    secretHeader: TELEPHONY_SECRET_HEADER,
    summary: `A call event from the PBX (ringing, answered, ended, missed), authenticated by the ${TELEPHONY_SECRET_HEADER} header`,
    description:
      'Idempotent: the same event of the same call again changes nothing (200, replayed true). An extension no operator has holds the call for admins (GET /api/calls/held) with its reason.',
    request: { body: callEventSchema },
    responses: { 200: json(z.object({ call, replayed: z.boolean() }), 'Recorded (or a replay of an event already recorded)') },
    problems: [400],
    handle: async ({ req, header, services }) => {
      if (!secretAccepted(services.telephony.webhookSecret, header(TELEPHONY_SECRET_HEADER)))
        throw unauthorized(`a call event needs the shared secret in ${TELEPHONY_SECRET_HEADER}`);
      return { status: 200, body: await services.telephony.calls.record('webhook', req.body) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/me/extension',
    summary: "The signed-in operator's phone extension",
    responses: { 200: json(extensionViewSchema, 'The extension, null when none') },
    problems: [],
    handle: async ({ actor, services }) => ({ status: 200, body: await myExtension(services.db, actor) }),
  }),
  endpoint({
    method: 'put',
    path: '/api/me/extension',
    summary: "Set the signed-in operator's phone extension (staff); calls ringing on it pop the caller's card",
    request: { body: extensionBodySchema },
    responses: { 200: json(extensionViewSchema, 'Saved') },
    problems: [400, 403, 409],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await setMyExtension(services.db, actor, req.body) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/me/calls/stream',
    summary: 'Server-sent events: the caller card of each call ringing on the signed-in operator\'s extension (event "call", data: the card)',
    responses: { 200: other('text/event-stream', { 'text/event-stream': callEvent }) },
    problems: [429],
    handle: ({ req, actor, services }) => ({ sent: (res) => services.live.subscribe(actor, req, res, true) }),
  }),
  // Before /api/calls/{id}/…, which would take these for an id.
  endpoint({
    method: 'get',
    path: '/api/calls/callbacks',
    summary: "Missed calls to call back, of the caller's department (a supervisor's subtree; admins all), oldest first",
    responses: { 200: json(z.object({ items: z.array(call) }), 'Open callback tasks') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { items: await services.telephony.calls.callbacks(actor) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/calls/held',
    summary: 'Calls held for an admin, with the reason (an extension no operator has), newest first (admin)',
    responses: { 200: json(z.object({ items: z.array(call) }), 'Held calls') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { items: await services.telephony.calls.held(actor) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/calls/{id}/card',
    summary: "The caller's card of a call: the operator's own calls (admins all)",
    request: { params: idParam },
    responses: { 200: json(card, 'The card') },
    problems: [404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: await services.telephony.calls.card(actor, params.id) }),
  }),
  endpoint({
    method: 'post',
    path: '/api/calls/{id}/request',
    summary: "Link the operator's call to the request filed from its card (the request's timeline shows the call)",
    request: { params: idParam, body: linkCallSchema },
    responses: { 200: json(z.object({ call }), 'Linked') },
    problems: [404],
    handle: async ({ params, req, actor, services }) => ({ status: 200, body: { call: await services.telephony.calls.link(actor, params.id, req.body) } }),
  }),
  endpoint({
    method: 'post',
    path: '/api/calls/{id}/callback-done',
    summary: "Mark a missed call's callback task done (staff of its department)",
    request: { params: idParam, body: z.object({}).strict().describe('nothing') },
    responses: { 200: json(z.object({ call }), 'Done') },
    problems: [404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { call: await services.telephony.calls.callbackDone(actor, params.id) } }),
  }),
];
