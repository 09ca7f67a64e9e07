// Redmine's tracker and the custom fields of RT and Redmine through the `tracker` and `field`
// mappings (docs/sync.md, "Trackers and custom fields"), against the real RT and Redmine of the
// test stack with the test worker running the sync: a ticket of theirs is filed here under the
// service or problem type its tracker and custom field map to; ours is made there with the mapped
// tracker and custom field; a tracker with no mapping holds their ticket until it is mapped, ours
// goes out with the project's default tracker and a note; a mapped custom field that does not
// exist there is held with the reason and the rest goes on. "Problem code" is the custom field the
// stack's bootstraps make in both (scripts/sync/rt-bootstrap.pl, redmine-bootstrap.rb).
import { api, fileRequest } from '../support/api';
import { letterMarker } from '../support/marker';
import { waitFor } from '../support/processes';
import { endOpenRuns, syncDepartment } from '../support/syncDepartment';
import { mapQueueAndProject, useSyncSuite, redmine, redmineRaw, rtOperator, rtRaw, rtSync, SETTLE_MS } from '../support/syncSystems';

const { db, prisma, keep, linkOf, linkedThere } = useSyncSuite();
const marker = letterMarker('fld', 8);
const department = keep(`${marker}-dep`);
afterAll(() => endOpenRuns(department)); // its agentless incidents' retries (tests/support/syncDepartment.ts)
const service = keep(`${department}-svc`);
const otherService = `${marker}-two`;
const typeOne = `${marker}-one`;
const typeTwo = `${marker}-pair`;
const rtQueue = keep(`${marker}-queue`);
const project = keep(marker);
const FIELD = 'Problem code';
const MISSING = keep(`${marker} no such field`);

let departmentId = '';
beforeAll(async () => {
  departmentId = await syncDepartment(department, 'Sync fields');
  const two = await api('admin', 'POST', '/api/admin/services', {
    code: otherService,
    name: 'Sync fields two',
    serviceClass: 'sync',
    serviceType: department,
    departmentId,
  });
  expect(two.status).toBe(201);
  for (const code of [typeOne, typeTwo]) await prisma.problemType.create({ data: { serviceType: department, code, nameRu: code, nameEn: code } });
  await rtRaw('POST', 'queue', { Name: rtQueue });
  const trackers = (await redmineRaw('GET', 'trackers.json')) as { trackers: { id: number }[] };
  await redmineRaw('POST', 'projects.json', {
    project: { name: project, identifier: project, is_public: false, tracker_ids: trackers.trackers.map((t) => t.id) },
  });
  await mapQueueAndProject(db, rtQueue, project, department);
  // Through the admin API, as an admin sets them (checked there: mappingCheck.ts).
  for (const [system, kind, remote, local] of [
    ['redmine', 'tracker', 'Feature', typeOne],
    ['redmine', 'tracker', 'Bug', otherService],
    ['redmine', 'field', FIELD, 'problemType'],
    ['rt', 'field', FIELD, 'problemType'],
    ['redmine', 'field', MISSING, 'problemType'],
    ['rt', 'field', MISSING, 'problemType'],
  ] as const) {
    const res = await api('admin', 'PUT', '/api/admin/sync/mappings', { system, kind, remote: keep(remote), local });
    expect(res.status).toBe(200);
  }
});

const heldOf = (system: string, remoteId: string, kind: string) =>
  prisma.syncHeld.findMany({ where: { system, remoteId, kind, resolvedAt: null }, select: { value: true, reason: true } });

/** Our request filed from a ticket there made after `since` (not an earlier ticket's link of the same id). */
async function filedHere(system: string, remoteId: string, since: Date) {
  const link = await waitFor(`${system} #${remoteId} filed here`, () => linkOf(system, remoteId, since), SETTLE_MS, 500);
  return prisma.serviceRequest.findUniqueOrThrow({ where: { id: link.requestId }, include: { service: true } });
}

const missingReason = (system: string) => `${system} has no custom field "${MISSING}" (mapped to our problemType): our problemType is not`;

test('Redmine in: the tracker chooses the service or the problem type, the custom field the problem type; a missing field is held, the issue filed', async () => {
  const since = new Date();
  const byTracker = await redmine.upsertTicket(null, {
    subject: `${marker} feature`,
    description: 'x',
    queue: project,
    priority: 'Normal',
    status: 'New',
    tracker: 'Feature',
  });
  const byBoth = await redmine.upsertTicket(null, {
    subject: `${marker} bug`,
    description: 'y',
    queue: project,
    priority: 'Normal',
    status: 'New',
    tracker: 'Bug',
    customFields: { [FIELD]: typeTwo },
  });
  expect([byTracker.tracker, byBoth.tracker, byBoth.customFields]).toEqual(['Feature', 'Bug', { [FIELD]: typeTwo }]);
  const one = await filedHere('redmine', byTracker.remoteId, since);
  expect([one.service.code, one.problemType]).toEqual([service, typeOne]);
  const both = await filedHere('redmine', byBoth.remoteId, since);
  expect([both.service.code, both.problemType]).toEqual([otherService, typeTwo]);
  expect(await heldOf('redmine', byBoth.remoteId, 'field')).toEqual([{ value: MISSING, reason: `${missingReason('redmine')} filled from it` }]);
});

test('RT in: the custom field fills our problem type', async () => {
  const since = new Date();
  const made = await rtOperator.upsertTicket(null, {
    subject: `${marker} rt`,
    description: 'z',
    queue: rtQueue,
    priority: '50',
    status: 'new',
    customFields: { [FIELD]: typeTwo },
  });
  expect(made.customFields).toEqual({ [FIELD]: typeTwo });
  const filed = await filedHere('rt', made.remoteId, since);
  expect([filed.service.code, filed.problemType]).toEqual([service, typeTwo]);
});

test('Redmine in: a tracker with no mapping holds the issue with the reason; mapped, it is filed with that type', async () => {
  const since = new Date();
  const made = await redmine.upsertTicket(null, {
    subject: `${marker} support`,
    description: 's',
    queue: project,
    priority: 'Normal',
    status: 'New',
    tracker: keep('Support'),
  });
  const held = await waitFor('the held tracker', async () => (await heldOf('redmine', made.remoteId, 'tracker'))[0], SETTLE_MS, 500);
  expect(held).toEqual({
    value: 'Support',
    reason: 'redmine tracker "Support" has no mapping: the ticket waits for it (no service or problem type to file it under)',
  });
  expect(await linkOf('redmine', made.remoteId, since)).toBeNull();
  const mapped = await api('admin', 'PUT', '/api/admin/sync/mappings', { system: 'redmine', kind: 'tracker', remote: 'Support', local: typeTwo });
  expect(mapped.status).toBe(200);
  const filed = await filedHere('redmine', made.remoteId, since);
  expect(filed.problemType).toBe(typeTwo);
  expect(await heldOf('redmine', made.remoteId, 'tracker')).toEqual([]);
});

test('ours out: a QR report of a problem type goes to Redmine with its tracker and to both with the custom field; a missing field is held', async () => {
  const asset = await api('admin', 'POST', '/api/admin/assets', {
    name: `${marker} printer`,
    serviceClass: 'sync',
    serviceType: department,
    serviceId: (await prisma.service.findUniqueOrThrow({ where: { code: service } })).id,
    location: 'Lab',
    serial: marker,
  });
  expect(asset.status).toBe(201);
  const reported = await api(
    'maria',
    'POST',
    `/api/qr/${asset.body.item.qrToken}/reports`,
    { problemType: typeOne, comment: marker },
    { 'Idempotency-Key': `${marker}-qr` },
  );
  expect(reported.status).toBe(201);
  const requestId = reported.body.request.id as string;
  const inRedmine = await redmine.getTicket((await linkedThere('redmine', requestId)).remoteId);
  expect([inRedmine?.tracker, inRedmine?.customFields]).toEqual(['Feature', { [FIELD]: typeOne }]);
  const inRt = await rtSync.getTicket((await linkedThere('rt', requestId)).remoteId);
  expect(inRt?.customFields).toEqual({ [FIELD]: typeOne });
  for (const system of ['rt', 'redmine'])
    expect(await heldOf(system, `request:${requestId}`, 'field')).toEqual([{ value: MISSING, reason: `${missingReason(system)} written there` }]);
});

test("ours out: a service with no tracker mapping gets the project's default tracker, and the note says so", async () => {
  const requestId = await fileRequest('admin', service, `${marker} default tracker\nno type`);
  const link = await linkedThere('redmine', requestId);
  // The project's default is its first tracker (Redmine's default data: Bug, Feature, Support).
  expect((await redmine.getTicket(link.remoteId))?.tracker).toBe('Bug');
  expect(await heldOf('redmine', `request:${requestId}`, 'tracker')).toEqual([
    { value: service, reason: `no redmine tracker maps to our service "${service}": made with the project's default tracker` },
  ]);
});
