// The Russian UI is complete: every English key has a non-empty Russian text with the same
// placeholders.
import en from '../../web/src/lib/messages/en.json';
import ru from '../../web/src/lib/messages/ru.json';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const russian: Record<string, string> = ru;

test('ru has exactly the keys of en', () => {
  expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
});

test.each(Object.entries(en))('%s is translated with the same placeholders', (key, english) => {
  const text = russian[key] ?? '';
  expect(text.trim()).not.toBe('');
  expect(placeholders(text)).toEqual(placeholders(english));
});
