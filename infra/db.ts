// The application's database: a Kysely builder over a plain pg pool. Every statement is a
// Kysely query in its module's repository (docs/architecture.md, "Queries"); Prisma is the
// schema and migration tool only.
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { log } from './logger';
import type { DB } from '../generated/kysely/database';

/** The typed query builder every repository writes its statements with; a transaction is one too. */
export type Database = Kysely<DB>;

export function createDb(databaseUrl: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle connection that PostgreSQL drops (a restart, a failover) is an 'error' event on the
  // pool, which would end the process unheard; the pool replaces it at the next checkout.
  pool.on('error', (error) => log.warn('database connection lost; the pool reconnects on demand', { error: error.message }));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) });
}

const statementName = (text: string) => `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;

/**
 * The pool Kysely draws connections from, each connection running every statement as a named
 * prepared statement (one name per distinct text), so PostgreSQL parses and plans a statement
 * once per connection: what the hand-written prepared statements gained on the board and the
 * process's hot steps (docs/performance.md). Kysely compiles values as placeholders, never into
 * the text, so the texts are as few as the statements' shapes.
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
      if (!proxy) {
        // A connection PostgreSQL ends while it is checked out (a restart during a transaction)
        // emits 'error' on the client, which the pool listens to only while it is idle: unheard,
        // it ends the process. Its query fails on its own; the pool drops it when released.
        client.on('error', (error) => log.warn('database connection lost while in use', { error: error.message }));
        proxies.set(client, (proxy = named(client)));
      }
      return proxy;
    },
    end: () => pool.end(),
  };
}
