// The choice of a recipient's address (domain/notifications/preferences.ts), as pure rules.
import { chooseAddress, quietMinutesLeft, type Preferences } from '../../domain/notifications/preferences';

const prefs = (p: Partial<Preferences> = {}): Preferences => ({ channels: [], quietHoursStart: null, quietHoursEnd: null, timezone: 'UTC', ...p });
const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}:00Z`);
const all = { email: 'a@example.test', phone: '+79990000001', telegram: '42' };

test('without a choice: Telegram, then e-mail, then SMS, the first the person has', () => {
  expect(chooseAddress(all, prefs(), at('12:00'))).toMatchObject({ address: 'tg:42', kind: 'telegram', silent: false });
  expect(chooseAddress({ email: all.email, phone: all.phone }, prefs(), at('12:00'))).toMatchObject({ address: all.email });
  expect(chooseAddress({ phone: all.phone }, prefs(), at('12:00'))).toMatchObject({ address: all.phone, kind: 'phone' });
  expect(chooseAddress({}, prefs(), at('12:00'))).toBeNull();
});

test('the chosen order first; unlisted channels still carry a message when the listed have no contact', () => {
  expect(chooseAddress(all, prefs({ channels: ['phone', 'email'] }), at('12:00'))).toMatchObject({ address: all.phone });
  expect(chooseAddress({ email: all.email }, prefs({ channels: ['phone'] }), at('12:00'))).toMatchObject({ address: all.email });
});

test('quiet hours spanning midnight, read in the time zone', () => {
  const night = prefs({ quietHoursStart: 22 * 60, quietHoursEnd: 8 * 60 });
  expect(quietMinutesLeft(night, at('21:59'))).toBe(0);
  expect(quietMinutesLeft(night, at('22:00'))).toBe(600);
  expect(quietMinutesLeft(night, at('07:30'))).toBe(30);
  expect(quietMinutesLeft(night, at('08:00'))).toBe(0);
  // 19:00 UTC is 22:00 in Moscow (UTC+3).
  expect(quietMinutesLeft({ ...night, timezone: 'Europe/Moscow' }, at('19:00'))).toBe(600);
});

test('in quiet hours an SMS gives way to a silent channel, or waits for their end', () => {
  const night = prefs({ channels: ['phone', 'email'], quietHoursStart: 22 * 60, quietHoursEnd: 8 * 60 });
  expect(chooseAddress(all, night, at('23:00'))).toMatchObject({ address: all.email, silent: true });
  const waiting = chooseAddress({ phone: all.phone }, night, at('23:00'))!;
  expect(waiting).toMatchObject({ address: all.phone });
  expect(waiting.deferUntil?.toISOString()).toBe('2026-12-03T08:00:00.000Z');
  const day = chooseAddress({ phone: all.phone }, night, at('09:00'))!;
  expect(day).toMatchObject({ address: all.phone, silent: false });
  expect(day.deferUntil).toBeUndefined();
});
