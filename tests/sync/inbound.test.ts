// The inbound pass (domain/sync/inbound.ts) against the real RT and Redmine of the test stack:
// a change made there by one of their people comes in our words; a status with no mapping is
// held with its reason and goes on once mapped; our own writes coming back are skipped (echo);
// a side taken down leaves the cursor and shows the error, and after it is back nothing made
// meanwhile is lost or doubled.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { SyncUnavailable } from '../../domain/sync/connector';
import { inboundPass, type InboundPass } from '../../domain/sync/inbound';
import { RedmineConnector } from '../../domain/sync/redmineConnector';
import { putMappingRow, resolveHeldRows, saveCursorRow } from '../../domain/sync/repository';
import { RtConnector } from '../../domain/sync/rtConnector';
import { openDatabase, openDb } from '../support/db';
import { ROOT, testEnv } from '../support/env';
import { letterMarker } from '../support/marker';

const db = openDatabase();
const prisma = openDb();
afterAll(async () => {
  await db.destroy();
  await prisma.$disconnect();
});
const token = (file: string) => fs.readFileSync(file, 'utf8').trim();
const rtSync = new RtConnector(testEnv.RT_URL!, token(testEnv.RT_TOKEN_FILE!));
/** An RT operator: changes made with this token are theirs, not ours. */
const rtOperator = new RtConnector(testEnv.RT_URL!, token(testEnv.RT_OPERATOR_TOKEN_FILE!));
const redmine = new RedmineConnector(testEnv.REDMINE_URL!, testEnv.REDMINE_API_KEY!);

/** Starts a system's feed from just before now, so other suites' older tickets stay out. */
const startFeed = (system: string) => saveCursorRow(db, system, { cursor: new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z'), error: null });
const ids = (pass: InboundPass) => pass.changes.map((c) => c.ticket.remoteId);

beforeAll(async () => {
  for (const [system, kind, remote, local] of [
    ['rt', 'queue', 'General', 'it'],
    ['rt', 'priority', '50', 'P3'],
    ['rt', 'status', 'open', 'IN_PROGRESS'],
    ['redmine', 'queue', 'it', 'it'],
    ['redmine', 'priority', 'Normal', 'P3'],
    ['redmine', 'status', 'New', 'NEW'],
    ['redmine', 'status', 'In Progress', 'IN_PROGRESS'],
  ] as const) {
    await putMappingRow(db, { system, kind, remote, local });
  }
});

test("RT: an operator's ticket comes in our words; an unmapped status is held with its reason and goes on once mapped; our own edit is an echo", async () => {
  await startFeed('rt');
  const subject = letterMarker('inbound ');
  const mapped = await rtOperator.upsertTicket(null, { subject, description: 'mapped', queue: 'General', priority: '50', status: 'open' });
  // RT takes no new ticket as stalled: it is made open, then stalled.
  const opened = await rtOperator.upsertTicket(null, { subject, description: 'stalled', queue: 'General', priority: '50', status: 'open' });
  const stalled = await rtOperator.upsertTicket(opened.remoteId, { status: 'stalled' });

  const first = await inboundPass(db, rtSync);
  expect(first.changes.find((c) => c.ticket.remoteId === mapped.remoteId)).toMatchObject({
    status: 'IN_PROGRESS',
    departmentCode: 'it',
    priority: 'P3',
    requestId: null,
  });
  expect(ids(first)).not.toContain(stalled.remoteId);
  const held = await prisma.syncHeld.findMany({ where: { system: 'rt', remoteId: stalled.remoteId, resolvedAt: null } });
  expect(held.map((h) => [h.kind, h.value, h.reason])).toEqual([['status', 'stalled', 'rt status "stalled" has no mapping']]);

  // Our own write: the sync's user changes the mapped ticket; the next pass skips it.
  await rtSync.upsertTicket(mapped.remoteId, { subject: `${subject} by us` });
  await putMappingRow(db, { system: 'rt', kind: 'status', remote: 'stalled', local: 'ON_HOLD' });
  await resolveHeldRows(db, { system: 'rt', kind: 'status', remote: 'stalled' });
  await rtOperator.upsertTicket(stalled.remoteId, { subject: `${subject} again` });
  const second = await inboundPass(db, rtSync);
  expect(ids(second)).not.toContain(mapped.remoteId);
  expect(second.echoes).toBeGreaterThanOrEqual(1);
  expect(second.changes.find((c) => c.ticket.remoteId === stalled.remoteId)).toMatchObject({ status: 'ON_HOLD' });
  expect(await prisma.syncHeld.count({ where: { system: 'rt', remoteId: stalled.remoteId, resolvedAt: null } })).toBe(0);
});

test('Redmine: a change at the version our last write left is an echo; a later one is theirs', async () => {
  await startFeed('redmine');
  const made = await redmine.upsertTicket(null, { subject: letterMarker('inbound '), description: 'x', queue: 'it', priority: 'Normal' });
  await prisma.syncLink.create({ data: { system: 'redmine', remoteId: made.remoteId, requestId: randomUUID(), lastWritten: made.updatedAt } });
  const echo = await inboundPass(db, redmine);
  expect(ids(echo)).not.toContain(made.remoteId);
  expect(echo.echoes).toBeGreaterThanOrEqual(1);

  // Redmine's updated_on has whole seconds: a change in the next second is another version.
  await new Promise((r) => setTimeout(r, 1100));
  await redmine.upsertTicket(made.remoteId, { status: 'In Progress' });
  const theirs = await inboundPass(db, redmine);
  expect(theirs.changes.find((c) => c.ticket.remoteId === made.remoteId)).toMatchObject({ status: 'IN_PROGRESS', requestId: expect.any(String) });
});

// RT is stopped for the few seconds a stop and start take (about 20 s here), not two minutes:
// what is checked is that a pass against a side that is away keeps its cursor and shows the
// error, and that the first pass after it is back takes everything made since; the length of
// the outage changes neither.
test('RT down and back: the pass fails as unavailable, keeps its cursor and shows the error; nothing made around it is lost or doubled', async () => {
  await startFeed('rt');
  const before = await rtOperator.upsertTicket(null, {
    subject: letterMarker('outage '),
    description: 'before',
    queue: 'General',
    priority: '50',
    status: 'open',
  });
  const stack = (cmd: string) => execFileSync('bash', ['scripts/stack.sh', cmd, 'rt'], { cwd: ROOT, env: testEnv, stdio: 'pipe' });
  const cursor = (await prisma.syncCursor.findUniqueOrThrow({ where: { system: 'rt' } })).cursor;
  stack('stop');
  try {
    await expect(inboundPass(db, rtSync)).rejects.toBeInstanceOf(SyncUnavailable);
    const down = await prisma.syncCursor.findUniqueOrThrow({ where: { system: 'rt' } });
    expect(down.cursor).toBe(cursor);
    expect(down.lastError).toMatch(/fetch failed|ECONNREFUSED/);
  } finally {
    stack('start');
  }
  const after = await rtOperator.upsertTicket(null, {
    subject: letterMarker('outage '),
    description: 'after',
    queue: 'General',
    priority: '50',
    status: 'open',
  });
  const pass = await inboundPass(db, rtSync);
  expect(
    ids(pass)
      .filter((id) => id === before.remoteId || id === after.remoteId)
      .sort(),
  ).toEqual([before.remoteId, after.remoteId].sort());
  expect((await prisma.syncCursor.findUniqueOrThrow({ where: { system: 'rt' } })).lastError).toBeNull();
});
