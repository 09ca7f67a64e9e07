import { ALWAYS_OPEN } from '../../domain/process/calendar';
import { dueAt, newClock, nextThreshold, pause, reach, resume, retarget, usedMs } from '../../domain/process/slaClock';

const M = 60_000;

test('warning at 75 %, breach at 100 %', () => {
  const c = newClock(100 * M, 0);
  expect(nextThreshold(c, 0, ALWAYS_OPEN)).toEqual({ at: 75 * M, level: 'warning' });
  expect(reach(c, 'warning')).toBe(true);
  expect(nextThreshold(c, 75 * M, ALWAYS_OPEN)).toEqual({ at: 100 * M, level: 'breach' });
  expect(reach(c, 'breach')).toBe(true);
  expect(nextThreshold(c, 100 * M, ALWAYS_OPEN)).toBeNull();
});

test('a pause stops the clock and keeps time already spent', () => {
  const c = newClock(100 * M, 0);
  pause(c, 30 * M, ALWAYS_OPEN);
  expect(usedMs(c, 500 * M, ALWAYS_OPEN)).toBe(30 * M);
  expect(nextThreshold(c, 500 * M, ALWAYS_OPEN)).toBeNull();
  resume(c, 500 * M);
  expect(nextThreshold(c, 500 * M, ALWAYS_OPEN)).toEqual({ at: 545 * M, level: 'warning' });
  expect(dueAt(c, 500 * M, ALWAYS_OPEN)).toBe(570 * M);
});

test('changing the target keeps spent and paused time (unlike GLPI issue 6902)', () => {
  const c = newClock(100 * M, 0);
  pause(c, 40 * M, ALWAYS_OPEN); // 40 min spent, then paused
  resume(c, 1000 * M); // paused for a long time
  retarget(c, 60 * M, 1010 * M, ALWAYS_OPEN); // priority raised: 60 min target, 50 min spent
  expect(usedMs(c, 1010 * M, ALWAYS_OPEN)).toBe(50 * M);
  expect(nextThreshold(c, 1010 * M, ALWAYS_OPEN)).toEqual({ at: 1010 * M, level: 'warning' }); // 50 >= 45: warn now
  expect(dueAt(c, 1010 * M, ALWAYS_OPEN)).toBe(1020 * M);
});

test('a looser target re-arms a warning that no longer holds', () => {
  const c = newClock(10 * M, 0);
  reach(c, 'warning');
  retarget(c, 100 * M, 8 * M, ALWAYS_OPEN);
  expect(c.warned).toBe(false);
});
