// A duration in seconds as people read it: "2 h 5 min", "3 min", "—" for none.
import { t } from './i18n.svelte';

export function duration(s: number | null): string {
  if (s === null) return '—';
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h ? t('reports.hoursMinutes', { h, m }) : t('reports.minutes', { m: Math.max(m, s > 0 ? 1 : 0) });
}
