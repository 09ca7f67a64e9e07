import { ALWAYS_OPEN, addBusinessMs, businessMsBetween, type BusinessCalendar } from '../../domain/process/calendar';

const H = 3_600_000;
const nineToSix: [number, number][] = [[9 * 60, 18 * 60]];
// Moscow (UTC+3, no DST), Monday to Friday 09:00-18:00, 2026-01-07 (Wednesday) a holiday.
const moscow: BusinessCalendar = { timezone: 'Europe/Moscow', week: [[], nineToSix, nineToSix, nineToSix, nineToSix, nineToSix, []], holidays: ['2026-01-07'] };
const at = (iso: string) => Date.parse(iso);

describe('addBusinessMs', () => {
  test('within one working day', () => {
    expect(addBusinessMs(at('2026-01-05T07:00:00Z'), 2 * H, moscow)).toBe(at('2026-01-05T09:00:00Z')); // Mon 10:00 MSK + 2h = 12:00 MSK
  });
  test('a start before opening counts from opening', () => {
    expect(addBusinessMs(at('2026-01-05T03:00:00Z'), H, moscow)).toBe(at('2026-01-05T07:00:00Z')); // Mon 06:00 -> 09:00 + 1h
  });
  test('across a weekend: Friday 17:00 + 2h = Monday 10:00', () => {
    expect(addBusinessMs(at('2026-01-09T14:00:00Z'), 2 * H, moscow)).toBe(at('2026-01-12T07:00:00Z'));
  });
  test('across a holiday: Tuesday 17:00 + 2h skips Wednesday the 7th', () => {
    expect(addBusinessMs(at('2026-01-06T14:00:00Z'), 2 * H, moscow)).toBe(at('2026-01-08T07:00:00Z'));
  });
  test('across a weekend and a holiday: 20 working hours from Friday noon', () => {
    // Fri 12:00-18:00 = 6h; Mon 5th 9h (15h); Tue 6th 5h more -> Tue 14:00 MSK.
    expect(addBusinessMs(at('2026-01-02T09:00:00Z'), 20 * H, moscow)).toBe(at('2026-01-06T11:00:00Z'));
    // And with the holiday in the way: Tue 15:00 + 6h = Tue 3h left to 18:00, Wed holiday, Thu 12:00.
    expect(addBusinessMs(at('2026-01-06T12:00:00Z'), 6 * H, moscow)).toBe(at('2026-01-08T09:00:00Z'));
  });
  test('a 24x7 calendar is plain addition', () => {
    expect(addBusinessMs(at('2026-03-01T00:00:00Z'), 50 * H, ALWAYS_OPEN)).toBe(at('2026-03-03T02:00:00Z'));
  });
  test('a calendar without working hours is rejected', () => {
    expect(() => addBusinessMs(0, H, { timezone: 'UTC', week: [[], [], [], [], [], [], []], holidays: [] })).toThrow('no working hours');
  });
  test('daylight saving time: Berlin spring forward keeps wall-clock hours', () => {
    const berlin: BusinessCalendar = { timezone: 'Europe/Berlin', week: Array.from({ length: 7 }, () => nineToSix), holidays: [] };
    // Sat 2026-03-28 17:00 CET (16:00Z) + 2h: 1h Saturday, then Sunday 29th (CEST, UTC+2) 09:00 + 1h = 10:00 CEST = 08:00Z.
    expect(addBusinessMs(at('2026-03-28T16:00:00Z'), 2 * H, berlin)).toBe(at('2026-03-29T08:00:00Z'));
  });
});

describe('businessMsBetween', () => {
  test('is the inverse of addBusinessMs', () => {
    for (const start of ['2026-01-02T09:00:00Z', '2026-01-06T14:00:00Z', '2026-01-10T10:00:00Z']) {
      for (const hours of [1, 5, 9, 27]) {
        const end = addBusinessMs(at(start), hours * H, moscow);
        expect(businessMsBetween(at(start), end, moscow)).toBe(hours * H);
      }
    }
  });
  test('a weekend and a holiday count zero', () => {
    expect(businessMsBetween(at('2026-01-10T00:00:00Z'), at('2026-01-11T23:00:00Z'), moscow)).toBe(0);
    expect(businessMsBetween(at('2026-01-06T21:00:00Z'), at('2026-01-07T20:59:00Z'), moscow)).toBe(0);
  });
});
