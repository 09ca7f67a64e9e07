// Calls the API on the same origin with the session cookie; problems become ApiError. Paths,
// parameters, bodies and answers are typed by api-types.ts, which the build generates from the
// server's endpoint declarations: a call the API does not declare fails svelte-check.
import type { components, paths } from './api-types';

/** A field a problem response names (problem+json "errors"). */
export type FieldError = NonNullable<components['schemas']['Problem']['errors']>[number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly type = 'about:blank',
  ) {
    super(detail || title);
  }

  /** The message for one field, if the server named it. */
  forField(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ApiPath = keyof paths;
type Operation<P extends ApiPath, M extends Method> = paths[P][Lowercase<M> & keyof paths[P]];
/** The methods a path answers. */
export type MethodOf<P extends ApiPath> = { [M in Method]: Operation<P, M> extends { responses: unknown } ? M : never }[Method];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type Successes<O> = O extends { responses: infer R } ? { [S in keyof R]: S extends 200 | 201 | 204 ? JsonOf<R[S]> : never }[keyof R] : never;
/** The JSON a successful call answers with. */
export type Answer<P extends ApiPath, M extends MethodOf<P> = MethodOf<P>> = Successes<Operation<P, M>>;
type BodyOf<O> = O extends { requestBody?: infer R } ? (R extends { content: { 'application/json': infer B } } ? B : never) : never;
/** The JSON body a call sends. */
export type Body<P extends ApiPath, M extends MethodOf<P>> = BodyOf<Operation<P, M>>;
type ParamsOf<O> = O extends { parameters: { path: infer P } } ? P : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? Q : never;

interface CallOptions<O> {
  /** Values for the {names} in the path. */
  params?: ParamsOf<O>;
  /** The query string: typed, or built from filters the caller already holds. */
  query?: QueryOf<O> | URLSearchParams;
  body?: BodyOf<O>;
  headers?: Record<string, string>;
}
/** Options may be left out only when the path has no parameters. */
type Rest<O> = [ParamsOf<O>] extends [never] ? [options?: CallOptions<O>] : [options: CallOptions<O> & { params: ParamsOf<O> }];

/** The admin tables AdminTable.svelte edits: GET and POST /api/admin/<table>, PATCH and DELETE /api/admin/<table>/{id}. */
export type AdminTableName = { [P in ApiPath]: P extends `/api/admin/${infer T}/{id}` ? T : never }[ApiPath];

/** One API call: api('GET', '/api/incidents/{id}', { params: { id } }). */
export async function api<P extends ApiPath, M extends MethodOf<P>>(method: M, path: P, ...[options]: Rest<Operation<P, M>>): Promise<Answer<P, M>> {
  const params = (options?.params ?? {}) as Record<string, string>;
  let url: string = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = options?.query instanceof URLSearchParams ? options.query : new URLSearchParams(definedEntries(options?.query));
  if (query.toString()) url += `?${query}`;
  return (await send(method, url, options?.body, options?.headers)) as Answer<P, M>;
}

const definedEntries = (query: unknown): [string, string][] =>
  Object.entries((query ?? {}) as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [k, String(v)]);

/**
 * A call by plain URL, for AdminTable.svelte only: it edits any admin table generically (its
 * rows are records whose fields come from its props), so no single generated type fits.
 */
export async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Network error', '');
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    throw new ApiError(
      res.status,
      String(data.title ?? res.statusText),
      String(data.detail ?? ''),
      (data.errors as FieldError[] | undefined) ?? [],
      String(data.type ?? 'about:blank'),
    );
  }
  return data;
}
