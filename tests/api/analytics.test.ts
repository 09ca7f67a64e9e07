// Daily figures: for supervisors (their department subtree) and admins only, dates validated.
import { api } from '../support/api';

const today = new Date().toISOString().slice(0, 10);

test.each([
  ['admin', 200],
  ['sergey', 200],
  ['olga', 403],
  ['ivan', 403],
])('%s gets %i from the daily figures', async (user, status) => {
  const res = await api(user, 'GET', `/api/analytics/daily?from=${today}&to=${today}`);
  expect(res.status).toBe(status);
  if (status !== 200) expect(res.contentType).toContain('application/problem+json');
});

test('a supervisor sees only their department subtree', async () => {
  const all = (await api('admin', 'GET', `/api/analytics/daily?from=${today}&to=${today}`)).body.items as { department_id: string }[];
  const it = (await api('sergey', 'GET', `/api/analytics/daily?from=${today}&to=${today}`)).body.items as { department_id: string }[];
  const repair = (await api('elena', 'GET', `/api/analytics/daily?from=${today}&to=${today}`)).body.items as { department_id: string }[];
  const itDepartments = new Set(it.map((r) => r.department_id));
  expect(repair.some((r) => itDepartments.has(r.department_id))).toBe(false);
  expect(all.length).toBeGreaterThanOrEqual(it.length + repair.length);
});

test.each([
  ['from=2026-13-01&to=2026-12-01', 'from'],
  ['from=2026-11-02&to=2026-11-01', 'to'],
  ['from=2026-11-01', 'to'],
  ['from=2026-11-01&to=2026-11-02&extra=1', 'extra'],
])('bad query %s names the field %s', async (query, field) => {
  const res = await api('sergey', 'GET', `/api/analytics/daily?${query}`);
  expect(res.status).toBe(400);
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
});
