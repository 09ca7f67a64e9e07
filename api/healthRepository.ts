// The readiness probe's statement.
import { sql } from 'kysely';
import type { Database } from '../infra/db';

/** A round trip to the database. */
export async function ping(db: Database): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
