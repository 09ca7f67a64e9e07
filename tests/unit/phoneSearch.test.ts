// Which search texts reach phone numbers: digits and phone punctuation only, 3 digits or more.
import { phoneDigitsOf } from '../../domain/shared/phoneSearch';

test('a phone-like text searches its digits', () => {
  expect(phoneDigitsOf('+7 (495) 123-00-01')).toBe('74951230001');
  expect(phoneDigitsOf('123')).toBe('123');
});

test('text with letters, or under 3 digits, is not a phone search', () => {
  expect(phoneDigitsOf('export-1a2b3c4d')).toBeNull(); // once searched phones for "1234"
  expect(phoneDigitsOf('принтер 2024')).toBeNull();
  expect(phoneDigitsOf('12')).toBeNull();
  expect(phoneDigitsOf('+-()')).toBeNull();
});
