// Olga is the one IT agent of the seed, with a capacity of 10. Suites run one after another on
// one database and leave incidents open with her, so a suite that needs her to take new
// incidents gives her room first and restores the seed's capacity afterwards.
import type { Fixtures } from './db';

export const OLGA = '00000000-0000-4000-8000-000000000012';
const SEED_CAPACITY = 10;

/** Registers beforeAll/afterAll hooks that lift Olga's capacity for the suite. */
export function roomAtOlga(db: Fixtures): void {
  beforeAll(async () => {
    await db.employee.update({ where: { id: OLGA }, data: { capacity: 1000 } });
  });
  afterAll(async () => {
    await db.employee.update({ where: { id: OLGA }, data: { capacity: SEED_CAPACITY } });
  });
}
