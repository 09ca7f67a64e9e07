// A client and their requests as the API returns them: the schemas the endpoints' OpenAPI
// document shows (as Client and ClientCard) and the types the domain builds, from one declaration.
import { z } from 'zod';
import { LANGS } from '../shared/languages';
import { notificationSettingsSchema } from '../notifications/preferences';

/** A client is a person or a company. */
export const CLIENT_KINDS = ['person', 'company'] as const;

export const clientViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  kind: z.enum(CLIENT_KINDS),
  phone: z.string().nullable().describe('the primary phone; null for a client made for an employee account without one'),
  phones: z.array(z.object({ phone: z.string(), label: z.string() })),
  emails: z.array(z.object({ email: z.string(), label: z.string() })),
  locale: z.enum(LANGS),
  telegramId: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string(),
  externalId: z.string().nullable(),
  slaContractId: z.string().uuid().nullable(),
  timezone: z.string(),
  notifications: notificationSettingsSchema,
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type ClientView = z.infer<typeof clientViewSchema>;

export const clientRequestSummarySchema = z.object({
  id: z.string().uuid(),
  status: z.string(),
  description: z.string(),
  service: z.string(),
  serviceCode: z.string(),
  createdAt: z.string().datetime(),
  incident: z.object({ id: z.string().uuid(), status: z.string() }).nullable(),
});
export type ClientRequestSummary = z.infer<typeof clientRequestSummarySchema>;

/** GET /api/clients/lookup, GET /api/clients/:id */
export const clientCardSchema = z.object({ client: clientViewSchema, requests: z.array(clientRequestSummarySchema) });
export type ClientCard = z.infer<typeof clientCardSchema>;
