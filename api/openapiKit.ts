// Building blocks shared by every part of the OpenAPI document: the problem schema and the
// response helpers. Each API area registers its paths in its own file (see openapiPaths.ts).
import { extendZodWithOpenApi, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const problems = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'Problem details', content: { 'application/problem+json': { schema: problem } } }]));
export const json = (schema: z.ZodTypeAny, description: string) => ({ description, content: { 'application/json': { schema } } });

/** The security requirement every signed-in endpoint declares (bearer token or session cookie). */
export type Security = { [scheme: string]: string[] }[];
/** Registers one API area's paths and schemas. */
export type PathRegistrar = (registry: OpenAPIRegistry, security: Security) => void;
