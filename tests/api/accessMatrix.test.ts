// The access matrix: every endpoint of the OpenAPI document, called by each role, answers as
// the table below says — and an endpoint missing from the table fails the test, so a new
// route cannot ship without its access decided. Ids are unknown (random), bodies empty: what
// is checked is who gets past the door (ok: neither 401 nor 403, nor a server error), who is
// turned away (403), and who learns nothing (404 for ids outside their reach).
import { randomUUID } from 'node:crypto';
import { api, tokenFor } from '../support/api';
import { APP_URL } from '../support/env';
import { waitFor } from '../support/processes';

type Outcome = 'ok' | 401 | 403 | 404;
type Row = [user: Outcome, agent: Outcome, supervisor: Outcome, admin: Outcome];
const USERS = ['ivan', 'olga', 'elena', 'admin'] as const; // user, agent, supervisor (repair), admin

const ALL_OK: Row = ['ok', 'ok', 'ok', 'ok'];
const STAFF: Row = [403, 'ok', 'ok', 'ok'];
const LEADS: Row = [403, 403, 'ok', 'ok'];
const ADMIN: Row = [403, 403, 403, 'ok'];
const HIDDEN: Row = [404, 404, 404, 404];

/** "METHOD /path" of the OpenAPI document -> outcome per role. */
const MATRIX: Record<string, Row> = {
  'GET /api/health': ALL_OK,
  'GET /api/me': ALL_OK,
  'GET /api/services': ALL_OK,
  'POST /api/requests': STAFF,
  'GET /api/requests': ALL_OK,
  'GET /api/requests/{id}': HIDDEN,
  'POST /api/requests/{id}/close': HIDDEN,
  'PATCH /api/requests/{id}': HIDDEN,
  'DELETE /api/requests/{id}': HIDDEN,
  'GET /api/incidents': ALL_OK,
  'GET /api/incidents/stream': ALL_OK,
  // The board: everyone's own scope (domain/access), counted and paged per column.
  'GET /api/board': ALL_OK,
  'GET /api/board/counts': ALL_OK,
  'GET /api/board/column': ALL_OK,
  'GET /api/incidents/{id}': HIDDEN,
  'PATCH /api/incidents/{id}': HIDDEN,
  'GET /api/incidents/{id}/notifications': HIDDEN,
  'POST /api/incidents/{id}/transitions': HIDDEN,
  'POST /api/incidents/{id}/resolve': HIDDEN,
  'GET /api/analytics/events': HIDDEN,
  'GET /api/clients': STAFF,
  'GET /api/clients/lookup': [403, 404, 404, 404],
  'GET /api/clients/{id}': [403, 404, 404, 404],
  'POST /api/clients': STAFF,
  'PATCH /api/clients/{id}': [403, 404, 404, 404],
  'DELETE /api/clients/{id}': [403, 403, 404, 404],
  'GET /api/incidents/{id}/comments': HIDDEN,
  'POST /api/incidents/{id}/comments': HIDDEN,
  'GET /api/incidents/{id}/attachments': HIDDEN,
  'POST /api/incidents/{id}/attachments': HIDDEN,
  'GET /api/attachments/{id}/content': HIDDEN,
  'GET /api/incidents/{id}/timeline': HIDDEN,
  'GET /api/analytics/daily': LEADS,
  'GET /api/reports/summary': LEADS,
  'GET /api/employees/{id}': [403, 404, 404, 404],
  'POST /api/admin/employees/sync': ADMIN,
  'GET /api/admin/hr-allow-list': ADMIN,
  'PUT /api/admin/hr-allow-list/{email}': ADMIN,
  'DELETE /api/admin/hr-allow-list/{email}': [403, 403, 403, 404],
  'GET /api/admin/pending-accounts': ADMIN,
  'GET /api/admin/notification-templates': LEADS,
  'PUT /api/admin/notification-templates/{name}/{lang}': ADMIN,
  'DELETE /api/admin/notification-templates/{name}/{lang}': ADMIN,
};
Object.assign(MATRIX, {
  'GET /api/admin/assets/{id}/qr.png': [403, 403, 404, 404],
  'GET /api/admin/assets/{id}/qr.svg': [403, 403, 404, 404],
  'POST /api/admin/assets/{id}/rotate-token': [403, 403, 403, 404],
  'GET /api/admin/routing-rules/preview': LEADS,
  'GET /api/qr/{token}': HIDDEN,
  'POST /api/qr/{token}/reports': HIDDEN,
  'POST /api/portal/requests': ALL_OK,
  // Telephony: the PBX's webhook takes its shared secret, never a person's token.
  'POST /api/telephony/events': [401, 401, 401, 401],
  'GET /api/me/extension': ALL_OK,
  'PUT /api/me/extension': STAFF,
  'GET /api/home': ALL_OK,
  'GET /api/knowledge/replies': STAFF,
  'GET /api/knowledge/articles': ALL_OK,
  'GET /api/incidents/{id}/time': HIDDEN,
  'POST /api/incidents/{id}/time': HIDDEN,
  'DELETE /api/incidents/{id}/time/{entryId}': HIDDEN,
  'GET /api/reports/time': LEADS,
  'GET /api/reports/chat': LEADS,
  'GET /api/reports/satisfaction': LEADS,
  'POST /api/requests/{id}/survey': HIDDEN,
  'GET /api/surveys/{token}': HIDDEN,
  'POST /api/surveys/{token}': HIDDEN,
  'GET /api/me/settings': ALL_OK,
  'PUT /api/me/settings': ALL_OK,
  'GET /api/me/calls/stream': ALL_OK,
  'GET /api/calls/callbacks': STAFF,
  'GET /api/calls/held': ADMIN,
  // E-mail intake: held and ignored mail, for the leads who look at the admin pages.
  'GET /api/admin/inbound-messages': LEADS,
  // The sync with RT and Redmine (docs/sync.md): admins only.
  'GET /api/admin/sync/status': ADMIN,
  'GET /api/admin/sync/mappings': ADMIN,
  'PUT /api/admin/sync/mappings': ADMIN,
  'DELETE /api/admin/sync/mappings/{id}': [403, 403, 403, 404],
  'GET /api/admin/sync/held': ADMIN,
  'GET /api/admin/sync/person-suggestions': ADMIN,
  'GET /api/calls/{id}/card': HIDDEN,
  'POST /api/calls/{id}/request': HIDDEN,
  'POST /api/calls/{id}/callback-done': HIDDEN,
  // Telegram: the webhook takes only Telegram's secret token (never a person's sign-in); a deep
  // link for one's own client record (ivan has one: 409 while the suite's desk runs no bot;
  // staff have none: 404), and for any client by staff.
  'POST /api/telegram/webhook': [401, 401, 401, 401],
  // The HTTP SMS provider's callbacks: its shared secret, not a person's token.
  'POST /api/sms/http/receipts': [401, 401, 401, 401],
  // Notification rules: a random scope id is a department no one has (404 past the door).
  'GET /api/notification-rules': LEADS,
  'GET /api/notification-rules/{scope}': [403, 403, 404, 404],
  'PUT /api/notification-rules/{scope}': [403, 403, 404, 404],
  'POST /api/sms/http/inbound': [401, 401, 401, 401],
  'POST /api/me/telegram-link': ['ok', 404, 404, 404],
  'POST /api/clients/{id}/telegram-link': [403, 404, 404, 404],
  // Links between incidents (issue 17): only staff who work both incidents; a user never.
  'GET /api/incidents/{id}/links': HIDDEN,
  'PUT /api/incidents/{id}/mass': [403, 404, 404, 404],
  'DELETE /api/incidents/{id}/mass': [403, 404, 404, 404],
  'POST /api/incidents/{id}/children': [403, 404, 404, 404],
  'DELETE /api/incidents/{id}/children/{childId}': [403, 404, 404, 404],
  'POST /api/incidents/{id}/related': [403, 404, 404, 404],
  'DELETE /api/incidents/{id}/related/{relatedId}': [403, 404, 404, 404],
  'POST /api/incidents/{id}/merge': [403, 404, 404, 404],
  'GET /api/mass-incidents': STAFF,
  // Live chat: a visitor's calls take the visitor token (X-Chat-Visitor), never a person's
  // sign-in; starting a visitor needs nothing. The inbox is staff's; a conversation outside
  // one's reach (here: made up) is not found; shifts are agents'; the settings the leads read
  // and admins write.
  'POST /api/chat/visitor': ALL_OK,
  'POST /api/chat/visitor/conversations': [401, 401, 401, 401],
  'GET /api/chat/visitor/conversations/{id}': [401, 401, 401, 401],
  'POST /api/chat/visitor/conversations/{id}/messages': [401, 401, 401, 401],
  'POST /api/chat/visitor/conversations/{id}/read': [401, 401, 401, 401],
  'POST /api/chat/visitor/conversations/{id}/files': [401, 401, 401, 401],
  'GET /api/chat/visitor/files/{id}/content': [401, 401, 401, 401],
  'GET /api/chat/conversations': STAFF,
  'GET /api/chat/conversations/{id}': HIDDEN,
  'POST /api/chat/conversations/{id}/messages': HIDDEN,
  'POST /api/chat/conversations/{id}/read': HIDDEN,
  // A chat file: its conversation's (a made-up one or a made-up file is not found).
  'POST /api/chat/conversations/{id}/files': HIDDEN,
  'GET /api/chat/files/{id}/content': HIDDEN,
  'POST /api/chat/conversations/{id}/accept': [403, 404, 404, 404],
  'POST /api/chat/conversations/{id}/transfer': HIDDEN,
  'POST /api/chat/conversations/{id}/close': HIDDEN,
  // Whom a chat may go to: names and codes of colleagues on shift and departments, for staff only.
  'GET /api/chat/transfer-targets': STAFF,
  'POST /api/chat/conversations/{id}/request': HIDDEN,
  'GET /api/requests/{id}/conversations': HIDDEN,
  'GET /api/chat/shift': STAFF,
  'POST /api/chat/shift/clock-in': STAFF,
  'POST /api/chat/shift/pause': STAFF,
  'POST /api/chat/shift/resume': STAFF,
  'POST /api/chat/shift/clock-out': STAFF,
  // One's own chat settings (sounds, notifications, signature): staff, the actor is the key.
  'GET /api/chat/me/settings': STAFF,
  'PUT /api/chat/me/settings': STAFF,
  // The department board's waiting chats: the inbox's rule (conversationVisible), staff only.
  'GET /api/board/chats': STAFF,
  'GET /api/admin/chat-settings': LEADS,
  'PUT /api/admin/chat-settings': ADMIN,
} satisfies Record<string, Row>);
for (const table of ['departments', 'services', 'sla-contracts', 'calendars', 'employees', 'assets', 'routing-rules', 'problem-types', 'articles']) {
  MATRIX[`GET /api/admin/${table}`] = LEADS;
  MATRIX[`POST /api/admin/${table}`] = ADMIN;
  MATRIX[`PATCH /api/admin/${table}/{id}`] = [403, 403, 403, 404];
  MATRIX[`DELETE /api/admin/${table}/{id}`] = table === 'employees' ? [403, 403, 403, 403] : [403, 403, 403, 404];
}

/** Query strings that pass validation, so that what is left to decide is access. */
const QUERY: Record<string, string> = {
  '/api/analytics/events': `?requestId=${randomUUID()}`,
  '/api/analytics/daily': '?from=2026-01-01&to=2026-01-02',
  '/api/reports/summary': '?from=2026-01-01&to=2026-01-02',
  '/api/reports/time': '?from=2026-01-01&to=2026-01-02',
  '/api/reports/chat': '?from=2026-01-01&to=2026-01-02',
  '/api/knowledge/articles': '?q=printer',
  '/api/reports/satisfaction': '?from=2026-01-01&to=2026-01-02',
  '/api/clients/lookup': '?phone=%2B79990000000',
  '/api/board/column': '?column=NEW',
  '/api/mass-incidents': '?serviceCode=internet',
  '/api/admin/routing-rules/preview': '?serviceClass=hardware&serviceType=printer',
  '/api/chat/conversations/{id}/files': '?clientMessageId=matrix',
  '/api/chat/visitor/conversations/{id}/files': '?clientMessageId=matrix',
};

// The matrix reads /api/health as "ok" for everyone: it starts once the desk is whole. A suite
// before it may have restarted PostgreSQL (the bus suite does), and the live board's LISTEN
// connection comes back after up to 16 s of backoff, answering 503 until then (CI, 2026-12-03).
beforeAll(() => waitFor('the desk healthy', async () => (await fetch(`${APP_URL}/api/health`)).ok, 60000, 250));

async function call(user: string, method: string, template: string): Promise<number> {
  const path = template
    .replace('{id}', randomUUID())
    .replace('{scope}', randomUUID())
    .replace('{email}', `matrix-${randomUUID().slice(0, 8)}@example.test`)
    .replace('{token}', 'AAAAAAAAAAAAAAAAAAAAAAAA')
    .replace('{name}', 'closed') // a template no other suite changes: DELETE resets it, PUT {} is refused
    .replace('{lang}', 'en');
  const url = `${path}${QUERY[template] ?? ''}`;
  if (template.endsWith('/stream')) {
    // Server-sent events never end: the status line is the answer.
    const controller = new AbortController();
    const res = await fetch(`${APP_URL}${url}`, { headers: { authorization: `Bearer ${await tokenFor(user)}` }, signal: controller.signal });
    controller.abort();
    return res.status;
  }
  return (await api(user, method, url, method === 'GET' || method === 'DELETE' ? undefined : {})).status;
}

test('every endpoint of the OpenAPI document has its row in the access matrix', async () => {
  const doc = (await api(null, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  expect(documented.filter((e) => !(e in MATRIX))).toEqual([]);
  expect(Object.keys(MATRIX).filter((e) => !documented.includes(e))).toEqual([]);
});

test.each(Object.entries(MATRIX))('%s', async (endpoint, row) => {
  const [method, template] = endpoint.split(' ') as [string, string];
  const seen: Record<string, number> = {};
  for (const user of USERS) seen[user] = await call(user, method, template);
  const matches = (status: number, want: Outcome) => (want === 'ok' ? status < 500 && status !== 401 && status !== 403 && status !== 404 : status === want);
  const verdict = Object.fromEntries(USERS.map((u, i) => [u, matches(seen[u]!, row[i]!) ? 'as expected' : `got ${seen[u]}, want ${row[i]}`]));
  expect(verdict).toEqual(Object.fromEntries(USERS.map((u) => [u, 'as expected'])));
  // Without a token nothing but health is served.
  // A survey's link opens without signing in: its signed token is the key (a made-up one is not found).
  if (template.startsWith('/api/surveys/'))
    expect((await api(null, method, template.replace('{token}', 'AAAA'), method === 'POST' ? {} : undefined)).status).toBe(404);
  // A chat visitor starts without signing in: the token it answers is the visitor's key.
  else if (template !== '/api/health' && template !== '/api/chat/visitor' && !template.endsWith('/stream'))
    expect((await api(null, method, `${template.replace('{id}', randomUUID())}${QUERY[template] ?? ''}`)).status).toBe(401);
});
