// The OpenAPI document: linted (rules below), and real responses of the running app checked
// against the schemas it declares (JSON Schema 2020-12, as OpenAPI 3.1 uses).
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';

interface Operation {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

const db = openDb();
let doc: Doc;
beforeAll(async () => {
  doc = (await api(null, 'GET', '/api/openapi.json')).body as Doc;
});
afterAll(() => db.$disconnect());

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

test('lint: every operation is summarised, declares its path parameters, success and problem responses, and its security', () => {
  expect(doc.openapi).toBe('3.1.0');
  const problems: string[] = [];
  for (const { path, method, op } of operations()) {
    const where = `${method.toUpperCase()} ${path}`;
    if (!op.summary || op.summary.length < 10) problems.push(`${where}: no summary`);
    const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
    for (const [, name] of path.matchAll(/\{(\w+)\}/g)) if (!declared.has(name!)) problems.push(`${where}: path parameter ${name} not declared`);
    const codes = Object.keys(op.responses);
    if (!codes.some((c) => c.startsWith('2'))) problems.push(`${where}: no success response`);
    // Health, a survey's page opened from a closing message by its signed token, and a chat
    // visitor's start (it answers the visitor's token) need no sign-in.
    if (path !== '/api/health' && !path.startsWith('/api/surveys/') && path !== '/api/chat/visitor') {
      if (!op.security?.length) problems.push(`${where}: no security requirement`);
      if (!codes.includes('401')) problems.push(`${where}: no 401 response`);
    }
    for (const code of codes.filter((c) => c.startsWith('4'))) {
      if (!op.responses[code]!.content?.['application/problem+json']) problems.push(`${where}: ${code} is not problem+json`);
    }
    if (['post', 'put', 'patch'].includes(method) && !op.requestBody && !/rotate-token|sync|telegram-link/.test(path))
      problems.push(`${where}: no request body`);
  }
  // Every $ref points at a declared component.
  for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
    if (!doc.components.schemas[name!]) problems.push(`unresolved $ref ${name}`);
  }
  expect(problems).toEqual([]);
});

test('real responses match the schemas the document declares', async () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components });
  const schemaOf = (path: string, method: string, status: number) => {
    const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`no JSON schema for ${method} ${path} ${status}`);
    return JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/'));
  };

  // The check can fail: a wrong shape is refused.
  expect(ajv.compile(schemaOf('/api/incidents', 'get', 200))({ items: [{ id: 1 }], nextCursor: null })).toBe(false);
  expect(ajv.compile(schemaOf('/api/clients/{id}', 'get', 200))({ client: { id: 'x' }, requests: [] })).toBe(false);

  const requestId = await fileRequest('olga', 'it-laptop', 'OpenAPI response check');
  const incident = await waitFor('incident', () => db.incident.findFirst({ where: { requestId } }), 30000);
  await api('olga', 'POST', `/api/incidents/${incident.id}/comments`, { body: 'checked', public: true });
  const client = await db.client.findFirstOrThrow({ where: { deletedAt: null } });
  const asset = await db.asset.findFirstOrThrow();
  const OLGA = '00000000-0000-4000-8000-000000000012';
  const today = new Date().toISOString().slice(0, 10);
  const calls: [user: string, template: string, url: string][] = [
    ['olga', '/api/me', '/api/me'],
    ['olga', '/api/services', '/api/services'],
    ['sergey', '/api/incidents', '/api/incidents?limit=5'],
    ['sergey', '/api/incidents/{id}', `/api/incidents/${incident.id}`],
    ['sergey', '/api/incidents/{id}/comments', `/api/incidents/${incident.id}/comments`],
    ['sergey', '/api/incidents/{id}/attachments', `/api/incidents/${incident.id}/attachments`],
    ['sergey', '/api/incidents/{id}/timeline', `/api/incidents/${incident.id}/timeline`],
    ['sergey', '/api/incidents/{id}/notifications', `/api/incidents/${incident.id}/notifications`],
    ['sergey', '/api/requests', '/api/requests?limit=5'],
    ['sergey', '/api/requests/{id}', `/api/requests/${requestId}`],
    ['olga', '/api/clients', '/api/clients?limit=5'],
    ['olga', '/api/clients/{id}', `/api/clients/${client.id}`],
    ['olga', '/api/clients/lookup', `/api/clients/lookup?phone=${encodeURIComponent(client.phone!)}`],
    ['olga', '/api/employees/{id}', `/api/employees/${OLGA}`],
    ['maria', '/api/qr/{token}', `/api/qr/${asset.qrToken}`],
    ['sergey', '/api/reports/summary', `/api/reports/summary?from=${today}&to=${today}`],
    ['sergey', '/api/analytics/daily', `/api/analytics/daily?from=${today}&to=${today}`],
    ['sergey', '/api/admin/routing-rules/preview', '/api/admin/routing-rules/preview?serviceClass=hardware&serviceType=printer'],
    ...['departments', 'services', 'sla-contracts', 'calendars', 'employees', 'assets', 'routing-rules', 'problem-types'].map(
      (t) => ['admin', `/api/admin/${t}`, `/api/admin/${t}`] as [string, string, string],
    ),
    ['admin', '/api/admin/hr-allow-list', '/api/admin/hr-allow-list'],
    ['admin', '/api/admin/pending-accounts', '/api/admin/pending-accounts'],
    ['olga', '/api/chat/conversations', '/api/chat/conversations?view=waiting'],
    ['olga', '/api/chat/shift', '/api/chat/shift'],
    ['sergey', '/api/admin/chat-settings', '/api/admin/chat-settings'],
    ['olga', '/api/chat/me/settings', '/api/chat/me/settings'],
    ['elena', '/api/board/chats', '/api/board/chats'],
    ['admin', '/api/admin/sync/mappings', '/api/admin/sync/mappings?kind=person'],
    ['admin', '/api/admin/sync/person-suggestions', '/api/admin/sync/person-suggestions'],
  ];
  const mismatches: string[] = [];
  for (const [user, template, url] of calls) {
    const res = await api(user, 'GET', url);
    if (res.status !== 200) {
      mismatches.push(`${url}: status ${res.status}`);
      continue;
    }
    const validate = ajv.compile(schemaOf(template, 'get', 200));
    if (!validate(res.body)) mismatches.push(`${url}: ${ajv.errorsText(validate.errors)}`);
  }
  expect(mismatches).toEqual([]);
});
