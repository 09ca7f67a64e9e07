// Schemas more than one API area uses.
import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';

extendZodWithOpenApi(z);

export const idParam = z.object({ id: z.string().uuid() });
export const ifMatchHeader = z.object({ 'If-Match': z.string().optional() });
/** A request just filed (by an operator, over the portal or from a QR label). */
export const filedRequest = z
  .object({
    id: z.string().uuid(),
    status: z.string(),
    channel: z.string(),
    clientId: z.string().uuid(),
    serviceId: z.string().uuid(),
    createdAt: z.string().datetime(),
  })
  .openapi('ServiceRequest');
