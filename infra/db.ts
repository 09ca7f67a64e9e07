// The application's Prisma client over a plain pg driver adapter. The pg pool under it is kept
// beside the client: the board's page (domain/incidentCards.ts) reads through it directly,
// which skips Prisma's result mapping (about 5 ms of a 200-card page; docs/performance.md).
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;

const pools = new WeakMap<object, pg.Pool>();

export function createDb(databaseUrl: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The pg pool under a client made by createDb; none for a transaction's client. */
export const driverPool = (db: object): pg.Pool | undefined => pools.get(db);
