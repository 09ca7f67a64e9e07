// The bus's message schemas, each with its version in its name (docs/bus.md). A new field that
// consumers may ignore keeps the version; a renamed, removed or retyped field makes a v2, sent
// beside v1 until its consumers moved.
import { z } from 'zod';
import { E164 } from '../shared/validation';

/** A request from another system, sent to the intake queue. */
export const INTAKE_SCHEMA = 'incident-desk.request.v1';
/** A lifecycle event the desk publishes to the events exchange. */
export const EVENT_SCHEMA = 'incident-desk.event.v1';

// PostgreSQL cannot store U+0000 in text: refused here, or the store would fail on every attempt.
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((v) => !v.includes('\u0000'), 'must not contain U+0000');

export const intakeMessageSchema = z
  .object({
    schema: z.literal(INTAKE_SCHEMA),
    serviceCode: text(64).describe('the service the request is filed under (admin: services)'),
    client: z
      .object({
        phone: E164.optional().describe('the client is found by phone first; with name, an unknown phone becomes a new client'),
        email: z.string().email().max(320).optional().describe('found by e-mail when no phone matches'),
        name: text(200).optional(),
      })
      .strict()
      .refine((c) => c.phone !== undefined || c.email !== undefined, 'phone or email is required'),
    description: text(4000),
    externalRef: text(200).optional().describe("the sending system's own reference, returned on the request's events"),
  })
  .strict();
export type IntakeMessage = z.infer<typeof intakeMessageSchema>;

/** What the events exchange carries (the body of every message, routing key = type). */
export interface EventMessage {
  schema: typeof EVENT_SCHEMA;
  /** The event's id; the AMQP message_id is its key, the same on a repeated delivery. */
  id: string;
  key: string;
  type: string;
  occurredAt: string;
  requestId: string;
  incidentId: string | null;
  serviceId: string | null;
  departmentId: string | null;
  clientId: string | null;
  channel: string | null;
  /** Incident status (else request status) after the event. */
  status: string | null;
  priority: string | null;
  assigneeId: string | null;
  closeReason: string | null;
  slaClock: string | null;
  slaDueAt: string | null;
  /** The message_id and externalRef of the bus message that filed the request, when one did. */
  sourceMessageId: string | null;
  externalRef: string | null;
}
