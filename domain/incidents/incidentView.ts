// An incident as the API returns it: the schema the endpoints' OpenAPI document shows (as
// Incident) and the type the domain builds, from one declaration.
import { z } from 'zod';
import { ACCESS_LEVELS } from '../access/levels';
import { PRIORITIES } from '../process/types';
import { versionTag } from '../shared/etag';
import { refSchema } from '../shared/ref';
import { ACTIONS, INCIDENT_STATUSES } from '../process/states';

export const incidentViewSchema = z.object({
  id: z.string().uuid(),
  requestId: z.string().uuid(),
  title: z.string(),
  /** The request's description: what the client said, as staff have corrected it. */
  description: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  priority: z.enum(PRIORITIES),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  unlinked: z.boolean(),
  sla: z.object({
    responseDueAt: z.string().datetime().nullable(),
    resolutionDueAt: z.string().datetime().nullable(),
    responseWarned: z.boolean(),
    responseBreached: z.boolean(),
    resolutionWarned: z.boolean(),
    resolutionBreached: z.boolean(),
  }),
  allowedActions: z.array(z.enum(ACTIONS)).describe("What the reader may do now: the actions the current status allows that the reader's access level permits"),
  access: z
    .enum(ACCESS_LEVELS)
    .describe("The reader's level: staff work the incident, its requester follows it (reopen, close, public comments), an observer reads"),
  department: refSchema,
  service: refSchema,
  client: z.object({ name: z.string(), phone: z.string().nullable() }),
  channel: z.string(),
  /** What the reporter picked (QR reports, asset-linked requests). */
  problemType: z.string().nullable(),
  /** The device the request is about. */
  asset: z.object({ name: z.string(), location: z.string() }).nullable(),
  orderId: z.string().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  closedAt: z.string().datetime().nullable(),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

/** The version of an incident for ETag / If-Match: its last change. */
export const incidentEtag = (i: Pick<IncidentView, 'updatedAt'>): string => versionTag(i);
