// One declaration per endpoint: method, path, request and response schemas, who may call it
// and the handler. api/contract/express.ts mounts declarations as Express routes and
// api/contract/document.ts registers the same declarations as OpenAPI paths, so the route and
// its documentation cannot disagree.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Actor } from '../../domain/access/identity';

// Every endpoint file imports this module, so its schemas may call .openapi() at load.
extendZodWithOpenApi(z);

/**
 * The body of an operation that takes no input: an empty object. The contract layer enforces it
 * (express.ts), as it does documented params and query, since such a handler never reads its body.
 */
export const emptyBody = z.object({}).strict().describe('No input: an empty object');

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A success response as documented: a JSON body with its schema, other media (CSV, images, streams), or none. */
export interface Success<S extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined> {
  description: string;
  schema: S;
  media?: Record<string, z.ZodTypeAny>;
}
export type Successes = { [status: number]: Success };

/** A JSON body; more media types may answer the same status (format=csv). */
export const json = <S extends z.ZodTypeAny>(schema: S, description: string, media?: Record<string, z.ZodTypeAny>): Success<S> => ({
  description,
  schema,
  media,
});
/** No JSON body: 204, or media the handler sends itself. */
export const other = (description: string, media?: Record<string, z.ZodTypeAny>): Success<undefined> => ({ description, schema: undefined, media });

/** What res.json turns into the declared shape: a Date becomes its ISO string. */
export type Sendable<T> = string extends T
  ? T | Date
  : T extends readonly (infer E)[]
    ? readonly Sendable<E>[]
    : T extends object
      ? { [K in keyof T]: Sendable<T[K]> }
      : T;

/** A reply with a JSON body typed by its status's schema (or no body where none is declared). */
export type JsonReply<R extends Successes> = {
  [K in keyof R & number]: R[K]['schema'] extends z.ZodTypeAny
    ? { status: K; body: Sendable<z.infer<R[K]['schema']>>; headers?: Record<string, string> }
    : { status: K; body?: undefined; headers?: Record<string, string> };
}[keyof R & number];
/** A reply the handler writes itself (CSV, images, file downloads, event streams). */
export interface Sent {
  /** Writes the response; a rejection before anything was sent becomes a problem response. */
  sent: (res: Response) => void | Promise<void>;
}
export type Reply<R extends Successes> = JsonReply<R> | Sent;

/** "/api/incidents/{id}" -> { id: string } */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? { [K in Name]: string } & PathParams<Rest> : unknown;

export interface Context<D, P extends string> {
  req: Request;
  params: PathParams<P>;
  /** The signed-in caller (a 401 problem when there is none). */
  readonly actor: Actor;
  /** The services the handlers call, as the app built them. */
  services: D;
  header(name: string): string | undefined;
}

export interface Declaration<D, P extends string, R extends Successes> {
  method: Method;
  /** OpenAPI form: /api/incidents/{id}. */
  path: P;
  summary: string;
  description?: string;
  /** Who may call it: 'signed-in' (bearer token or session; a 401 otherwise) or 'anyone'. Finer rules live in the domain and say so in the summary. */
  access?: 'signed-in' | 'anyone';
  /** An 'anyone' endpoint's own credential, documented as an apiKey header scheme (the PBX's shared secret); the handler checks it. */
  secretHeader?: string;
  /** Request schemas, documented; the domain services parse the same schemas and answer 400 with field errors. */
  request?: {
    params?: z.AnyZodObject;
    query?: z.AnyZodObject;
    headers?: z.AnyZodObject;
    body?: z.ZodTypeAny;
    /** Media type of the body; application/json unless said. */
    bodyType?: string;
  };
  responses: R;
  /**
   * Idempotency-Key, documented as a request header either way: 'service' when the domain
   * service keeps the key on what it creates, 'replay' when api/idempotency.ts keeps the first
   * answer per caller and key and replays it.
   */
  idempotencyKey?: 'service' | 'replay';
  /** The problem statuses besides those every endpoint may answer (400; 404 with path parameters; 401, 403 signed in): api/contract/document.ts. */
  problems: number[];
  /** A route that exists but stays out of the document, with the reason. */
  undocumented?: string;
  handle(ctx: Context<D, P>): Promise<Reply<NoInfer<R>>> | Reply<NoInfer<R>>;
}

/** A declaration with its types erased, as the mounting and the document take it. */
export interface Endpoint<D> extends Omit<Declaration<D, string, Successes>, 'handle'> {
  handle(ctx: Context<D, string>): Promise<Reply<Successes>> | Reply<Successes>;
}

/** Checks a declaration's handler against its responses and returns it for mounting. */
export const declare =
  <D>() =>
  <const P extends string, R extends Successes>(declaration: Declaration<D, P, R>): Endpoint<D> =>
    declaration as unknown as Endpoint<D>;
