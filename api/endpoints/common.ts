// Schemas more than one API area uses.
import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { filedRequestSchema } from '../../domain/requests/intake';

extendZodWithOpenApi(z);

export const idParam = z.object({ id: z.string().uuid() });
export const ifMatchHeader = z.object({ 'If-Match': z.string().optional() });
/** A request just filed (by an operator, over the portal or from a QR label). */
export const filedRequest = filedRequestSchema.openapi('ServiceRequest');
