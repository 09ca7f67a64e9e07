// p50/p99 of the supervisor's report summary (analytics/reports.ts) for a period and a scope:
// summary() itself, and its baseline, the very SQL summary() sends (recorded from one call)
// run directly through the client; and, once the app owns the store, the HTTP endpoint the
// web reports page calls (GET /api/reports/summary) with an admin's Keycloak token.
import type { QueryParams } from '@clickhouse/client';
import type { Analytics } from '../infra/clickhouse';
import { summary } from '../analytics/reports';
import { p50p99, timeRuns } from './stats';

export interface ReportScope {
  label: string;
  from: string;
  to: string;
  /** The department's code in PostgreSQL and its id in the events; null: every department. */
  department: { code: string; id: string } | null;
}
export interface DirectFigures {
  scope: string;
  queries: number;
  summary: ReturnType<typeof p50p99>;
  direct: ReturnType<typeof p50p99>;
}

const scopeOf = (s: ReportScope) => ({ from: s.from, to: s.to, departmentIds: s.department ? [s.department.id] : null });

/** The queries summary() sends for a scope, as it sends them. */
async function recordedQueries(ch: Analytics, database: string, scope: ReportScope): Promise<QueryParams[]> {
  const recorded: QueryParams[] = [];
  const recorder = {
    query: (params: QueryParams) => {
      recorded.push(params);
      return ch.query(params);
    },
  } as unknown as Analytics;
  await summary(recorder, database, scopeOf(scope));
  return recorded;
}

export async function measureSummary(ch: Analytics, database: string, scopes: ReportScope[], runs: number): Promise<DirectFigures[]> {
  const out: DirectFigures[] = [];
  for (const scope of scopes) {
    const queries = await recordedQueries(ch, database, scope);
    const direct = async () => {
      for (const q of queries) await (await ch.query({ ...q, format: 'JSONEachRow' })).json();
    };
    const viaSummary = await timeRuns(() => summary(ch, database, scopeOf(scope)), { runs });
    const raw = await timeRuns(direct, { runs });
    out.push({ scope: scope.label, queries: queries.length, summary: p50p99(viaSummary), direct: p50p99(raw) });
  }
  return out;
}

export async function measureSummaryHttp(
  baseUrl: string,
  token: string,
  scopes: ReportScope[],
  runs: number,
): Promise<{ scope: string; api: ReturnType<typeof p50p99> }[]> {
  const out = [];
  for (const scope of scopes) {
    const url = `${baseUrl}/api/reports/summary?from=${scope.from}&to=${scope.to}${scope.department ? `&department=${scope.department.code}` : ''}`;
    const get = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      await res.json();
    };
    out.push({ scope: scope.label, api: p50p99(await timeRuns(get, { runs })) });
  }
  return out;
}
