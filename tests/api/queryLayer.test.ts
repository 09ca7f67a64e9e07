// The query layer (infra/db.ts) against the real database: every compiled statement runs as a
// named prepared statement, one name per text, so PostgreSQL plans it once per connection
// (the speed the hand-written statements gained, docs/performance.md); a failed transaction
// leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDb } from '../../infra/db';
import { testEnv } from '../support/env';

// One connection, so the statements prepared are those of the connection asked.
const db = createDb(testEnv.DATABASE_URL!, 1);
afterAll(() => db.destroy());

const prepared = () => sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(db).then((r) => r.rows);

test('a statement is prepared once under one name, whatever its values', async () => {
  const byCode = (code: string) => db.selectFrom('Department').select(['id', 'name']).where('code', '=', code).executeTakeFirst();
  expect((await byCode('it'))?.name).toMatch(/IT/);
  expect((await byCode('repair'))?.name).toMatch(/Repair/);
  expect(await byCode(`none-${randomUUID()}`)).toBeUndefined();
  const mine = (await prepared()).filter((s) => s.statement.includes('from "Department" where "code" = $1'));
  expect(mine).toHaveLength(1);
  expect(mine[0]!.name).toMatch(/^q_[0-9a-f]{24}$/);
});

test('a transaction that fails writes nothing', async () => {
  const code = `rollback-${randomUUID().slice(0, 8)}`;
  await expect(
    db.transaction().execute(async (trx) => {
      await trx.insertInto('Department').values({ id: randomUUID(), code, name: 'Rolled back' }).execute();
      await trx.insertInto('Department').values({ id: randomUUID(), code, name: 'Same code twice' }).execute(); // unique violation
    }),
  ).rejects.toMatchObject({ code: '23505' });
  expect(await db.selectFrom('Department').select('id').where('code', '=', code).executeTakeFirst()).toBeUndefined();
});
