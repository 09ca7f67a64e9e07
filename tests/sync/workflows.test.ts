// The sync's workflows (docs/sync.md, "Workflows") against the real RT and Redmine of the test
// stack, with the test worker running them (scripts/test.sh sets SYNC_ENABLED with the sync
// tests, polls every second): tickets made there are filed here, requests filed here are made
// there; comments both ways kept public or internal; closing on each side; an unmapped status
// held with its reason on the status API and taken once mapped; an outage of RT loses and
// doubles nothing; a field edited on both sides ends as the last writer left it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { ProcessGateway } from '../../domain/process/gateway';
import { SyncApply, type ApplyPorts } from '../../domain/sync/apply';
import type { SyncConnector } from '../../domain/sync/connector';
import { changeOf } from '../../domain/sync/inbound';
import { mappingRows } from '../../domain/sync/repository';
import { TemporalProcess } from '../../workflows/client';
import { RedmineConnector } from '../../domain/sync/redmineConnector';
import { putMappingRow } from '../../domain/sync/repository';
import { RtConnector } from '../../domain/sync/rtConnector';
import { api, fileRequest, uploadFile } from '../support/api';
import { openDatabase, openDb } from '../support/db';
import { ROOT, testEnv } from '../support/env';
import { letterMarker } from '../support/marker';
import { waitFor } from '../support/processes';
import { endOpenRuns, syncDepartment } from '../support/syncDepartment';
import { openTemporal } from '../support/temporal';

// Each test waits for several passes and a filing's routing (see SETTLE_MS); the backfill's sets its own.
jest.setTimeout(600_000);
const db = openDatabase();
const prisma = openDb();
afterAll(async () => {
  await endOpenRuns(department); // tests/support/syncDepartment.ts says why
  await db.destroy();
  await prisma.$disconnect();
});
const token = (file: string) => fs.readFileSync(file, 'utf8').trim();
/** RT's operator: changes made with this token are theirs, not the sync's. */
const rtOperator = new RtConnector(testEnv.RT_URL!, token(testEnv.RT_OPERATOR_TOKEN_FILE!));
const rtSync = new RtConnector(testEnv.RT_URL!, token(testEnv.RT_TOKEN_FILE!));
/** Redmine has the sync's key only here: its changes are told apart by the version the sync wrote (docs/sync.md). */
const redmine = new RedmineConnector(testEnv.REDMINE_URL!, testEnv.REDMINE_API_KEY!);
/** The sync's passes (a second apart), a filing's routing and RT's calls: generous, never a timed assertion. */
const SETTLE_MS = 120_000;

/**
 * The department the sync's tickets are filed under and whose requests are made there: this
 * test's own, so the sync touches no other suite's requests (the queue mappings choose the
 * departments that sync, docs/sync.md) and its incidents load no other suite's agents.
 */
const department = letterMarker('sync-', 8);
const serviceCode = `${department}-svc`;

beforeAll(async () => {
  await syncDepartment(department, 'Synced with RT and Redmine');
  for (const [system, kind, remote, local] of [
    ['rt', 'queue', 'General', department],
    ['rt', 'priority', '50', 'P3'],
    ['rt', 'priority', '70', 'P2'],
    ['rt', 'priority', '90', 'P1'],
    ['rt', 'status', 'new', 'NEW'],
    ['rt', 'status', 'open', 'IN_PROGRESS'],
    ['rt', 'status', 'resolved', 'RESOLVED'],
    ['redmine', 'queue', 'it', department],
    ['redmine', 'priority', 'Normal', 'P3'],
    ['redmine', 'priority', 'High', 'P2'],
    ['redmine', 'priority', 'Urgent', 'P1'],
    ['redmine', 'status', 'New', 'NEW'],
    ['redmine', 'status', 'In Progress', 'IN_PROGRESS'],
    ['redmine', 'status', 'Resolved', 'RESOLVED'],
    ['redmine', 'status', 'Closed', 'CLOSED'],
  ] as const) {
    await putMappingRow(db, { system, kind, remote, local });
  }
});

/** When the running test began: its tickets' links are made after it (tests/support/syncSystems.ts, linkOf, says why). */
let testStarted = new Date(0);
beforeEach(() => {
  testStarted = new Date();
});
const linkOf = (system: string, remoteId: string) => prisma.syncLink.findFirst({ where: { system, remoteId, createdAt: { gte: testStarted } } });
const incidentOf = (requestId: string) => prisma.incident.findUnique({ where: { requestId } });

/** Our request and its open incident for a ticket there, once the sync has filed it. */
async function filedHere(system: string, remoteId: string) {
  return waitFor(
    `${system} #${remoteId} filed here`,
    async () => {
      const link = await linkOf(system, remoteId);
      const incident = link && (await incidentOf(link.requestId));
      return incident ? { requestId: link.requestId, incident } : null;
    },
    SETTLE_MS,
    500,
  );
}

async function statusHere(requestId: string, wanted: string[]) {
  return waitFor(
    `request ${requestId} in ${wanted.join(' or ')}`,
    async () => {
      const i = await incidentOf(requestId);
      return i && wanted.includes(i.status) ? i : null;
    },
    SETTLE_MS,
    500,
  );
}

/** The ticket there of a request filed here, once the sync has made it. */
async function madeThere(system: string, requestId: string) {
  const link = await waitFor(
    `request ${requestId} made in ${system}`,
    () => prisma.syncLink.findUnique({ where: { system_requestId: { system, requestId } } }),
    SETTLE_MS,
    500,
  );
  return link.remoteId;
}

async function commentsThere(c: SyncConnector, remoteId: string, body: string) {
  return (await c.listComments(remoteId)).filter((x) => x.body.trim() === body);
}

test('RT: a ticket made there is filed here; its public and internal comments come in apart; resolved there, resolved here; nothing is sent back', async () => {
  const marker = letterMarker('rtin ');
  const made = await rtOperator.upsertTicket(null, {
    subject: marker,
    description: 'printer on fire',
    queue: 'General',
    priority: '90',
    status: 'new',
    requester: `${marker.replace(' ', '')}@example.test`,
  });
  const { requestId } = await filedHere('rt', made.remoteId);
  const request = await prisma.serviceRequest.findUniqueOrThrow({ where: { id: requestId }, include: { client: true } });
  expect(request.description).toContain(marker);
  expect(request.client.email).toBe(`${marker.replace(' ', '')}@example.test`);
  expect(await prisma.serviceRequest.count({ where: { idempotencyKey: `sync:rt:${made.remoteId}` } })).toBe(1);
  await waitFor('priority P1 here', async () => (await incidentOf(requestId))?.priority === 'P1', SETTLE_MS, 500);

  await rtOperator.addComment(made.remoteId, { body: `${marker} public`, public: true });
  await rtOperator.addComment(made.remoteId, { body: `${marker} internal`, public: false });
  const comments = await waitFor(
    'both comments here',
    async () => {
      const rows = await prisma.comment.findMany({ where: { body: { startsWith: marker } }, orderBy: { createdAt: 'asc' } });
      return rows.length === 2 ? rows : null;
    },
    SETTLE_MS,
    500,
  );
  expect(comments.map((c) => [c.body, c.public, c.authorId.startsWith('rt:')])).toEqual([
    [`${marker} public`, true, true],
    [`${marker} internal`, false, true],
  ]);

  await rtOperator.upsertTicket(made.remoteId, { status: 'resolved' });
  await statusHere(requestId, ['RESOLVED', 'CLOSED']);
  // Nothing we applied went back: RT keeps its own two comments and its status.
  const after = await rtSync.getTicket(made.remoteId);
  expect(after?.status).toBe('resolved');
  expect((await rtSync.listComments(made.remoteId)).map((c) => c.body.trim())).toEqual([`${marker} public`, `${marker} internal`]);
  expect(await prisma.comment.count({ where: { body: { startsWith: marker } } })).toBe(2);
});

test('Redmine: an issue made there is filed here, its notes and its description edit come in, closed there is closed here', async () => {
  const marker = letterMarker('rmin ');
  const made = await redmine.upsertTicket(null, { subject: marker, description: 'no network', queue: 'it', priority: 'High' });
  const { requestId } = await filedHere('redmine', made.remoteId);
  await redmine.addComment(made.remoteId, { body: `${marker} note`, public: true });
  await redmine.addComment(made.remoteId, { body: `${marker} private`, public: false });
  await waitFor('both notes here', async () => (await prisma.comment.count({ where: { body: { startsWith: marker } } })) === 2, SETTLE_MS, 500);
  expect((await prisma.comment.findMany({ where: { body: { startsWith: marker } }, orderBy: { createdAt: 'asc' } })).map((c) => c.public)).toEqual([
    true,
    false,
  ]);
  // The description is the filing side's (docs/sync.md): an edit there comes in once, internal; ours stays.
  await redmine.upsertTicket(made.remoteId, { description: `${marker} the cable was cut` });
  const edit = await waitFor(
    'the description edit here',
    () => prisma.comment.findFirst({ where: { body: { contains: `${marker} the cable was cut` } } }),
    SETTLE_MS,
    500,
  );
  expect(edit).toMatchObject({ public: false, body: `Description changed in Redmine:\n\n${marker} the cable was cut` });
  await redmine.upsertTicket(made.remoteId, { status: 'Closed' });
  await statusHere(requestId, ['CLOSED']);
  expect(await prisma.comment.count({ where: { body: { contains: `${marker} the cable was cut` } } })).toBe(1);
  expect((await prisma.serviceRequest.findUniqueOrThrow({ where: { id: requestId } })).description).toContain('no network');
});

test('ours there: a request filed here is made in RT and Redmine, its comments go out once and apart, resolved here is resolved there', async () => {
  const marker = letterMarker('out ');
  const requestId = await fileRequest('admin', serviceCode, `${marker}\nthe VPN refuses me`);
  const rtId = await madeThere('rt', requestId);
  const rmId = await madeThere('redmine', requestId);
  expect((await rtSync.getTicket(rtId))?.subject).toBe(marker);
  expect((await redmine.getTicket(rmId))?.subject).toBe(marker);

  const incident = await waitFor('incident open', () => incidentOf(requestId), SETTLE_MS, 500);
  for (const [body, isPublic] of [
    [`${marker} public`, true],
    [`${marker} internal`, false],
  ] as const) {
    const res = await api('admin', 'POST', `/api/incidents/${incident.id}/comments`, { body, public: isPublic });
    expect(res.status).toBe(201);
  }
  const resolved = await api('admin', 'POST', `/api/incidents/${incident.id}/resolve`, { resolution: `${marker} fixed` });
  expect(resolved.status).toBe(200);

  await waitFor('RT resolved', async () => (await rtSync.getTicket(rtId))?.status === 'resolved', SETTLE_MS, 1000);
  await waitFor('Redmine resolved', async () => (await redmine.getTicket(rmId))?.status === 'Resolved', SETTLE_MS, 1000);
  // The comments went before the resolve (the outbox's order): each there once, kept apart.
  for (const [c, remoteId] of [
    [rtSync, rtId],
    [redmine, rmId],
  ] as const) {
    expect((await commentsThere(c, remoteId, `${marker} public`)).map((x) => x.public)).toEqual([true]);
    expect((await commentsThere(c, remoteId, `${marker} internal`)).map((x) => x.public)).toEqual([false]);
  }
  // And none came back as a comment of theirs.
  expect(await prisma.comment.count({ where: { body: { startsWith: marker } } })).toBe(2);
});

test('a status with no mapping is held with its reason on the status API; once mapped, the ticket goes on', async () => {
  const marker = letterMarker('held ');
  const made = await rtOperator.upsertTicket(null, { subject: marker, description: 'x', queue: 'General', priority: '50', status: 'open' });
  await rtOperator.upsertTicket(made.remoteId, { status: 'stalled' });
  const held = await waitFor(
    'the held status on the status API',
    async () => {
      const res = await api('admin', 'GET', '/api/admin/sync/status');
      const rt = res.body.systems.find((s: { system: string }) => s.system === 'rt');
      return rt.lastHeld.find((h: { remoteId: string }) => h.remoteId === made.remoteId);
    },
    SETTLE_MS,
    500,
  );
  expect(held).toEqual({ remoteId: made.remoteId, kind: 'status', value: 'stalled', reason: 'rt status "stalled" has no mapping' });

  const mapped = await api('admin', 'PUT', '/api/admin/sync/mappings', { system: 'rt', kind: 'status', remote: 'stalled', local: 'WAITING_FOR_CLIENT' });
  expect(mapped.status).toBe(200);
  const { requestId } = await filedHere('rt', made.remoteId);
  // Taken again by the next pass, though the ticket did not change: the incident waits for the client.
  await waitFor(
    'the held ticket taken again',
    async () => (await prisma.syncHeld.findFirst({ where: { system: 'rt', remoteId: made.remoteId } }))?.retriedAt,
    SETTLE_MS,
    500,
  );
  expect(['NEW', 'ASSIGNED', 'WAITING_FOR_CLIENT']).toContain((await incidentOf(requestId))?.status);
  const after = await api('admin', 'GET', '/api/admin/sync/held');
  expect(after.body.items.filter((h: { remoteId: string; system: string }) => h.system === 'rt' && h.remoteId === made.remoteId)).toEqual([]);
});

/** Our limit of one file (ATTACHMENT_MAX_BYTES, the incident attachments' own, infra/config.ts). */
const fileLimit = Number(testEnv.ATTACHMENT_MAX_BYTES ?? 10 * 1024 * 1024);
const png = (text: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]);

async function heldOnStatus(system: string, remoteId: string, kind: string) {
  return waitFor(
    `${system} #${remoteId}'s ${kind} held on the status API`,
    async () => {
      const res = await api('admin', 'GET', '/api/admin/sync/status');
      const s = res.body.systems.find((x: { system: string }) => x.system === system);
      return s.lastHeld.find((h: { remoteId: string; kind: string }) => h.remoteId === remoteId && h.kind === kind);
    },
    SETTLE_MS,
    500,
  );
}

test('files both ways: theirs come in once, ours go out once to both, none comes back; a file over our limit is held with the reason and the rest of the ticket still syncs', async () => {
  const marker = letterMarker('files ');
  const made = await rtOperator.upsertTicket(null, { subject: marker, description: 'see the screenshot', queue: 'General', priority: '50', status: 'new' });
  const theirs = png(`${marker} theirs`);
  const theirsId = await rtOperator.uploadAttachment(made.remoteId, { fileName: 'screen.png', contentType: 'image/png', content: theirs });
  // One byte over our limit (RT takes it: its $MaxAttachmentSize is raised in the local stack).
  const huge = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(fileLimit - 8, 0x20)]);
  // 14 MB of base64 for RT to decode and store: more than the connector's 15 s a call on a loaded machine.
  const rtOperatorPatient = new RtConnector(testEnv.RT_URL!, token(testEnv.RT_OPERATOR_TOKEN_FILE!), 180_000);
  const hugeId = await rtOperatorPatient.uploadAttachment(made.remoteId, { fileName: 'huge.pdf', contentType: 'application/pdf', content: huge });
  const { requestId, incident } = await filedHere('rt', made.remoteId);

  const held = await heldOnStatus('rt', made.remoteId, 'attachment');
  expect(held.value).toBe(hugeId);
  expect(held.reason).toContain('huge.pdf');
  expect(held.reason).toContain(`larger than ${fileLimit} bytes`);
  const files = await waitFor(
    'their file here',
    async () => {
      const rows = await prisma.attachment.findMany({ where: { incidentId: incident.id } });
      return rows.length > 0 ? rows : null;
    },
    SETTLE_MS,
    500,
  );
  expect(files.map((f) => [f.fileName, f.size, f.public, f.uploaderId])).toEqual([['screen.png', theirs.length, false, 'rt:operator']]);
  expect(await prisma.syncAttachment.findMany({ where: { system: 'rt', remoteId: made.remoteId } })).toEqual([
    expect.objectContaining({ remoteAttachmentId: theirsId, attachmentId: files[0]!.id }),
  ]);
  // The rest of the ticket still syncs: a comment and a status change after the held file.
  await rtOperator.addComment(made.remoteId, { body: `${marker} after the files`, public: true });
  await rtOperator.upsertTicket(made.remoteId, { status: 'resolved' });
  await waitFor('the comment here', async () => (await prisma.comment.count({ where: { body: `${marker} after the files` } })) === 1, SETTLE_MS, 500);
  await statusHere(requestId, ['RESOLVED', 'CLOSED']);

  // Ours out: a request filed here gets a file; RT and Redmine each get it once, and it does not come back.
  const out = letterMarker('filesout ');
  const ourRequest = await fileRequest('admin', serviceCode, `${out}\nthe form is attached`);
  const rtId = await madeThere('rt', ourRequest);
  const rmId = await madeThere('redmine', ourRequest);
  const ourIncident = await waitFor('incident open', () => incidentOf(ourRequest), SETTLE_MS, 500);
  const ours = png(`${out} ours`);
  expect((await uploadFile('admin', ourIncident.id, 'form.png', 'image/png', ours)).status).toBe(201);
  for (const [c, remoteId] of [
    [rtSync, rtId],
    [redmine, rmId],
  ] as const) {
    const there = await waitFor(
      `the file in ${c.system}`,
      async () => {
        const list = (await c.listAttachments(remoteId)).filter((a) => a.fileName === 'form.png');
        return list.length > 0 ? list : null;
      },
      SETTLE_MS,
      1000,
    );
    expect(there.map((a) => a.size)).toEqual([ours.length]);
    expect((await c.downloadAttachment(there[0]!)).equals(ours)).toBe(true);
  }
  // A comment after the file: once it is here, the passes after the file's are done too.
  expect((await api('admin', 'POST', `/api/incidents/${ourIncident.id}/comments`, { body: `${out} after`, public: true })).status).toBe(201);
  await waitFor('the comment in Redmine', async () => (await commentsThere(redmine, rmId, `${out} after`)).length === 1, SETTLE_MS, 1000);
  await waitFor('the comment in RT', async () => (await commentsThere(rtSync, rtId, `${out} after`)).length === 1, SETTLE_MS, 1000);
  expect(await prisma.attachment.count({ where: { incidentId: ourIncident.id } })).toBe(1);
  for (const [c, remoteId] of [
    [rtSync, rtId],
    [redmine, rmId],
  ] as const)
    expect((await c.listAttachments(remoteId)).filter((a) => a.fileName === 'form.png')).toHaveLength(1);
});

// Each side is away in turn for SYNC_OUTAGE_SECONDS: 120 by default, the two minutes.
// What is checked (the passes fail, the error shows, the cursors stay and everything waits for
// the side, then arrives once) does not depend on the length, as the retries back off to 15 s,
// but the issue asks for two minutes. Cost: 2 x 120 s of waiting plus a restart each (RT 7 s,
// Redmine 20 s, docs/sync.md), about 270 s of the suite against 2 x 20 s before (2026-12-03);
// SYNC_OUTAGE_SECONDS=20 gives the short run back.
const OUTAGE_SIDES = [
  { system: 'rt', theirs: () => rtOperator, ours: () => rtSync as SyncConnector, queue: 'General', priority: '50', status: 'new' },
  { system: 'redmine', theirs: () => redmine as SyncConnector, ours: () => redmine as SyncConnector, queue: 'it', priority: 'Normal', status: 'New' },
] as const;
test.each(OUTAGE_SIDES)(
  '$system down and back: the error shows while it is away; a request filed and a comment made meanwhile reach it once; its change made before comes in',
  async (side) => {
    const outageMs = Number(process.env.SYNC_OUTAGE_SECONDS ?? 120) * 1000;
    const { system } = side;
    const marker = letterMarker('outage ');
    const linkedRequest = await fileRequest('admin', serviceCode, `${marker} linked`);
    const linked = await madeThere(system, linkedRequest);
    const incident = await waitFor('incident open', () => incidentOf(linkedRequest), SETTLE_MS, 500);
    const before = await side
      .theirs()
      .upsertTicket(null, { subject: `${marker} theirs`, description: 'before', queue: side.queue, priority: side.priority, status: side.status });

    const stack = (cmd: string) => execFileSync('bash', ['scripts/stack.sh', cmd, system], { cwd: ROOT, env: testEnv, stdio: 'pipe' });
    stack('stop');
    let during: string;
    try {
      during = await fileRequest('admin', serviceCode, `${marker} during`);
      expect((await api('admin', 'POST', `/api/incidents/${incident.id}/comments`, { body: `${marker} while away`, public: true })).status).toBe(201);
      const down = await waitFor(
        'the error on the status API',
        async () => {
          const res = await api('admin', 'GET', '/api/admin/sync/status');
          const s = res.body.systems.find((x: { system: string }) => x.system === system);
          return s.lastError ? s : null;
        },
        SETTLE_MS,
        500,
      );
      expect(down.lastError).toMatch(/fetch failed|ECONNREFUSED|answered 5\d\d/);
      await new Promise((r) => setTimeout(r, outageMs));
    } finally {
      stack('start');
    }
    const ours = side.ours();
    const there = await madeThere(system, during);
    expect(await prisma.syncLink.count({ where: { system, requestId: during } })).toBe(1);
    expect((await ours.getTicket(there))?.subject).toBe(`${marker} during`);
    await waitFor(`the comment in ${system}`, async () => (await commentsThere(ours, linked, `${marker} while away`)).length > 0, SETTLE_MS, 1000);
    await filedHere(system, before.remoteId);
    await waitFor(
      'the error cleared',
      async () => {
        const res = await api('admin', 'GET', '/api/admin/sync/status');
        return res.body.systems.find((x: { system: string }) => x.system === system).lastError === null;
      },
      SETTLE_MS,
      1000,
    );
    // Once, not twice: the passes retried through the outage sent each thing one time.
    expect(await commentsThere(ours, linked, `${marker} while away`)).toHaveLength(1);
    expect(await prisma.serviceRequest.count({ where: { idempotencyKey: `sync:${system}:${before.remoteId}` } })).toBe(1);
  },
);

test.each(OUTAGE_SIDES)('$system: a subject edited there becomes our title; our title edited here becomes its subject; neither comes back', async (side) => {
  const { system } = side;
  const marker = letterMarker('subject ');
  const made = await side
    .theirs()
    .upsertTicket(null, { subject: `${marker} first`, description: 'the scanner jams', queue: side.queue, priority: side.priority, status: side.status });
  const { incident } = await filedHere(system, made.remoteId);
  const titleHere = async () => (await incidentOf(incident.requestId))?.title;

  await side.theirs().upsertTicket(made.remoteId, { subject: `${marker} theirs` });
  await waitFor('their subject as our title', async () => (await titleHere()) === `${marker} theirs`, SETTLE_MS, 500);
  const carried = await prisma.auditEntry.findMany({ where: { incidentId: incident.id, action: 'incident.edited' } });
  expect(carried.map((a) => [a.actorId, a.after])).toEqual([[`sync:${system}`, { title: `${marker} theirs` }]]);

  const tag = (await api('admin', 'GET', `/api/incidents/${incident.id}`)).headers.get('etag')!;
  const edited = await api('admin', 'PATCH', `/api/incidents/${incident.id}`, { title: `${marker} ours` }, { 'If-Match': tag });
  expect(edited.status).toBe(200);
  await waitFor(`our title as the ${system} subject`, async () => (await side.ours().getTicket(made.remoteId))?.subject === `${marker} ours`, SETTLE_MS, 1000);
  // Our write coming back is not taken for theirs: a comment there afterwards makes the inbound
  // pass read the ticket again, and the title stays ours with no second edit by the sync. After
  // our write's second: Redmine names no author of a change, so a note in that very second has
  // our write's version and is taken for its echo (docs/sync.md, "Known limits").
  await new Promise((r) => setTimeout(r, 1100));
  await side.theirs().addComment(made.remoteId, { body: `${marker} after`, public: true });
  await waitFor(
    'the comment here',
    async () => (await prisma.comment.count({ where: { incidentId: incident.id, body: { contains: `${marker} after` } } })) === 1,
    SETTLE_MS,
    500,
  );
  expect(await titleHere()).toBe(`${marker} ours`);
  expect(await prisma.auditEntry.count({ where: { incidentId: incident.id, action: 'incident.edited', actorId: `sync:${system}` } })).toBe(1);
  expect((await side.ours().getTicket(made.remoteId))?.subject).toBe(`${marker} ours`);
});

test('a ticket deleted there: what we send it is held with the reason on the status page; the other side still gets it', async () => {
  const marker = letterMarker('deleted ');
  const requestId = await fileRequest('admin', serviceCode, `${marker}\nthe printer is gone`);
  const rtId = await madeThere('rt', requestId);
  const rmId = await madeThere('redmine', requestId);
  const gone = await fetch(`${testEnv.REDMINE_URL}/issues/${rmId}.json`, { method: 'DELETE', headers: { 'X-Redmine-API-Key': testEnv.REDMINE_API_KEY! } });
  expect(gone.status).toBe(204);
  const incident = await waitFor('incident open', () => incidentOf(requestId), SETTLE_MS, 500);
  const res = await api('admin', 'POST', `/api/incidents/${incident.id}/comments`, { body: `${marker} after`, public: true });
  expect(res.status).toBe(201);
  const held = await waitFor(
    'the comment to the deleted issue held on the status API',
    async () => {
      const status = await api('admin', 'GET', '/api/admin/sync/status');
      const rm = status.body.systems.find((s: { system: string }) => s.system === 'redmine');
      return rm.lastHeld.find((h: { remoteId: string }) => h.remoteId === `request:${requestId}`);
    },
    SETTLE_MS,
    500,
  );
  expect(held.kind).toBe('outbound');
  expect(held.reason).toContain(`/issues/${rmId}.json answered 404`);
  // RT's ticket is there: it gets the comment once.
  await waitFor('the comment in RT', async () => (await commentsThere(rtSync, rtId, `${marker} after`)).length === 1, SETTLE_MS, 1000);
});

test('a field edited on both sides ends as the last writer left it on both (priority, docs/sync.md "Who owns each field")', async () => {
  const marker = letterMarker('conflict ');
  const made = await rtOperator.upsertTicket(null, { subject: marker, description: 'x', queue: 'General', priority: '50', status: 'new' });
  const { requestId, incident } = await filedHere('rt', made.remoteId);
  const both = async (ours: string, theirs: string) =>
    waitFor(
      `${ours} here and ${theirs} in RT`,
      async () => (await incidentOf(requestId))?.priority === ours && (await rtSync.getTicket(made.remoteId))?.priority === theirs,
      SETTLE_MS,
      1000,
    );
  // Theirs first, ours a moment later: ours is the last write, on both sides.
  await rtOperator.upsertTicket(made.remoteId, { priority: '90' });
  expect((await api('admin', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'setPriority', priority: 'P2' })).status).toBe(200);
  await both('P2', '70');
  // Ours first, theirs later: theirs is the last write.
  expect((await api('admin', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'setPriority', priority: 'P3' })).status).toBe(200);
  await new Promise((r) => setTimeout(r, 1100)); // RT's change time has whole seconds: theirs must be later than ours
  await rtOperator.upsertTicket(made.remoteId, { priority: '90' });
  await both('P1', '90');
});

// The race the guard (patch "expected-values", docs/sync.md "Who owns each field") is for, forced:
// their change is applied by the sync's own apply, and a person here changes the same field in
// the moment between the apply's read and its transition's turn in the process. The live
// inbound pass would apply a change made in RT before this test could force the moment, so
// their change is the ticket as RT holds it with the priority edited (read now), handed to
// the apply as a pass hands it.
test('forced race: a person changes the priority here while their change of it is on its way to the process; ours (later) stays, theirs is kept in the history', async () => {
  const marker = letterMarker('race ');
  const made = await rtOperator.upsertTicket(null, { subject: marker, description: 'x', queue: 'General', priority: '50', status: 'new' });
  const { requestId, incident } = await filedHere('rt', made.remoteId);
  await waitFor('priority P3 here', async () => (await incidentOf(requestId))?.priority === 'P3', SETTLE_MS, 500);
  const readAt = new Date().toISOString();
  const theirs = { ...(await rtSync.getTicket(made.remoteId))!, priority: '90', updatedAt: readAt.replace(/\.\d+Z$/, 'Z') };
  const change = await changeOf(db, await mappingRows(db, 'rt'), 'rt', theirs, requestId, readAt);
  expect(change?.priority).toBe('P1');

  const temporal = await openTemporal();
  let raced = false;
  try {
    const real = new TemporalProcess(temporal, testEnv.TEMPORAL_TASK_QUEUE ?? 'incident-desk');
    // The moment: before the apply's first transition reaches the process, the person's lands.
    const racing: ProcessGateway = {
      start: (id) => real.start(id),
      state: (id) => real.state(id),
      closeRequest: (id, input) => real.closeRequest(id, input),
      editRequest: (id, input) => real.editRequest(id, input),
      transition: async (id, input) => {
        if (!raced) {
          raced = true;
          const ours = await api('admin', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'setPriority', priority: 'P2' });
          expect(ours.status).toBe(200);
        }
        return real.transition(id, input);
      },
    };
    // Only the process is used for a ticket linked already with no comments or files.
    const ports = { process: racing } as unknown as ApplyPorts;
    expect(await new SyncApply(db, ports).apply(rtSync, change!)).toBe('updated');
  } finally {
    await temporal.connection.close();
  }
  expect(raced).toBe(true);
  // Ours is the later write: it stays, here and (sent by the outbound pass) in RT.
  expect((await incidentOf(requestId))?.priority).toBe('P2');
  // The live inbound pass may add one of its own beside it: RT's 50 (P3), older than ours, read
  // again before its version was final (seen in the run of 2026-12-03 15:50).
  const conflicts = await prisma.auditEntry.findMany({ where: { incidentId: incident.id, action: 'sync.conflict' } });
  expect(conflicts.map((c) => [c.before, c.after])).toContainEqual([
    expect.objectContaining({ priority: 'P1', system: 'rt' }),
    expect.objectContaining({ priority: 'P2' }),
  ]);
  await waitFor('P2 (70) in RT', async () => (await rtSync.getTicket(made.remoteId))?.priority === '70', SETTLE_MS, 1000);
  expect((await incidentOf(requestId))?.priority).toBe('P2');
});

test('the backfill links and imports the tickets RT has, once, however often it runs', async () => {
  const count = Number(process.env.SYNC_BACKFILL_TICKETS ?? 1000); // the 1,000; a quicker local run sets fewer
  const marker = letterMarker('backfill ');
  // Made by the sync's own user: the live inbound workflow takes them for its own writes and
  // leaves them, as it leaves tickets that were there before the sync began; the backfill takes them.
  // By raw REST2, 8 at a time (RT runs 2 workers): the connector's create reads the ticket back
  // (3 calls more), which for 1,000 tickets is most of the setup.
  // An old desk's tickets are mostly finished: 9 in 10 resolved (their incidents resolve, then
  // close after the reopen window, and their runs end), 1 in 10 new. The new ones wait for an
  // agent this department does not have, retrying every 2 s until afterAll ends their runs; 1,000
  // of them would be 500 workflow tasks a second for the rest of the suite.
  const ids: string[] = [];
  const resolved = new Set<string>();
  const create = async (i: number) => {
    const status = i % 10 === 0 ? 'new' : 'resolved';
    const res = await fetch(`${testEnv.RT_URL}/REST/2.0/ticket`, {
      method: 'POST',
      headers: { authorization: `token ${token(testEnv.RT_TOKEN_FILE!)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Subject: `${marker} ${i}`, Queue: 'General', Priority: 50, Status: status, Content: 'old', ContentType: 'text/plain' }),
    });
    expect(res.status).toBe(201);
    const id = String(((await res.json()) as { id: string | number }).id);
    ids.push(id);
    if (status === 'resolved') resolved.add(id);
  };
  const t0 = performance.now();
  for (let i = 0; i < count; i += 8) await Promise.all(Array.from({ length: Math.min(8, count - i) }, (_, k) => create(i + k)));
  const rawMs = performance.now() - t0;
  const run = () => {
    const out = execFileSync('node', ['dist/scripts/sync-backfill.js', 'rt'], { cwd: ROOT, env: testEnv, stdio: 'pipe', maxBuffer: 64 << 20 }).toString();
    return JSON.parse(out.trim().split('\n').at(-1)!) as { filed: number; seen: number };
  };
  const t1 = performance.now();
  const first = run();
  const backfillMs = performance.now() - t1;
  // The figures docs/sync.md ("Backfill") records; printed, never asserted (2 shared cores).
  console.log(
    JSON.stringify({
      at: new Date().toISOString(),
      tickets: count,
      rawRestCreate: { ms: Math.round(rawMs), perSecond: +((count / rawMs) * 1000).toFixed(2) },
      backfill: { ms: Math.round(backfillMs), ...first, perSecond: +((first.seen / backfillMs) * 1000).toFixed(2) },
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    }),
  );
  expect(first.filed).toBeGreaterThanOrEqual(count);
  const links = await prisma.syncLink.findMany({ where: { system: 'rt', remoteId: { in: ids } } });
  expect(links).toHaveLength(count);
  expect(await prisma.serviceRequest.count({ where: { idempotencyKey: { in: ids.map((id) => `sync:rt:${id}`) } } })).toBe(count);
  // Their resolved status came in through the process: each of those incidents was resolved (and
  // closed after the reopen window), none left open.
  const keys = [...resolved].map((id) => `sync:rt:${id}`);
  await waitFor(
    'the resolved tickets resolved here',
    async () =>
      (await prisma.incident.count({ where: { request: { idempotencyKey: { in: keys } }, status: { in: ['RESOLVED', 'CLOSED'] } } })) === resolved.size,
    600_000,
    2000,
  );
  const second = run();
  expect(second.filed).toBe(0);
  expect(await prisma.syncLink.count({ where: { system: 'rt', remoteId: { in: ids } } })).toBe(count);
  expect(await prisma.serviceRequest.count({ where: { idempotencyKey: { in: ids.map((id) => `sync:rt:${id}`) } } })).toBe(count);
}, 2_400_000);
