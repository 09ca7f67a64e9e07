// A held value as a line of the sync's people and fields pages: where it waits, why, and a "Map"
// button that puts it into the page's mapping form.
import { t } from '$lib/i18n.svelte';
import type { SyncHeldValue } from '$lib/types';
import type { SyncRow } from './SyncRowList.svelte';

export const heldRowOf =
  (map: (h: SyncHeldValue) => void) =>
  (h: SyncHeldValue): SyncRow => ({
    key: h.id,
    text: `${h.system === 'rt' ? t('sync.system.rt') : t('sync.system.redmine')} #${h.remoteId}: ${h.value} — ${h.reason}`,
    action: t('sync.map'),
    label: t('sync.mapOne', { value: h.value }),
    onclick: () => map(h),
  });
