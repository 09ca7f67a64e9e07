// The analytics benchmark's departments in PostgreSQL (codes analytics-01..NN, no parents), so
// the reports API resolves a department code to the id the generated events carry.
import type pg from 'pg';

export async function ensureDepartments(sql: pg.Pool, count: number): Promise<{ id: string; code: string }[]> {
  await sql.query(
    `INSERT INTO "Department" (id, code, name)
     SELECT gen_random_uuid(), 'analytics-' || lpad(n::text, 2, '0'), 'Analytics bench ' || n FROM generate_series(1, $1::int) n
     ON CONFLICT (code) DO NOTHING`,
    [count],
  );
  return (await sql.query<{ id: string; code: string }>(`SELECT id, code FROM "Department" WHERE code LIKE 'analytics-%' ORDER BY code LIMIT $1`, [count]))
    .rows;
}
