// How fast the board shows 500 cards in a real browser (Chromium, the supervisor's view with a
// swimlane per agent), beside the baselines of the same run: the same rows read by raw SQL, and
// the API call the page makes. Fixture rows are inserted directly (a render measurement needs
// no process behind them) and removed afterwards. Run by scripts/bench.sh before the intake
// benchmark; writes bench/results/board-render-*.json.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../infra/config';
import { median, round } from './stats';
import { start, waitUntil } from './processes';
import { launchBrowser, signInPage } from './browser';
import { writeResult } from './results';

const CARDS = Number(process.env.BENCH_BOARD_CARDS ?? 500);
const RUNS = Number(process.env.BENCH_BOARD_RUNS ?? 5);
const STATUSES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT', 'RESOLVED'] as const;
const marker = `board-bench-${Date.now()}`;

async function insertFixtures(sql: pg.Pool): Promise<void> {
  const { rows } = await sql.query<{ client: string; service: string; department: string }>(
    `SELECT (SELECT id FROM "Client" ORDER BY "createdAt" LIMIT 1) AS client, s.id AS service, s."departmentId" AS department
       FROM "Service" s JOIN "Department" d ON d.id = s."departmentId" WHERE d.code = 'it' LIMIT 1`,
  );
  const { client, service, department } = rows[0]!;
  const agents = (await sql.query<{ id: string }>(`SELECT id FROM "Employee" WHERE username IN ('olga', 'sergey')`)).rows.map((r) => r.id);
  for (let i = 0; i < CARDS; i++) {
    const requestId = randomUUID();
    const status = STATUSES[i % STATUSES.length]!;
    const assignee = status === 'NEW' ? null : agents[i % agents.length]!;
    await sql.query(
      `INSERT INTO "ServiceRequest" (id, "clientId", "serviceId", channel, description, status, "workflowId", "updatedAt") VALUES ($1, $2, $3, 'PHONE', $4, 'IN_PROGRESS', $5, now())`,
      [requestId, client, service, `${marker} card ${i}`, requestId],
    );
    await sql.query(
      `INSERT INTO "Incident" (id, "requestId", title, status, priority, "departmentId", "serviceId", "assigneeId", "resolutionDueAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 'P3', $5, $6, $7, now() + interval '1 day', now())`,
      [randomUUID(), requestId, `${marker} card ${i}`, status, department, service, assignee],
    );
  }
}

async function removeFixtures(sql: pg.Pool): Promise<void> {
  await sql.query(`DELETE FROM "Incident" WHERE title LIKE $1`, [`${marker}%`]);
  await sql.query(`DELETE FROM "ServiceRequest" WHERE description LIKE $1`, [`${marker}%`]);
}

async function main() {
  const config = loadConfig();
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  const app = start('dist/api/main.js', 'bench-board-app');
  const browser = await launchBrowser();
  try {
    await waitUntil('app health', async () => (await fetch(`${config.PUBLIC_URL}/api/health`)).ok);
    await insertFixtures(sql);
    const total = Number((await sql.query(`SELECT count(*) FROM "Incident"`)).rows[0].count);

    const context = await browser.newContext({ baseURL: config.PUBLIC_URL, viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await signInPage(page, 'sergey');

    const render: number[] = [];
    const api: number[] = [];
    const rawSql: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto('/board');
      // From navigation start until every card is in the page.
      // (Browser code as strings: this file is compiled without the DOM library.)
      await page.waitForFunction(`document.querySelectorAll('[data-testid="incident-card"]').length >= ${total}`, undefined, {
        polling: 'raf',
        timeout: 60000,
      });
      render.push(await page.evaluate<number>('performance.now()'));
      api.push(
        await page.evaluate<number>(
          `(async () => { const t0 = performance.now(); await (await fetch('/api/incidents?limit=1000')).json(); return performance.now() - t0; })()`,
        ),
      );
      const t0 = performance.now();
      await sql.query(`SELECT i.*, d.code, s.code, r.channel, c.name, c.phone FROM "Incident" i JOIN "Department" d ON d.id = i."departmentId"
        JOIN "Service" s ON s.id = i."serviceId" JOIN "ServiceRequest" r ON r.id = i."requestId" JOIN "Client" c ON c.id = r."clientId"
        ORDER BY i."createdAt" DESC LIMIT 1000`);
      rawSql.push(performance.now() - t0);
    }
    const cards = await page.locator('[data-testid="incident-card"]').count();
    const result = {
      at: new Date().toISOString(),
      cards,
      runs: RUNS,
      renderMsMedian: median(render),
      renderMsMax: round(Math.max(...render)),
      apiMsMedian: median(api),
      rawSqlMsMedian: median(rawSql),
      renderToApiRatio: round(median(render) / median(api)),
      apiToRawSqlRatio: round(median(api) / median(rawSql)),
    };
    writeResult('board-render', result);
  } finally {
    await removeFixtures(sql).catch(() => undefined);
    await browser.close();
    app.kill();
    await sql.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
