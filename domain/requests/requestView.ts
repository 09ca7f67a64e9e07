// A service request as the journal API returns it: the schema the endpoints' OpenAPI document
// shows (as JournalRequest) and the type the domain builds, from one declaration.
import { z } from 'zod';
import { ACCESS_LEVELS } from '../access/levels';
import { REQUEST_STATUSES } from '../process/states';
import { PRIORITIES } from '../process/types';
import { refSchema } from '../shared/ref';

export const requestViewSchema = z.object({
  id: z.string().uuid(),
  status: z.enum(REQUEST_STATUSES),
  channel: z.string(),
  description: z.string(),
  priority: z.enum(PRIORITIES),
  closeReason: z.string().nullable(),
  externalOrderId: z.string().nullable(),
  client: z.object({ id: z.string().uuid(), name: z.string(), phone: z.string().nullable() }),
  service: refSchema,
  department: refSchema,
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  incident: z.object({ id: z.string().uuid(), status: z.string(), priority: z.string(), title: z.string() }).nullable(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  closedAt: z.string().datetime().nullable(),
  access: z.enum(ACCESS_LEVELS).describe("The reader's level on the request (see Incident.access)"),
});
export type RequestView = z.infer<typeof requestViewSchema>;
