// p50/p99 of every ClickHouse panel query of the supervisor and analyst dashboards, expanded as
// Grafana expands them (dashboards/queries.ts), for a period and a scope (variables at "All", or
// one department). Baseline of the same run: counting the period's events of the scope in
// incident_events, with the same filter form as the panels (what touching those rows costs), and
// a raw scan of the pre-aggregated table: summing the period's rows of rollup_daily in the scope.
import path from 'node:path';
import type { Analytics } from '../infra/clickhouse';
import { expandSql, loadDashboards, panelQueries } from '../dashboards/queries';
import { ROOT } from './processes';
import { p50p99, percentile, round, timeRuns } from './stats';

const DASHBOARDS = ['supervisor.json', 'analyst.json'];
const BASELINE = `SELECT count() FROM incident_desk.incident_events WHERE $__timeFilter(occurred_at)
  AND ('__all' IN (\${department:singlequote}) OR toString(department_id) IN (\${department:singlequote}))`;

const ROLLUP_BASELINE = `SELECT sum(events) FROM incident_desk.rollup_daily WHERE type = '' AND day >= toDate($__fromTime)
  AND ('__all' IN (\${department:singlequote}) OR department IN (\${department:singlequote}))`;

export interface PanelScope {
  label: string;
  days: number;
  variables: Record<string, string[]>;
}
export interface PanelFigures {
  scope: string;
  baseline: ReturnType<typeof p50p99>;
  rollupBaseline: ReturnType<typeof p50p99>;
  panels: { dashboard: string; panel: string; rows: number; ms: ReturnType<typeof p50p99>; p99Ratio: number; p99ToRollupScan: number }[];
}

export async function measurePanels(ch: Analytics, scopes: PanelScope[], runs: number, budgetMs: number, log: (s: string) => void): Promise<PanelFigures[]> {
  const queries = panelQueries(loadDashboards(path.join(ROOT, 'dashboards')).filter((d) => DASHBOARDS.includes(d.file)));
  const out: PanelFigures[] = [];
  for (const scope of scopes) {
    const run = async (sql: string) => (await ch.query({ query: expandSql(sql, scope), format: 'JSONEachRow' })).json<unknown>();
    const baseline = await timeRuns(() => run(BASELINE), { runs });
    const rollupBaseline = await timeRuns(() => run(ROLLUP_BASELINE), { runs });
    const panels: PanelFigures['panels'] = [];
    for (const q of queries) {
      const rows = (await run(q.rawSql)).length;
      const ms = await timeRuns(() => run(q.rawSql), { runs, warmup: 1, budgetMs });
      panels.push({
        dashboard: q.dashboard,
        panel: q.panel,
        rows,
        ms: p50p99(ms),
        p99Ratio: round(percentile(ms, 99) / percentile(baseline, 99), 1),
        p99ToRollupScan: round(percentile(ms, 99) / percentile(rollupBaseline, 99), 1),
      });
    }
    log(`  panels, ${scope.label}: slowest p99 ${Math.max(...panels.map((p) => p.ms.p99))} ms (baseline ${p50p99(baseline).p99} ms)`);
    out.push({ scope: scope.label, baseline: p50p99(baseline), rollupBaseline: p50p99(rollupBaseline), panels });
  }
  return out;
}
