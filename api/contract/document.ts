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

/**
 * The problems any endpoint may answer besides its own: 400 for a request no endpoint could
 * take (a body that is not JSON, text holding U+0000: api/nulBytes.ts), 404 for a path whose
 * parameters name nothing (api/contract/express.ts), and for signed-in endpoints 401 without a
 * caller and 403 for an account the HR directory has not confirmed or staff deactivated
 * (api/auth/middleware.ts admitActor).
 */
function problemsOf(e: Endpoint<unknown>): number[] {
  const always = [400, ...(e.request?.params ? [404] : []), ...(e.access !== 'anyone' ? [401, 403] : e.secretHeader ? [401] : [])];
  return [...new Set([...always, ...e.problems])].sort();
}

/** The security requirement of every signed-in endpoint (bearer token or session cookie). */
export type Security = { [scheme: string]: string[] }[];

/** The name of the apiKey scheme of an endpoint's secret header (X-Telephony-Secret -> secret-X-Telephony-Secret). */
const secretScheme = (header: string) => `secret-${header}`;

export function registerEndpoints(registry: OpenAPIRegistry, endpoints: readonly Endpoint<unknown>[], security: Security): void {
  for (const header of new Set(endpoints.flatMap((e) => (e.secretHeader ? [e.secretHeader] : []))))
    registry.registerComponent('securitySchemes', secretScheme(header), { type: 'apiKey', in: 'header', name: header });
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
      ...(signedIn ? { security } : e.secretHeader ? { security: [{ [secretScheme(e.secretHeader)]: [] }] } : {}),
      request: { params, query, headers, ...(body ? { body: { content: { [bodyType]: { schema: body } } } } : {}) },
      responses: { ...responses, ...problems(problemsOf(e)) },
    });
  }
}
