// The e-mail chat's cut of an over-long mail (domain/chat/mailChat.ts): at most the chat's limit, the note within it.
import { fitted } from '../../domain/chat/mailChat';

test('a mail within the limit is kept whole', () => {
  expect(fitted('short', 10, 'en')).toBe('short');
  expect(fitted('x'.repeat(100), 100, 'ru')).toBe('x'.repeat(100));
});

test('an over-long mail is cut at the limit with a note in its language', () => {
  const en = fitted('y'.repeat(5000), 4000, 'en');
  expect(en).toHaveLength(4000);
  expect(en.endsWith("[The mail was cut at 4000 characters, the chat's limit.]")).toBe(true);
  const ru = fitted('я'.repeat(5000), 4000, 'ru');
  expect(ru).toHaveLength(4000);
  expect(ru).toContain('Письмо обрезано до 4000 символов');
});
