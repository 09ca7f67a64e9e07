// The per-object access matrix: every operation on an incident, its request, comments, files,
// timeline and events, called by each demo person on real objects (an IT incident and a Repair
// incident, each with a public and an internal file), answers as the person's level on that
// object says (domain/access/levels.ts): nothing outside the scope (404), reading for an
// observer, public work for the requester, everything for the staff who work it.
import { api, tokenFor } from '../support/api';
import { openDb } from '../support/db';
import { APP_URL } from '../support/env';
import { keycloakUser } from '../support/keycloak';
import { waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());

type Level = 'none' | 'observer' | 'requester' | 'staff';
interface Target {
  requestId: string;
  incidentId: string;
  publicFile: string;
  internalFile: string;
}
const targets: Record<'it' | 'repair', Target> = {} as never;

/** Files a request as `operator` for the client with `phone`, and hands its incident to `assignee` (a supervisor's choice). */
async function target(operator: string, serviceCode: string, phone: string, supervisor: string, worker: string): Promise<Target> {
  const filed = await api(operator, 'POST', '/api/requests', { phone, serviceCode, description: `Object matrix ${Date.now()}` });
  expect(filed.status).toBe(201);
  const requestId = filed.body.request.id as string;
  const incidentId = (await waitFor('incident', () => db.incident.findFirst({ where: { requestId } }), 30000)).id;
  const workerId = (await keycloakUser(worker)).id;
  await waitFor('assigned by the supervisor', async () => {
    const now = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    if (now.assigneeId === workerId) return true;
    await api(supervisor, 'POST', `/api/incidents/${incidentId}/transitions`, { action: 'assign', assigneeId: workerId });
    return false;
  });
  const file = async (query: string) => {
    const form = new FormData();
    form.append('file', new Blob(['notes'], { type: 'text/plain' }), 'notes.txt');
    const res = await fetch(`${APP_URL}/api/incidents/${incidentId}/attachments${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor(supervisor)}` },
      body: form,
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { attachment: { id: string } }).attachment.id;
  };
  return { requestId, incidentId, publicFile: await file('?public=true'), internalFile: await file('') };
}

beforeAll(async () => {
  // IT: filed by Olga for Ivan (his linked client record), worked by Sergey.
  targets.it = await target('olga', 'it-laptop', '+74950000013', 'sergey', 'sergey');
  // Repair: filed by Olga (IT) for Maria (her linked client record), worked by Elena.
  targets.repair = await target('olga', 'repair-phone', '+74950000023', 'elena', 'elena');
}, 120_000);

/** Each person's level on each object. */
const LEVELS: Record<string, Record<keyof typeof targets, Level>> = {
  admin: { it: 'staff', repair: 'staff' },
  sergey: { it: 'staff', repair: 'none' }, // IT supervisor: Maria is not his department's user
  olga: { it: 'observer', repair: 'observer' }, // filed both, works neither (IT's is assigned to Sergey)
  ivan: { it: 'requester', repair: 'none' },
  elena: { it: 'none', repair: 'staff' },
  pavel: { it: 'none', repair: 'none' }, // Repair agent: the incident is assigned to Elena, not in the queue
  maria: { it: 'none', repair: 'requester' },
};

type Want = 'ok' | 403 | 404;
/** Operation -> answer per level. 'ok' means past the door: no 401, 403, 404 or 5xx. */
const OPERATIONS: [name: string, call: (t: Target) => [method: string, path: string, body?: unknown], answers: Record<Level, Want>][] = [
  ['GET incident', (t) => ['GET', `/api/incidents/${t.incidentId}`], { none: 404, observer: 'ok', requester: 'ok', staff: 'ok' }],
  ['GET notifications', (t) => ['GET', `/api/incidents/${t.incidentId}/notifications`], { none: 404, observer: 'ok', requester: 'ok', staff: 'ok' }],
  ['GET comments', (t) => ['GET', `/api/incidents/${t.incidentId}/comments`], { none: 404, observer: 'ok', requester: 'ok', staff: 'ok' }],
  ['GET attachments', (t) => ['GET', `/api/incidents/${t.incidentId}/attachments`], { none: 404, observer: 'ok', requester: 'ok', staff: 'ok' }],
  ['GET timeline', (t) => ['GET', `/api/incidents/${t.incidentId}/timeline`], { none: 404, observer: 'ok', requester: 'ok', staff: 'ok' }],
  ['GET events', (t) => ['GET', `/api/analytics/events?requestId=${t.requestId}`], { none: 404, observer: 'ok', requester: 'ok', staff: 'ok' }],
  ['GET request', (t) => ['GET', `/api/requests/${t.requestId}`], { none: 404, observer: 'ok', requester: 'ok', staff: 'ok' }],
  ['GET public file', (t) => ['GET', `/api/attachments/${t.publicFile}/content`], { none: 404, observer: 'ok', requester: 'ok', staff: 'ok' }],
  ['GET internal file', (t) => ['GET', `/api/attachments/${t.internalFile}/content`], { none: 404, observer: 404, requester: 404, staff: 'ok' }],
  [
    'POST comment',
    (t) => ['POST', `/api/incidents/${t.incidentId}/comments`, { body: 'matrix', public: true }],
    { none: 404, observer: 403, requester: 'ok', staff: 'ok' },
  ],
  [
    'POST setPriority',
    (t) => ['POST', `/api/incidents/${t.incidentId}/transitions`, { action: 'setPriority', priority: 'P2' }],
    { none: 404, observer: 403, requester: 403, staff: 'ok' },
  ],
  // An empty resolution: the staff get past the door to the field check (400), nobody else does.
  ['POST resolve', (t) => ['POST', `/api/incidents/${t.incidentId}/resolve`, { resolution: '' }], { none: 404, observer: 403, requester: 403, staff: 'ok' }],
  ['GET time spent', (t) => ['GET', `/api/incidents/${t.incidentId}/time`], { none: 404, observer: 403, requester: 403, staff: 'ok' }],
  // Zero minutes: the staff get past the door to the field check (400), nobody else does.
  ['POST time spent', (t) => ['POST', `/api/incidents/${t.incidentId}/time`, { minutes: 0 }], { none: 404, observer: 403, requester: 403, staff: 'ok' }],
  [
    'POST close request',
    (t) => ['POST', `/api/requests/${t.requestId}/close`, { reason: 'matrix test' }],
    { none: 404, observer: 403, requester: 403, staff: 'ok' },
  ],
];

const cases = Object.entries(LEVELS).flatMap(([user, levels]) => (['it', 'repair'] as const).map((object) => [user, object, levels[object]] as const));

test.each(cases)('%s on the %s incident (%s)', async (user, object, level) => {
  const verdict: Record<string, string> = {};
  for (const [name, call, answers] of OPERATIONS) {
    const [method, path, body] = call(targets[object]);
    const res = await api(user, method, path, body);
    const want = answers[level];
    const ok = want === 'ok' ? res.status < 500 && ![401, 403, 404].includes(res.status) : res.status === want;
    verdict[name] = ok ? 'as expected' : `got ${res.status}, want ${want}`;
    if (res.status >= 400) expect(res.contentType).toContain('application/problem+json');
  }
  expect(verdict).toEqual(Object.fromEntries(OPERATIONS.map(([name]) => [name, 'as expected'])));
  if (level !== 'none') expect((await api(user, 'GET', `/api/incidents/${targets[object].incidentId}`)).body.incident.access).toBe(level);
});
