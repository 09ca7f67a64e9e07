// A linked id that now names another ticket (apply.ts, reusedId): Redmine on SQLite gives a
// deleted issue's id to the next issue; the CI run of ef49f04 filed nothing for such an issue.
import { reusedId } from '../../domain/sync/apply';

const link = { createdAt: new Date('2026-12-03T20:01:02.914Z') };

test('a ticket made minutes after its id was linked is another ticket', () => {
  expect(reusedId(link, { createdAt: '2026-12-03T20:06:52Z' })).toBe(true);
});

test('the linked ticket itself: made before the link, or by us in the same seconds, or a clock a little ahead', () => {
  expect(reusedId(link, { createdAt: '2026-12-03T19:59:00Z' })).toBe(false);
  expect(reusedId(link, { createdAt: '2026-12-03T20:01:02Z' })).toBe(false);
  expect(reusedId(link, { createdAt: '2026-12-03T20:01:50Z' })).toBe(false);
});

test('a system that does not say when the ticket was made keeps the link', () => {
  expect(reusedId(link, { createdAt: null })).toBe(false);
  expect(reusedId(link, { createdAt: 'not a date' })).toBe(false);
});
