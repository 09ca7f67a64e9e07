// The connectors against the real Request Tracker 5 and Redmine 5 of the test stack
// (scripts/stack.sh start sync; scripts/test.sh starts them for runs that include tests/sync).
// Each side: a ticket made is seen in the change feed from a cursor taken before it; edits,
// public and internal comments (kept apart), an attachment, closing; what the side refuses is a
// SyncRejected naming it, a side that does not answer a SyncUnavailable, a gone ticket null.
import { SyncRejected, SyncUnavailable, type SyncConnector } from '../../domain/sync/connector';
import { connectorsFromEnv } from '../../domain/sync/connectors';
import { RedmineConnector } from '../../domain/sync/redmineConnector';
import { RtConnector } from '../../domain/sync/rtConnector';
import { testEnv } from '../support/env';
import { letterMarker } from '../support/marker';

const connectors = connectorsFromEnv(testEnv);
const byName = (system: string) => connectors.find((c) => c.system === system)!;

/** Each side's words for the same things. */
const words = {
  rt: { queue: 'General', open: 'open', closed: 'resolved', priority: '70', otherPriority: '20' },
  redmine: { queue: 'it', open: 'In Progress', closed: 'Closed', priority: 'High', otherPriority: 'Low' },
} as const;

test('both connectors are configured from the profile', () => {
  expect(connectors.map((c) => c.system).sort()).toEqual(['redmine', 'rt']);
});

describe.each(['rt', 'redmine'] as const)('%s connector', (system) => {
  const w = words[system];
  let c: SyncConnector;
  beforeAll(() => {
    c = byName(system);
  });

  test('a ticket made there is in the change feed from a cursor taken before it, with its fields', async () => {
    const before = await c.changesSince(null, 1);
    const cursor = new Date(Date.now() - 2000).toISOString();
    const subject = letterMarker('sync ');
    const made = await c.upsertTicket(null, { subject, description: `Opened by the connector test ${subject}`, queue: w.queue, priority: w.priority });
    expect(made).toMatchObject({ subject, queue: w.queue, priority: w.priority, closed: false, deleted: false });
    expect(made.description).toContain(subject);
    const page = await c.changesSince(cursor, 100);
    expect(page.tickets.map((t) => t.remoteId)).toContain(made.remoteId);
    expect(page.cursor >= cursor).toBe(true);
    expect(before.tickets.length).toBeLessThanOrEqual(1);
    if (system === 'rt') expect(made.updatedBy).toBe(c.ownLogin);
  });

  test('edits, public and internal comments kept apart, an attachment, and closing', async () => {
    const subject = letterMarker('sync ');
    const made = await c.upsertTicket(null, { subject, description: 'to be worked', queue: w.queue });
    const edited = await c.upsertTicket(made.remoteId, {
      subject: `${subject} edited`,
      status: w.open,
      priority: w.otherPriority,
      dueAt: '2030-01-15T00:00:00Z',
    });
    expect(edited).toMatchObject({ subject: `${subject} edited`, status: w.open, priority: w.otherPriority, closed: false });
    expect(edited.dueAt?.slice(0, 10)).toBe('2030-01-15');

    await c.addComment(made.remoteId, { body: `public ${subject}`, public: true });
    await c.addComment(made.remoteId, { body: `internal ${subject}`, public: false });
    const comments = await c.listComments(made.remoteId);
    expect(comments.filter((m) => m.body.includes(subject)).map((m) => [m.body, m.public])).toEqual([
      [`public ${subject}`, true],
      [`internal ${subject}`, false],
    ]);

    const content = Buffer.from(`attached ${subject}`);
    const fileId = await c.uploadAttachment(made.remoteId, { fileName: 'report.txt', contentType: 'text/plain', content });
    const files = await c.listAttachments(made.remoteId);
    expect(files).toEqual([expect.objectContaining({ remoteId: fileId, fileName: 'report.txt', size: content.length })]);
    expect((await c.downloadAttachment(files[0]!)).equals(content)).toBe(true);

    const closed = await c.upsertTicket(made.remoteId, { status: w.closed });
    expect(closed).toMatchObject({ status: w.closed, closed: true });
    expect((await c.getTicket(made.remoteId))?.closed).toBe(true);
  });

  test('a status the side does not know is refused with its name, and the ticket is unchanged', async () => {
    const made = await c.upsertTicket(null, { subject: letterMarker('sync '), description: 'x', queue: w.queue });
    const refused = c.upsertTicket(made.remoteId, { status: 'nosuchstatus' });
    await expect(refused).rejects.toBeInstanceOf(SyncRejected);
    await expect(c.upsertTicket(made.remoteId, { status: 'nosuchstatus' })).rejects.toThrow(/nosuchstatus/);
    expect((await c.getTicket(made.remoteId))?.status).toBe(made.status);
  });

  test('a ticket that is not there is null', async () => {
    expect(await c.getTicket('99999999')).toBeNull();
  });
});

test('a side that does not answer is unavailable (retried), not refused (held)', async () => {
  // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
  await expect(new RtConnector('http://127.0.0.1:9', 'token').getTicket('1')).rejects.toBeInstanceOf(SyncUnavailable);
  await expect(new RedmineConnector('http://127.0.0.1:9', 'key').changesSince(null, 1)).rejects.toBeInstanceOf(SyncUnavailable);
});

test('a wrong credential is refused, not retried', async () => {
  await expect(new RtConnector(testEnv.RT_URL!, '1-1-wrong').getTicket('1')).rejects.toBeInstanceOf(SyncRejected);
  await expect(new RedmineConnector(testEnv.REDMINE_URL!, 'wrong').changesSince(null, 1)).rejects.toBeInstanceOf(SyncRejected);
});
