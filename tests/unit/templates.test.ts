// Every notification template speaks Russian and English, and the recipient's language picks one.
import { DEFAULTS, LANGS, fill, render, unknownPlaceholders, type TemplateName } from '../../domain/notifications/templates';

const NAMES: TemplateName[] = ['status', 'assigned', 'closed', 'sla-warning', 'sla-breach', 'digest', 'sla-summary', 'comment'];
const vars = {
  ref: 'AB12CD34',
  title: 'Printer jams',
  status: 'IN_PROGRESS',
  clock: 'resolution',
  lines: ['[P2] Printer jams (ASSIGNED)'],
  date: '2026-11-24',
  department: 'IT',
  open: 3,
  atRisk: 1,
  breached: 1,
  comment: 'We ordered a new power supply.',
};

test.each(NAMES)('%s has a Russian and an English text', (name) => {
  const ru = render(name, 'ru', vars);
  const en = render(name, 'en', vars);
  for (const t of [ru, en]) {
    expect(t.subject.trim()).not.toBe('');
    expect(t.body.trim()).not.toBe('');
    expect(`${t.subject} ${t.body}`).not.toMatch(/undefined|null/);
  }
  expect(en.subject).not.toBe(ru.subject);
  expect(`${en.subject} ${en.body}`).not.toMatch(/[а-яё]/i);
  expect(`${ru.subject} ${ru.body}`).toMatch(/[а-яё]/i);
});

test('an unknown or missing language falls back to Russian', () => {
  expect(render('assigned', null, vars)).toEqual(render('assigned', 'ru', vars));
  expect(render('assigned', 'de', vars)).toEqual(render('assigned', 'ru', vars));
  expect(render('assigned', 'en', vars).subject).toBe('Incident AB12CD34 is assigned to you');
});

test.each(NAMES)('the built-in texts of %s use only the placeholders it knows', (name) => {
  for (const lang of LANGS) {
    const { subject, body } = DEFAULTS[lang][name];
    expect([...unknownPlaceholders(name, subject), ...unknownPlaceholders(name, body)]).toEqual([]);
  }
});

test('unknown placeholders are named once each; fill leaves unknown names as written', () => {
  expect(unknownPlaceholders('status', '{ref} {clientName} {clientName} {status}')).toEqual(['clientName']);
  expect(unknownPlaceholders('digest', '{lines}{count}{date}')).toEqual([]);
  expect(fill('{ref}: {nope} {ref}', { ref: 'X' })).toBe('X: {nope} X');
});

test("an admin's text is filled with the same values, in the recipient's language", () => {
  const text = { subject: '{ref} / {status}', body: '{title} — {clock}' };
  expect(render('sla-breach', 'ru', vars, text)).toEqual({ subject: 'AB12CD34 / в работе', body: 'Printer jams — решение' });
  expect(render('sla-breach', 'en', vars, text)).toEqual({ subject: 'AB12CD34 / in progress', body: 'Printer jams — resolution' });
});

test('the SLA summary lists breaches only when there are some', () => {
  expect(render('sla-summary', 'en', { ...vars, lines: [] }).body).toBe('Open: 3. At risk: 1. Breached: 1.');
  expect(render('sla-summary', 'en', vars).body).toBe('Open: 3. At risk: 1. Breached: 1.\nBreaches:\n• [P2] Printer jams (ASSIGNED)');
});
