// The provisioned Grafana dashboards as data, and their ClickHouse queries with Grafana's macros
// and template variables expanded the way the ClickHouse plugin expands them. Shared by the
// dashboards test (every query runs on the real schema) and the analytics benchmark.
import fs from 'node:fs';
import path from 'node:path';

export interface Target {
  datasource: { uid: string };
  expr?: string;
  rawSql?: string;
}
export interface Panel {
  title: string;
  datasource: { uid: string; type: string };
  targets: Target[];
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; datasource?: { uid: string }; query?: string }[] };
}
export interface DashboardFile {
  file: string;
  json: Dashboard;
}
export interface SqlQuery {
  dashboard: string;
  panel: string;
  rawSql: string;
}

/** Every dashboard JSON file of a folder (dashboards/), by file name. */
export function loadDashboards(dir: string): DashboardFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, json: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Dashboard }));
}

/** The ClickHouse panel queries (rawSql) of the dashboards. */
export function panelQueries(dashboards: DashboardFile[]): SqlQuery[] {
  return dashboards.flatMap((d) =>
    d.json.panels.flatMap((p) => p.targets.filter((t) => t.rawSql).map((t) => ({ dashboard: d.file, panel: p.title, rawSql: t.rawSql! }))),
  );
}

/** The ClickHouse queries of the template variables (Grafana runs them when the dashboard loads). */
export function variableQueries(dashboards: DashboardFile[]): SqlQuery[] {
  return dashboards.flatMap((d) =>
    d.json.templating.list
      .filter((v) => v.datasource?.uid === 'clickhouse' && v.query)
      .map((v) => ({ dashboard: d.file, panel: `variable ${v.name}`, rawSql: v.query! })),
  );
}

/** Any macro expandSql does not know: a query using one would not run here as Grafana runs it. */
export const UNSUPPORTED_MACRO = /\$__(?!timeFilter|fromTime)/;

export interface Expansion {
  /** The dashboard's time range: the last `days` days up to now. */
  days: number;
  /** Values of template variables; a variable not named here is at "All" (its allValue '__all'). */
  variables?: Record<string, string[]>;
}

const quoted = (values: string[]) => values.map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(',');

/** Grafana's macros and the variables' values (or "All"), as the ClickHouse plugin expands them. */
export function expandSql(sql: string, { days, variables = {} }: Expansion): string {
  return sql
    .replace(/\$__timeFilter\((\w+)\)/g, `$1 >= now() - INTERVAL ${days} DAY AND $1 <= now()`)
    .replace(/\$__fromTime/g, `toDateTime64(now() - INTERVAL ${days} DAY, 3)`)
    .replace(/\$\{(\w+):singlequote\}/g, (_all, name: string) => quoted(variables[name] ?? ['__all']));
}
