// TRANSITION (issue 11 item 2): a few readers are still called inside a Prisma transaction
// (intake's portal filing, a comment's search refresh) by services not yet on Kysely. Their
// statements are written once, in Kysely; on such a transaction the same compiled text runs
// through Prisma inside it. Removed with the last Prisma transaction.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable, type CompiledQuery } from 'kysely';
import type { DB } from '../../generated/kysely/database';
import { database, driverPool, type Database, type Db } from '../../infra/db';

/** A Prisma transaction's client, as far as the statements run on it need. */
export type PrismaTransaction = Pick<Db, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/** A builder that only compiles (no connection): the text and values to run on a Prisma transaction. */
const compiler = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Whether this is a Kysely builder or transaction rather than a Prisma client. */
export const isDatabase = (db: unknown): db is Database => db instanceof Kysely;

/** The rows of a statement compiled by the builder, run on a Prisma transaction. */
export async function rowsOn<T>(tx: PrismaTransaction, build: (db: Database) => CompiledQuery<T>): Promise<T[]> {
  const query = build(compiler);
  return tx.$queryRawUnsafe<T[]>(query.sql, ...query.parameters);
}

/** A statement compiled by the builder, run on a Prisma transaction for its effect. */
export async function executeOn(tx: PrismaTransaction, build: (db: Database) => CompiledQuery): Promise<void> {
  const query = build(compiler);
  await tx.$executeRawUnsafe(query.sql, ...query.parameters);
}

/**
 * The rows of a statement on whatever the caller holds: the builder or a Kysely transaction, a
 * client made by createDb (its builder), or a Prisma transaction (the compiled text, run in it).
 */
export async function rowsOf<T>(db: Database | Db | PrismaTransaction, build: (db: Database) => Compilable<T> & { execute(): Promise<T[]> }): Promise<T[]> {
  if (isDatabase(db)) return build(db).execute();
  if (driverPool(db)) return build(database(db as Db)).execute();
  return rowsOn(db, (d) => build(d).compile());
}
