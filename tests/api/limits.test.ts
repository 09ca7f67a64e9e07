// Rate limits, the cap on live-update streams and the upload quota, on an app instance of their
// own with low limits (the suite's app runs with the generous figures of scripts/env.sh, which
// no other test reaches): over a limit the API answers 429 problem+json with Retry-After, over
// a quota 409 or 413 problem+json naming it.
import { api, fileRequest, tokenFor, uploadFile, type ApiResponse } from '../support/api';
import { openDb } from '../support/db';
import { APP_URL } from '../support/env';
import { restartApp, waitFor } from '../support/processes';

const db = openDb();
let byCount: string;
let byBytes: string;
beforeAll(async () => {
  // Filed on the suite's app, before the restart: the low intake limits below are all the
  // intake test's (a bucket of 4 a minute refills one every 15 s; its five calls take far less).
  byCount = await incidentOf(await fileRequest('olga', 'it-laptop', 'Quota: files'));
  byBytes = await incidentOf(await fileRequest('olga', 'it-laptop', 'Quota: bytes'));
  await restartApp({
    RATE_LIMIT_SIGN_IN_PER_IP: '3',
    RATE_LIMIT_INTAKE_PER_PERSON: '2',
    RATE_LIMIT_INTAKE_PER_IP: '4',
    RATE_LIMIT_UPLOAD_PER_PERSON: '5',
    RATE_LIMIT_EXPORT_PER_PERSON: '1',
    LIVE_STREAMS_PER_PERSON: '1',
    ATTACHMENT_QUOTA_FILES: '2',
    ATTACHMENT_QUOTA_BYTES: '1000',
  });
  for (const user of ['olga', 'sergey', 'admin', 'elena']) await tokenFor(user);
}, 120_000);
afterAll(async () => {
  await restartApp();
  await db.$disconnect();
}, 90_000);

const PNG = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 7)]);
async function incidentOf(requestId: string) {
  return (await waitFor('incident', () => db.incident.findFirst({ where: { requestId } }), 30000)).id;
}
const file = (user: string) =>
  api(
    user,
    'POST',
    '/api/requests',
    { phone: '+74951230001', serviceCode: 'it-laptop', description: 'Rate limit probe' },
    { 'Idempotency-Key': `limits-${Date.now()}-${Math.random()}` },
  );

function expectTooMany(res: ApiResponse, limit: string, per: 'person' | 'address') {
  expect(res.status).toBe(429);
  expect(res.contentType).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
  expect(res.body.detail).toContain(`per ${per}`);
  expect(res.body.detail).toContain(limit);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

test('intake: 2 filings a minute per person, then 429 with Retry-After; another person files until the address has used its 4', async () => {
  expect((await file('olga')).status).toBe(201);
  expect((await file('olga')).status).toBe(201);
  expectTooMany(await file('olga'), '"intake"', 'person'); // the address has spent 3 of its 4
  expect((await file('sergey')).status).toBe(201);
  expectTooMany(await file('sergey'), '"intake"', 'address');
});

test('sign-in: 3 starts a minute per address, then 429', async () => {
  for (let i = 0; i < 3; i++) expect((await fetch(`${APP_URL}/auth/login`, { redirect: 'manual' })).status).toBe(302);
  const res = await fetch(`${APP_URL}/auth/login`, { redirect: 'manual' });
  expectTooMany(
    { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.json(), headers: res.headers },
    '"signIn"',
    'address',
  );
});

test('exports: 1 CSV a minute per person, then 429; the JSON list is not counted', async () => {
  expect((await api('admin', 'GET', '/api/requests?format=csv&status=NEW')).status).toBe(200);
  expect((await api('admin', 'GET', '/api/requests?status=NEW')).status).toBe(200);
  expectTooMany(await api('admin', 'GET', '/api/incidents?format=csv'), '"export"', 'person');
});

test('live updates: one open stream per person, a second is refused until the first closes', async () => {
  const token = await tokenFor('elena');
  const open = () => fetch(`${APP_URL}/api/incidents/stream`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) });
  const first = new AbortController();
  const stream = await fetch(`${APP_URL}/api/incidents/stream`, { headers: { authorization: `Bearer ${token}` }, signal: first.signal });
  expect(stream.status).toBe(200);
  const second = await open();
  expect(second.status).toBe(429);
  expect(second.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(((await second.json()) as { detail: string }).detail).toContain('at most 1 live-update stream');
  first.abort();
  const again = await waitFor('the stream slot to free', async () => {
    const res = await open();
    if (res.status === 200) return res;
    await res.body?.cancel();
    return null;
  });
  await again.body?.cancel();
  expect((await api('elena', 'GET', '/api/incidents?limit=1')).status).toBe(200); // plain calls are not streams
});

test('upload quota: 2 files per incident (the third is 409), 1,000 bytes per incident (413), both named; then the upload rate limit', async () => {
  expect((await uploadFile('olga', byCount, 'a.png', 'image/png', PNG(100))).status).toBe(201);
  expect((await uploadFile('olga', byCount, 'b.png', 'image/png', PNG(100))).status).toBe(201);
  const third = await uploadFile('olga', byCount, 'c.png', 'image/png', PNG(100));
  expect(third.status).toBe(409);
  expect(third.body).toMatchObject({ status: 409, type: 'urn:incident-desk:problem:attachment-quota', errors: [{ field: 'file' }] });
  expect(third.body.detail).toContain('2 files');

  expect((await uploadFile('olga', byBytes, 'big.png', 'image/png', PNG(600))).status).toBe(201);
  const over = await uploadFile('olga', byBytes, 'more.png', 'image/png', PNG(600));
  expect(over.status).toBe(413);
  expect(over.body).toMatchObject({ status: 413, type: 'urn:incident-desk:problem:attachment-quota', errors: [{ field: 'file' }] });
  expect(over.body.detail).toContain('1000 bytes');
  expect(await db.attachment.count({ where: { incidentId: { in: [byCount, byBytes] } } })).toBe(3);

  // Olga has made 5 uploads this minute: the sixth is refused before it is read.
  const limited = await uploadFile('olga', byBytes, 'd.png', 'image/png', PNG(100));
  expect(limited.status).toBe(429);
  expect(limited.body.detail).toContain('"upload"');
});
