// The journal's filters as URL parameters: the page keeps them in its address, and the API
// takes the same names (GET /api/requests).
export const JOURNAL_KEYS = [
  'q',
  'client',
  'status',
  'service',
  'serviceClass',
  'serviceType',
  'problemType',
  'channel',
  'priority',
  'assignee',
  'department',
  'from',
  'to',
] as const;
export type JournalFilters = Partial<Record<(typeof JOURNAL_KEYS)[number] | 'cursor' | 'format', string>>;

export function journalQuery(filters: JournalFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params.toString();
}
