// How fast the board renders in a real browser (Chromium, the IT supervisor's view with a
// swimlane per agent, the heaviest) with 500 open incidents and then with 100,000 in the same
// department, in the same run (issue 18: the goal is under 1 s for 100,000). Rendered means
// every column of every lane shows its true count and its first page of cards. Baselines of the
// same run, for each size: the API call the page makes (GET /api/board) and raw SQL of the same
// counts and first pages without the access rule. Fixture rows are inserted directly
// (bench/boardData.ts: a render measurement needs no process behind them) and removed
// afterwards. Run by scripts/bench.sh before the intake benchmark; writes
// bench/results/board-render-*.json.
import pg from 'pg';
import type { Page } from 'playwright-core';
import { loadConfig } from '../infra/config';
import { median, round } from './stats';
import { start, waitUntil } from './processes';
import { launchBrowser, signInPage } from './browser';
import { writeResult } from './results';
import { addBoardIncidents, removeBoardIncidents } from './boardData';

const SMALL = Number(process.env.BENCH_BOARD_CARDS ?? 500);
const LARGE = Number(process.env.BENCH_BOARD_LARGE ?? 100_000);
const RUNS = Number(process.env.BENCH_BOARD_RUNS ?? 5);
const marker = `board-bench-${Date.now()}`;
const BOARD = '/api/board?lanes=agent';

/** The counts and first pages the board shows, read raw: one GROUP BY, then each non-empty cell's newest 20. */
async function rawBoard(sql: pg.Pool): Promise<number> {
  const t0 = performance.now();
  const { rows } = await sql.query<{ status: string; assigneeId: string | null }>(
    `SELECT i.status, i."assigneeId", count(*) FROM "Incident" i JOIN "Department" d ON d.id = i."departmentId"
      WHERE d.code = 'it' AND (i.status NOT IN ('CLOSED', 'CANCELLED') OR COALESCE(i."closedAt", i."updatedAt") >= now() - interval '7 days')
      GROUP BY 1, 2`,
  );
  for (const cell of rows)
    await sql.query(
      `SELECT i.*, s.code, r.channel, c.name, c.phone FROM "Incident" i JOIN "Service" s ON s.id = i."serviceId" JOIN "ServiceRequest" r ON r.id = i."requestId"
        JOIN "Client" c ON c.id = r."clientId" WHERE i."departmentId" = (SELECT id FROM "Department" WHERE code = 'it') AND i.status = $1::"IncidentStatus"
        AND ${cell.assigneeId ? 'i."assigneeId" = $2' : 'i."assigneeId" IS NULL AND $2::text IS NULL'} ORDER BY i."createdAt" DESC, i.id DESC LIMIT 20`,
      [cell.status, cell.assigneeId],
    );
  return performance.now() - t0;
}

async function measure(page: Page, sql: pg.Pool, open: number) {
  // What the page must show: each cell's first page (the answer of the same call, before timing).
  const expected = await page.evaluate<number>(`(async () => (await (await fetch('${BOARD}')).json()).cells.reduce((n, c) => n + c.items.length, 0))()`);
  const render: number[] = [];
  const api: number[] = [];
  const rawSql: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.goto('/board');
    // From navigation start until every column's first page is in the page. (A function, not a
    // string: the app's CSP refuses eval; this file is compiled without the DOM library.)
    await page.waitForFunction(
      (n) =>
        (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid="incident-card"]')
          .length >= n,
      expected,
      { polling: 'raf', timeout: 60000 },
    );
    render.push(await page.evaluate<number>('performance.now()'));
    api.push(
      await page.evaluate<number>(`(async () => { const t0 = performance.now(); await (await fetch('${BOARD}')).json(); return performance.now() - t0; })()`),
    );
    rawSql.push(await rawBoard(sql));
  }
  const counts = await page.locator('[data-testid="column-count"]').allTextContents();
  return {
    openIncidents: open,
    cardsRendered: await page.locator('[data-testid="incident-card"]').count(),
    countedOnBoard: counts.reduce((n, c) => n + Number(c), 0),
    renderMsMedian: median(render),
    renderMsMax: round(Math.max(...render)),
    apiMsMedian: median(api),
    rawSqlMsMedian: median(rawSql),
    renderToApiRatio: round(median(render) / median(api)),
    apiToRawSqlRatio: round(median(api) / median(rawSql)),
  };
}

async function main() {
  const config = loadConfig();
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  const app = start('dist/api/main.js', 'bench-board-app');
  const browser = await launchBrowser();
  try {
    await waitUntil('app health', async () => (await fetch(`${config.PUBLIC_URL}/api/health`)).ok);
    const context = await browser.newContext({ baseURL: config.PUBLIC_URL, viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await signInPage(page, 'sergey');

    await addBoardIncidents(sql, marker, 0, SMALL);
    const small = await measure(page, sql, SMALL);
    const t0 = performance.now();
    await addBoardIncidents(sql, marker, SMALL + Math.floor(SMALL / 10), LARGE - SMALL);
    const fillSeconds = round((performance.now() - t0) / 1000);
    const large = await measure(page, sql, LARGE);
    const result = {
      at: new Date().toISOString(),
      runs: RUNS,
      small,
      large,
      largeFillSeconds: fillSeconds,
      largeToSmallRenderRatio: round(large.renderMsMedian / small.renderMsMedian),
    };
    writeResult('board-render', result);
  } finally {
    await removeBoardIncidents(sql, marker).catch(() => undefined);
    await browser.close();
    app.kill();
    await sql.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
