// The Russian UI is complete: every English key has a non-empty Russian text with the same
// placeholders.
import en from '../../web/src/lib/messages/en.json';
import ru from '../../web/src/lib/messages/ru.json';
import { TEMPLATE_NAMES } from '../../domain/notifications/templates';
import { RULE_CHANNELS, RULE_EVENTS, RULE_RECIPIENTS } from '../../domain/notifications/rules';
import { INCIDENT_STATUSES, REQUEST_STATUSES } from '../../domain/process/states';

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

// Names that come from the server and are shown through `templates.name.<name>` or
// `status.<status>`: a name without its text broke the template picker (its list rendered empty).
test('every notification template and every status has its label', () => {
  const keys = new Set(Object.keys(en));
  for (const name of TEMPLATE_NAMES) expect(keys).toContain(`templates.name.${name}`);
  for (const status of [...INCIDENT_STATUSES, ...REQUEST_STATUSES]) expect(keys).toContain(`status.${status}`);
  // The rules page: an event without its text left the whole table empty (CI of 2026-12-03).
  for (const event of RULE_EVENTS) expect(keys).toContain(`rules.event.${event}`);
  for (const recipient of RULE_RECIPIENTS) expect(keys).toContain(`rules.recipient.${recipient}`);
  for (const channel of RULE_CHANNELS) expect(keys).toContain(`rules.channel.${channel}`);
});
