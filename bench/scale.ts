// The domain API at scale (issue 3): 1,000,000 incidents, 100,000 clients, 50 departments.
// Three reads, each through the API (a real Keycloak token, the running app) beside the same
// query as raw SQL in the same run, sequential, p50/p99:
//   board:  a department's open incidents (the board's query), newest first, 200 rows
//   phone:  client search by a phone prefix
//   search: full-text search over incidents (Russian word forms)
// Run with `npm run bench` (scripts/bench.sh) or alone: `node dist/bench/scale.js` on a stack.
import pg from 'pg';
import { loadConfig } from '../infra/config';
import { ensureScaleData, SCALE } from './scaleData';
import { percentile, round } from './stats';
import { start, waitUntil } from './processes';
import { keycloakToken } from './keycloakToken';
import { writeResult } from './results';

const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 200);
const log = (s: string) => console.log(`[scale] ${s}`);

async function timed(runs: number, task: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await task(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await task(i);
    out.push(performance.now() - t0);
  }
  return out;
}
const figures = (xs: number[]) => ({ p50: round(percentile(xs, 50)), p99: round(percentile(xs, 99)) });

async function main() {
  const config = loadConfig();
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  await ensureScaleData(sql, log);
  const app = start('dist/api/main.js', 'bench-scale-app');
  try {
    await waitUntil('app health', async () => (await fetch(`${config.PUBLIC_URL}/api/health`)).ok, 120_000);
    const bearer = { authorization: `Bearer ${await keycloakToken(config.OIDC_ISSUER, 'admin')}` };
    const get = async (url: string) => {
      const res = await fetch(`${config.PUBLIC_URL}${url}`, { headers: bearer });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ items: unknown[] }>;
    };
    const departments = (
      await sql.query<{ code: string; ids: string[] }>(
        `SELECT r.code, array_agg(d.id) AS ids FROM "Department" r JOIN "Department" d ON d.id = r.id OR d."parentId" = r.id WHERE r.code LIKE 'scale-r_' GROUP BY r.code ORDER BY r.code`,
      )
    ).rows;
    const open = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT'];
    const phonePrefix = (i: number) => `900${String(1000 + ((i * 7919) % 99000)).padStart(5, '0')}`.slice(0, 8);
    const words = ['принтеры', 'ноутбуки', 'мониторы', 'пароли', 'роутеры', 'projectors', 'keyboards', 'servers'];

    const board = {
      api: await timed(
        RUNS,
        async (i) => void (await get(`/api/incidents?department=${departments[i % departments.length]!.code}&status=${open.join(',')}&limit=200`)),
      ),
      sql: await timed(RUNS, async (i) => {
        await sql.query(
          `SELECT i.*, d.code, d.name, s.code, s.name, r.channel, c.name, c.phone FROM "Incident" i
             JOIN "Department" d ON d.id = i."departmentId" JOIN "Service" s ON s.id = i."serviceId"
             JOIN "ServiceRequest" r ON r.id = i."requestId" JOIN "Client" c ON c.id = r."clientId"
           WHERE i."departmentId" = ANY($1::uuid[]) AND i.status = ANY($2::"IncidentStatus"[]) ORDER BY i."createdAt" DESC, i.id DESC LIMIT 201`,
          [departments[i % departments.length]!.ids, open],
        );
      }),
    };
    const phone = {
      api: await timed(RUNS, async (i) => void (await get(`/api/clients?q=${phonePrefix(i)}&limit=50`))),
      sql: await timed(RUNS, async (i) => {
        await sql.query(
          `SELECT c.*, p.phone FROM "Client" c JOIN "ClientPhone" p ON p."clientId" = c.id
           WHERE c."deletedAt" IS NULL AND c.id IN (SELECT "clientId" FROM "ClientPhone" WHERE phone LIKE '%' || $1 || '%')
           ORDER BY c."createdAt" DESC, c.id DESC LIMIT 51`,
          [phonePrefix(i)],
        );
      }),
    };
    const search = {
      api: await timed(RUNS, async (i) => void (await get(`/api/incidents?q=${encodeURIComponent(words[i % words.length]!)}&limit=50`))),
      sql: await timed(RUNS, async (i) => {
        await sql.query(
          `WITH q AS (SELECT websearch_to_tsquery('russian', $1) || websearch_to_tsquery('english', $1) AS query)
           SELECT i.* FROM "Incident" i, q WHERE i."searchVector" @@ q.query ORDER BY i."createdAt" DESC, i.id DESC LIMIT 51`,
          [words[i % words.length]],
        );
      }),
    };
    const result = {
      at: new Date().toISOString(),
      data: SCALE,
      runs: RUNS,
      board: { api: figures(board.api), sql: figures(board.sql), p99Ratio: round(percentile(board.api, 99) / percentile(board.sql, 99), 2) },
      phonePrefix: { api: figures(phone.api), sql: figures(phone.sql), p99Ratio: round(percentile(phone.api, 99) / percentile(phone.sql, 99), 2) },
      fullText: { api: figures(search.api), sql: figures(search.sql), p99Ratio: round(percentile(search.api, 99) / percentile(search.sql, 99), 2) },
    };
    writeResult('scale', result);
  } finally {
    app.kill();
    await sql.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
