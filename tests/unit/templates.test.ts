// Every notification template speaks Russian and English, and the recipient's language picks one.
import { render, type TemplateName } from '../../domain/templates';

const NAMES: TemplateName[] = ['status', 'assigned', 'closed', 'sla-warning', 'sla-breach', 'digest', 'sla-summary'];
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
