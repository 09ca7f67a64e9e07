// The application's Prisma client over a plain pg driver adapter. The pg pool under it is kept
// beside the client: the board's page (domain/incidentCards.ts) and the process's hot writes
// (domain/events.ts, the transitions in domain/lifecycle.ts) run through it directly as
// prepared statements, which skips Prisma's query compilation and result mapping
// (docs/performance.md).
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client';
import type { DB } from '../generated/kysely/database';

export type Db = PrismaClient;
/** The typed query builder every repository writes its statements with (docs/architecture.md, "Queries"). */
export type Database = Kysely<DB>;

const pools = new WeakMap<object, pg.Pool>();
const builders = new WeakMap<object, Database>();

export function createDb(databaseUrl: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  builders.set(db, new Kysely<DB>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) }));
  return db;
}

/** The query builder over the pool under a client made by createDb. */
export function database(db: Db): Database {
  const builder = builders.get(db);
  if (!builder) throw new Error('database(): not a client made by createDb');
  return builder;
}

/**
 * The pool Kysely draws connections from: the same pg pool, each connection running every
 * statement as a named prepared statement (one name per distinct text), so PostgreSQL parses and
 * plans a statement once per connection, as sqlRows does. Kysely compiles parameters as
 * placeholders, never values, so the texts are as few as the statements' shapes. Closing is the
 * Prisma client's (it owns the pool).
 */
function namedStatementPool(pool: pg.Pool): PostgresPool {
  // One proxy per pooled connection, so Kysely keeps one connection object per pg client.
  const proxies = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const named = (client: pg.PoolClient) =>
    new Proxy(client, {
      get(target, key, receiver) {
        if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
        // A string is a compiled statement; anything else (a cursor for streaming) passes as is.
        return (text: unknown, values?: unknown[]) =>
          typeof text === 'string' ? target.query({ name: statementName(text), text, values }) : target.query(text as pg.Submittable);
      },
    }) as unknown as PostgresPoolClient;
  return {
    connect: async () => {
      const client = await pool.connect();
      let proxy = proxies.get(client);
      if (!proxy) proxies.set(client, (proxy = named(client)));
      return proxy;
    },
    end: async () => undefined,
  };
}

/** The pg pool under a client made by createDb; none for a transaction's client. */
export const driverPool = (db: object): pg.Pool | undefined => pools.get(db);

const statementName = (text: string) => `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;

/**
 * Runs one SQL statement: through the pg pool under the client as a named prepared statement
 * (one name per distinct text, never per value: PostgreSQL plans it once per connection), or,
 * on a transaction's client, through Prisma inside that transaction.
 */
export async function sqlRows<T>(db: Db | Prisma.TransactionClient, text: string, values: unknown[]): Promise<T[]> {
  const pool = driverPool(db);
  if (!pool) return db.$queryRawUnsafe<T[]>(text, ...values);
  return (await pool.query({ name: statementName(text), text, values })).rows as T[];
}

/**
 * Runs statements in one transaction on one connection of the pg pool under the client (or,
 * for a client without one, in a Prisma transaction), each as sqlRows runs it.
 */
export async function sqlTransaction<R>(db: Db, work: (run: <T>(text: string, values: unknown[]) => Promise<T[]>) => Promise<R>): Promise<R> {
  const pool = driverPool(db);
  if (!pool) return db.$transaction((tx) => work((text, values) => sqlRows(tx, text, values)));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(async <T>(text: string, values: unknown[]) => {
      return (await client.query({ name: statementName(text), text, values })).rows as T[];
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
