// Incident filters: the board keeps them in the URL (so a filtered board can be shared) and
// applies them to the incidents in the user's scope. Pure: the web app imports it too.
import type { IncidentView as Incident } from './incidentView';

export const FILTER_KEYS = ['q', 'status', 'priority', 'channel', 'service', 'assignee', 'from', 'to'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function filtersFromUrl(params: URLSearchParams): Filters {
  const out: Filters = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) out[key] = v;
  }
  return out;
}

export function filtersToQuery(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]!);
  const q = params.toString();
  return q ? `?${q}` : '';
}

/** Does the incident pass every filter? `assignee` is "me", "none" or an employee id. */
export function matches(i: Incident, f: Filters, meId: string): boolean {
  if (f.q) {
    const needle = f.q.toLocaleLowerCase();
    const hay = `${i.title} ${i.client.name} ${i.client.phone} ${i.service.name}`.toLocaleLowerCase();
    if (!hay.includes(needle)) return false;
  }
  if (f.status && !f.status.split(',').includes(i.status)) return false;
  if (f.priority && i.priority !== f.priority) return false;
  if (f.channel && i.channel !== f.channel) return false;
  if (f.service && i.service.code !== f.service) return false;
  if (f.assignee === 'me' && i.assigneeId !== meId) return false;
  if (f.assignee === 'none' && i.assigneeId !== null) return false;
  if (f.assignee && f.assignee !== 'me' && f.assignee !== 'none' && i.assigneeId !== f.assignee) return false;
  const day = i.createdAt.slice(0, 10);
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  return true;
}
