// The API contract (api/contract/): one declaration makes both the Express route and the
// OpenAPI path; a handler's reply is typed by its response schemas (checked by tsc over
// tests/); every error reaches problem+json through the one wrapper.
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { declare, json, other } from '../../api/contract/endpoint';
import { routerOf } from '../../api/contract/express';
import { registerEndpoints } from '../../api/contract/document';
import { problemHandler } from '../../api/problem';
import { notFound } from '../../domain/shared/errors';
import type { Actor } from '../../domain/access/identity';

const endpoint = declare<{ names: Map<string, string> }>();
const thing = z.object({ id: z.string(), name: z.string(), createdAt: z.string().datetime() });
const id = z.object({ id: z.string() });
const endpoints = [
  endpoint({
    method: 'get',
    path: '/api/ping',
    summary: 'Answers anyone, signed in or not',
    access: 'anyone',
    responses: { 200: json(z.object({ ok: z.boolean() }), 'Pong') },
    problems: [],
    handle: () => ({ status: 200, body: { ok: true } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/things/{id}',
    summary: 'One thing by its id',
    request: { params: id },
    responses: { 200: json(z.object({ thing }), 'The thing') },
    problems: [404],
    handle: async ({ params, services }) => {
      const name = services.names.get(params.id);
      if (!name) throw notFound('thing'); // thrown in an async handler: forwarded by the wrapper
      return { status: 200, body: { thing: { id: params.id, name, createdAt: new Date(0) } }, headers: { ETag: '"1"' } };
    },
  }),
  endpoint({
    method: 'delete',
    path: '/api/things/{id}',
    summary: 'Forget a thing by its id',
    request: { params: id },
    responses: { 204: other('Forgotten') },
    problems: [404],
    idempotencyKey: 'replay',
    handle: ({ params, services }) => {
      services.names.delete(params.id);
      return { status: 204 };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/things/hidden',
    summary: 'A route kept out of the document',
    responses: { 200: json(z.object({}), 'Done') },
    problems: [],
    undocumented: 'kept for old clients',
    handle: () => ({ status: 200, body: {} }),
  }),
];

// Replies that do not match the declaration do not compile (tsc -p tests/tsconfig.json).
export const refused = [
  endpoint({
    method: 'get',
    path: '/api/wrong',
    summary: 'A status it does not declare',
    responses: { 200: json(thing, 'A thing') },
    problems: [],
    // @ts-expect-error 201 is not a declared status
    handle: () => ({ status: 201, body: { id: 'a', name: 'b', createdAt: 'c' } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/wrong',
    summary: 'A body of another shape',
    responses: { 200: json(thing, 'A thing') },
    problems: [],
    // @ts-expect-error name is missing
    handle: () => ({ status: 200, body: { id: 'a', createdAt: 'c' } }),
  }),
];

describe('one declaration, two halves', () => {
  const doc = () => {
    const registry = new OpenAPIRegistry();
    registerEndpoints(registry, endpoints, [{ bearer: [] }]);
    return new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info: { title: 't', version: '1' } });
  };

  test('the document has each declared path with its security, 401 and problems; undocumented routes stay out', () => {
    const paths = doc().paths!;
    expect(Object.keys(paths).sort()).toEqual(['/api/ping', '/api/things/{id}']);
    expect(paths['/api/ping']!.get!.security).toBeUndefined();
    expect(Object.keys(paths['/api/ping']!.get!.responses!)).toEqual(['200', '400']);
    const get = paths['/api/things/{id}']!.get!;
    expect(get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(get.responses!).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(get.responses!['404'].content['application/problem+json']).toBeDefined();
    const remove = paths['/api/things/{id}']!.delete!;
    expect((remove.parameters as { name: string; in: string }[]).map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'header:Idempotency-Key']);
  });

  describe('the routes', () => {
    let server: Server;
    let base = '';
    const replayed: string[] = [];
    beforeAll(async () => {
      const app = express();
      app.use((req, _res, next) => {
        if (req.header('authorization')) req.actor = { id: 'u1' } as Actor;
        next();
      });
      const services = { names: new Map([['a', 'Anna']]) };
      app.use(
        routerOf(endpoints, services, (req, _res, next) => {
          replayed.push(`${req.method} ${req.path}`);
          next();
        }),
      );
      app.use(problemHandler);
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));
    const call = (method: string, path: string, signedIn = true) => fetch(`${base}${path}`, { method, headers: signedIn ? { authorization: 'Bearer x' } : {} });

    test('a reply goes out with its status, headers and JSON body (a Date as its ISO string)', async () => {
      const res = await call('GET', '/api/things/a');
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(await res.json()).toEqual({ thing: { id: 'a', name: 'Anna', createdAt: '1970-01-01T00:00:00.000Z' } });
    });

    test('an error thrown by a handler becomes problem+json; no caller on a signed-in endpoint is a 401', async () => {
      const missing = await call('GET', '/api/things/zz');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await missing.json()).toMatchObject({ status: 404, detail: 'thing not found' });
      expect((await call('GET', '/api/things/a', false)).status).toBe(401);
      expect((await call('GET', '/api/ping', false)).status).toBe(200);
    });

    test('a 204 has no body; idempotencyKey: replay puts the replay middleware before the handler', async () => {
      const res = await call('DELETE', '/api/things/a');
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
      expect(replayed).toEqual(['DELETE /api/things/a']);
    });

    test('an undocumented route still answers', async () => {
      expect((await call('POST', '/api/things/hidden')).status).toBe(200);
    });
  });
});

test('each endpoint module loads on its own (its schemas may call .openapi() whatever loads first)', () => {
  const folder = path.join(__dirname, '../../api/endpoints');
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(() => require(path.join(folder, file))).not.toThrow();
    });
  }
});
