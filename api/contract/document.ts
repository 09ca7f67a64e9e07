// Registers endpoint declarations as OpenAPI paths: the same declarations the routes come from.
import { extendZodWithOpenApi, type OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { idempotencyKeySchema } from '../../domain/shared/validation';
import type { Endpoint } from './endpoint';

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

const problems = (codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'Problem details', content: { 'application/problem+json': { schema: problem } } }]));

/** The security requirement of every signed-in endpoint (bearer token or session cookie). */
export type Security = { [scheme: string]: string[] }[];

export function registerEndpoints(registry: OpenAPIRegistry, endpoints: readonly Endpoint<unknown>[], security: Security): void {
  for (const e of endpoints) {
    if (e.undocumented) continue;
    const signedIn = e.access !== 'anyone';
    const { params, query, body, bodyType = 'application/json' } = e.request ?? {};
    const headers = e.idempotencyKey ? (e.request?.headers ?? z.object({})).extend({ 'Idempotency-Key': idempotencyKeySchema.optional() }) : e.request?.headers;
    const responses: RouteConfig['responses'] = {};
    for (const [status, r] of Object.entries(e.responses)) {
      const content = { ...(r.schema ? { 'application/json': { schema: r.schema } } : {}) };
      for (const [type, schema] of Object.entries(r.media ?? {})) Object.assign(content, { [type]: { schema } });
      responses[status] = Object.keys(content).length ? { description: r.description, content } : { description: r.description };
    }
    registry.registerPath({
      method: e.method,
      path: e.path,
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      ...(signedIn ? { security } : {}),
      request: { params, query, headers, ...(body ? { body: { content: { [bodyType]: { schema: body } } } } : {}) },
      responses: { ...responses, ...problems(signedIn ? [401, ...e.problems].sort() : e.problems) },
    });
  }
}
