// Generates the scale data set in PostgreSQL with set-based SQL: 50 departments (a tree of
// 5 roots with 9 children each), a service per department, 100,000 clients with phones, and
// 1,000,000 requests with their incidents spread over a year, statuses and departments, with
// Russian and English text for full-text search. Fixture rows (no workflows behind them): the
// benchmark measures reads. Idempotent: skips when the data set is there.
import type pg from 'pg';

export const SCALE = {
  departments: Number(process.env.BENCH_SCALE_DEPARTMENTS ?? 50),
  clients: Number(process.env.BENCH_SCALE_CLIENTS ?? 100_000),
  incidents: Number(process.env.BENCH_SCALE_INCIDENTS ?? 1_000_000),
};

const WORDS_RU = [
  'принтер',
  'бумага',
  'картридж',
  'ноутбук',
  'монитор',
  'клавиатура',
  'сеть',
  'роутер',
  'пароль',
  'почта',
  'телефон',
  'проектор',
  'кондиционер',
  'сервер',
  'доступ',
];
const WORDS_EN = [
  'printer',
  'paper',
  'toner',
  'laptop',
  'screen',
  'keyboard',
  'network',
  'router',
  'password',
  'mailbox',
  'phone',
  'projector',
  'cooling',
  'server',
  'access',
];
const VERBS = ['не работает', 'сломался', 'мигает', 'не включается', 'is broken', 'does not start', 'flickers', 'is slow'];

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

export async function ensureScaleData(sql: pg.Pool, log: (s: string) => void): Promise<void> {
  const have = Number((await sql.query(`SELECT count(*) FROM "Incident" WHERE title LIKE 'scale:%'`)).rows[0].count);
  if (have >= SCALE.incidents) return log(`scale data present (${have} incidents)`);
  const t0 = Date.now();
  log('departments and services');
  await sql.query(`
    INSERT INTO "Department" (id, code, name, "parentId")
    SELECT gen_random_uuid(), 'scale-r' || r, 'Scale root ' || r, NULL FROM generate_series(1, 5) r
    ON CONFLICT (code) DO NOTHING`);
  await sql.query(`
    INSERT INTO "Department" (id, code, name, "parentId")
    SELECT gen_random_uuid(), 'scale-r' || r || '-' || c, 'Scale dept ' || r || '.' || c, (SELECT id FROM "Department" WHERE code = 'scale-r' || r)
    FROM generate_series(1, 5) r, generate_series(1, ${Math.max(0, SCALE.departments / 5 - 1)}) c
    ON CONFLICT (code) DO NOTHING`);
  await sql.query(`
    INSERT INTO "Service" (id, code, name, "serviceClass", "serviceType", "departmentId")
    SELECT gen_random_uuid(), 'scale-svc-' || d.code, 'Scale service ' || d.name, 'hardware', 'computer', d.id FROM "Department" d WHERE d.code LIKE 'scale-%'
    ON CONFLICT (code) DO NOTHING`);

  log(`${SCALE.clients} clients`);
  await sql.query(`
    INSERT INTO "Client" (id, name, phone, email, "createdAt", "updatedAt")
    SELECT gen_random_uuid(),
      (${arr(['Иван', 'Мария', 'Олег', 'Анна', 'John', 'Mary', 'Peter', 'Sofia'])})[1 + i % 8] || ' ' || (${arr(['Петров', 'Смирнова', 'Кузнецов', 'Orlova', 'Smith', 'Brown', 'Ivanov', 'Lee'])})[1 + (i / 8) % 8] || ' ' || i,
      '+7900' || lpad(i::text, 7, '0'), 'client' || i || '@scale.example', now() - (i % 365) * interval '1 day', now()
    FROM generate_series(1, ${SCALE.clients}) i
    ON CONFLICT (phone) DO NOTHING`);
  await sql.query(`
    INSERT INTO "ClientPhone" (id, "clientId", phone) SELECT gen_random_uuid(), c.id, c.phone FROM "Client" c WHERE c.phone LIKE '+7900%'
    ON CONFLICT (phone) DO NOTHING`);

  log(`${SCALE.incidents} requests and incidents`);
  await sql.query(
    `CREATE TEMP TABLE scale_svc AS SELECT row_number() OVER (ORDER BY code) - 1 AS n, id, "departmentId" FROM "Service" WHERE code LIKE 'scale-svc-%'`,
  );
  await sql.query(`CREATE TEMP TABLE scale_cli AS SELECT row_number() OVER (ORDER BY phone) - 1 AS n, id FROM "Client" WHERE phone LIKE '+7900%'`);
  const services = Number((await sql.query('SELECT count(*) FROM scale_svc')).rows[0].count);
  const clients = Number((await sql.query('SELECT count(*) FROM scale_cli')).rows[0].count);
  const batch = 100_000;
  for (let from = have + 1; from <= SCALE.incidents; from += batch) {
    const to = Math.min(SCALE.incidents, from + batch - 1);
    await sql.query(`
      WITH g AS (
        SELECT i, gen_random_uuid() AS rid, gen_random_uuid() AS iid,
          (${arr(WORDS_RU)})[1 + i % 15] || ' ' || (${arr(VERBS)})[1 + (i / 15) % 8] || ' / ' || (${arr(WORDS_EN)})[1 + (i / 7) % 15] || ' #' || i AS text,
          now() - (i % 365) * interval '1 day' - (i % 1440) * interval '1 minute' AS at,
          (ARRAY['NEW','ASSIGNED','IN_PROGRESS','WAITING_FOR_CLIENT','RESOLVED','CLOSED','CLOSED','CLOSED'])[1 + i % 8]::"IncidentStatus" AS status
        FROM generate_series(${from}, ${to}) i
      ), r AS (
        INSERT INTO "ServiceRequest" (id, "clientId", "serviceId", channel, description, status, "workflowId", "incidentId", "createdAt", "updatedAt")
        SELECT g.rid, c.id, s.id, 'PHONE', g.text, CASE WHEN g.status = 'CLOSED' THEN 'CLOSED' ELSE 'IN_PROGRESS' END::"RequestStatus", g.rid::text, g.iid, g.at, g.at
        FROM g JOIN scale_svc s ON s.n = g.i % ${services} JOIN scale_cli c ON c.n = g.i % ${clients}
        RETURNING id
      )
      INSERT INTO "Incident" (id, "requestId", title, status, priority, "departmentId", "serviceId", "createdAt", "updatedAt", "searchText", "searchVector",
        "publicSearchText", "publicSearchVector")
      SELECT g.iid, g.rid, 'scale: ' || g.text, g.status, (ARRAY['P1','P2','P3','P4'])[1 + g.i % 4]::"Priority", s."departmentId", s.id, g.at, g.at,
        'scale: ' || g.text || ' ' || g.text, to_tsvector('russian', g.text || ' ' || g.text) || to_tsvector('english', g.text || ' ' || g.text),
        'scale: ' || g.text || ' ' || g.text, to_tsvector('russian', g.text || ' ' || g.text) || to_tsvector('english', g.text || ' ' || g.text)
      FROM g JOIN scale_svc s ON s.n = g.i % ${services}`);
    log(`  ${to} incidents`);
  }
  await sql.query('ANALYZE');
  log(`scale data ready in ${Math.round((Date.now() - t0) / 1000)} s`);
}
