// The board's filters: URL round trip and matching.
import { filtersFromUrl, filtersToQuery, matches } from '../../domain/incidents/filters';
import type { IncidentView } from '../../domain/incidents/incidentView';

const ME = 'me-id';
const incident = (over: Partial<IncidentView> = {}): IncidentView => ({
  id: 'i1',
  requestId: 'r1',
  title: 'Принтер не печатает',
  description: 'Принтер не печатает с утра',
  status: 'ASSIGNED',
  priority: 'P3',
  assigneeId: ME,
  assigneeName: 'Olga',
  unlinked: false,
  sla: { responseDueAt: null, resolutionDueAt: null, responseWarned: false, responseBreached: false, resolutionWarned: false, resolutionBreached: false },
  allowedActions: [],
  access: 'staff',
  department: { code: 'it', name: 'IT' },
  service: { code: 'repair-printer', name: 'Printer repair' },
  client: { name: 'ООО «Ромашка»', phone: '+74951230001' },
  channel: 'PHONE',
  orderId: null,
  resolution: null,
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  problemType: null,
  asset: null,
  closedAt: null,
  ...over,
});

test('filters survive a round trip through the URL, empty ones are dropped', () => {
  const f = { q: 'ромашка', status: 'NEW,ASSIGNED', assignee: 'me', from: '2026-11-01' };
  expect(filtersFromUrl(new URLSearchParams(filtersToQuery(f).slice(1)))).toEqual(f);
  expect(filtersToQuery({ q: '', priority: undefined })).toBe('');
});

test.each([
  [{}, true],
  [{ q: 'РОМАШКА' }, true], // case-insensitive, Cyrillic
  [{ q: '1230001' }, true], // part of the phone
  [{ q: 'laptop' }, false],
  [{ status: 'NEW,ASSIGNED' }, true],
  [{ status: 'CLOSED' }, false],
  [{ priority: 'P1' }, false],
  [{ channel: 'PHONE', service: 'repair-printer' }, true],
  [{ assignee: 'me' }, true],
  [{ assignee: 'none' }, false],
  [{ assignee: 'someone-else' }, false],
  [{ from: '2026-11-20', to: '2026-11-20' }, true],
  [{ from: '2026-11-21' }, false],
  [{ to: '2026-11-19' }, false],
])('%j matches: %s', (filters, expected) => {
  expect(matches(incident(), filters, ME)).toBe(expected);
});

test('unassigned', () => {
  expect(matches(incident({ assigneeId: null }), { assignee: 'none' }, ME)).toBe(true);
});
