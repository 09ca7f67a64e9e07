// The sync's admin API (docs/sync.md): mappings set, changed and removed by admins only, with
// bad input named by field; a held value resolved by the mapping it waited for; the status of
// each system. The held row is made here as the inbound sync makes it (one per ticket and value).
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { letterMarker } from '../support/marker';

const db = openDb();
afterAll(() => db.$disconnect());

test('only admins manage the sync', async () => {
  // The sync's workflow tests map RT "open" too: what counts is that these calls added nothing.
  const before = await db.syncMapping.count({ where: { system: 'rt', kind: 'status', remote: 'open', local: 'IN_PROGRESS' } });
  for (const user of ['ivan', 'olga', 'sergey']) {
    expect((await api(user, 'GET', '/api/admin/sync/status')).status).toBe(403);
    expect((await api(user, 'PUT', '/api/admin/sync/mappings', { system: 'rt', kind: 'status', remote: 'open', local: 'IN_PROGRESS' })).status).toBe(403);
  }
  expect(await db.syncMapping.count({ where: { system: 'rt', kind: 'status', remote: 'open', local: 'IN_PROGRESS' } })).toBe(before);
});

test('a mapping is set once per system, kind and value, changed, listed and removed; bad input names its field', async () => {
  const remote = letterMarker('queue');
  const first = await api('admin', 'PUT', '/api/admin/sync/mappings', { system: 'redmine', kind: 'queue', remote, local: 'it' });
  expect(first.status).toBe(200);
  expect(first.body.mapping).toMatchObject({ system: 'redmine', kind: 'queue', remote, local: 'it' });
  const again = await api('admin', 'PUT', '/api/admin/sync/mappings', { system: 'redmine', kind: 'queue', remote, local: 'repair' });
  expect(again.body.mapping).toMatchObject({ id: first.body.mapping.id, local: 'repair' });
  const list = await api('admin', 'GET', '/api/admin/sync/mappings?system=redmine');
  expect(list.body.items.filter((m: { remote: string }) => m.remote === remote)).toEqual([expect.objectContaining({ local: 'repair' })]);

  for (const [body, field] of [
    [{ system: 'jira', kind: 'queue', remote, local: 'it' }, 'system'],
    [{ system: 'rt', kind: 'colour', remote, local: 'it' }, 'kind'],
    [{ system: 'rt', kind: 'queue', remote: ' ', local: 'it' }, 'remote'],
    [{ system: 'rt', kind: 'queue', remote, local: 'x'.repeat(201) }, 'local'],
  ] as const) {
    const bad = await api('admin', 'PUT', '/api/admin/sync/mappings', body);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors[0].field).toBe(field);
  }
  expect(await db.syncMapping.count({ where: { remote } })).toBe(1);

  expect((await api('admin', 'DELETE', `/api/admin/sync/mappings/${first.body.mapping.id}`)).status).toBe(204);
  expect((await api('admin', 'DELETE', `/api/admin/sync/mappings/${first.body.mapping.id}`)).status).toBe(404);
  expect((await api('admin', 'DELETE', `/api/admin/sync/mappings/${randomUUID()}`)).status).toBe(404);
});

test('a status held for want of a mapping shows with its reason and is resolved by the mapping; the status counts it', async () => {
  const value = letterMarker('status');
  const remoteId = String(Date.now());
  await db.syncHeld.create({ data: { system: 'rt', remoteId, kind: 'status', value, reason: `rt status "${value}" has no mapping` } });
  const held = await api('admin', 'GET', '/api/admin/sync/held');
  expect(held.status).toBe(200);
  expect(held.body.items).toContainEqual(
    expect.objectContaining({ system: 'rt', remoteId, kind: 'status', value, reason: `rt status "${value}" has no mapping` }),
  );
  const before = (await api('admin', 'GET', '/api/admin/sync/status')).body.systems.find((s: { system: string }) => s.system === 'rt');
  expect(before.held).toBeGreaterThanOrEqual(1);
  expect(before).toMatchObject({ system: 'rt' });

  expect((await api('admin', 'PUT', '/api/admin/sync/mappings', { system: 'rt', kind: 'status', remote: value, local: 'IN_PROGRESS' })).status).toBe(200);
  const after = await api('admin', 'GET', '/api/admin/sync/held');
  expect(after.body.items.map((h: { value: string }) => h.value)).not.toContain(value);
  expect((await db.syncHeld.findFirstOrThrow({ where: { remoteId, value } })).resolvedAt).not.toBeNull();
  const status = (await api('admin', 'GET', '/api/admin/sync/status')).body.systems.find((s: { system: string }) => s.system === 'rt');
  expect(status.held).toBe(before.held - 1);
});
