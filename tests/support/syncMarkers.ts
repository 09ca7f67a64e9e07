// Values of a sync test's own (mapping remotes, held values), removed with their mapping and held
// rows after the suite, so the admin pages and other suites never see another suite's leftovers.
import type { Fixtures } from './db';
import { letterMarker } from './marker';

export function useSyncMarkers(db: Fixtures): { mine: (prefix: string) => string; keep: (value: string) => string } {
  const remotes: string[] = [];
  afterAll(async () => {
    await db.syncMapping.deleteMany({ where: { remote: { in: remotes } } });
    await db.syncHeld.deleteMany({ where: { value: { in: remotes } } });
    await db.$disconnect();
  });
  const keep = (value: string) => (remotes.push(value), value);
  return { mine: (prefix) => keep(letterMarker(prefix)), keep };
}
