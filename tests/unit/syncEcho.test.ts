// Our own write coming back from RT or Redmine is skipped, a person's change there is not, even
// in the very second of our write (their versions are whole seconds).
import { isEcho, writtenValues } from '../../domain/sync/mapping';

const written = { updatedBy: 'root', updatedAt: '2026-12-03T05:00:10Z', status: 'open', priority: '50' };
const link = { lastWritten: written.updatedAt, lastValues: writtenValues(written) };

test('the sync’s own login, or the version and values its write left, is an echo', () => {
  expect(isEcho({ ...written, updatedBy: 'desk-sync' }, null, 'desk-sync')).toBe(true);
  expect(isEcho(written, link, 'desk-sync')).toBe(true);
  // Read just before our write (a poll between two writes): an older version, ours too.
  expect(isEcho({ ...written, updatedAt: '2026-12-03T05:00:09Z', status: 'new' }, link, 'desk-sync')).toBe(true);
});

test('a change there in the same second with other values, or later, is theirs', () => {
  expect(isEcho({ ...written, status: 'stalled' }, link, 'desk-sync')).toBe(false);
  expect(isEcho({ ...written, priority: '90' }, link, 'desk-sync')).toBe(false);
  expect(isEcho({ ...written, updatedAt: '2026-12-03T05:00:11Z' }, link, 'desk-sync')).toBe(false);
  expect(isEcho(written, null, 'desk-sync')).toBe(false);
  // Links written before the values were kept: the version alone decides, as it did.
  expect(isEcho({ ...written, status: 'stalled' }, { ...link, lastValues: null }, 'desk-sync')).toBe(true);
});
