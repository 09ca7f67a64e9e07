// The provisioned Grafana dashboards query what really exists: every panel uses a provisioned
// datasource, every PromQL expression is accepted by the test stack's Prometheus and names
// only metrics the app or the worker export, and every ClickHouse query runs on the real
// analytics schema (chDB with the analytics migrations) and returns sensible figures.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Analytics } from '../../infra/clickhouse';
import { migratedChdb } from '../support/chdb';
import { rebuildAll } from '../../analytics/rollups';
import { expandSql, loadDashboards, panelQueries, UNSUPPORTED_MACRO, variableQueries } from '../../dashboards/queries';
import { APP_INTERNAL_URL, ROOT, testEnv } from '../support/env';

const dir = path.join(ROOT, 'dashboards');
const dashboards = loadDashboards(dir);
const provisioned = parse(fs.readFileSync(path.join(dir, 'provisioning/datasources/datasources.yml'), 'utf8')) as {
  datasources: { uid: string; type: string }[];
};
const datasourceType = new Map(provisioned.datasources.map((d) => [d.uid, d.type]));
const targets = dashboards.flatMap((d) => d.json.panels.flatMap((p) => p.targets.map((t) => ({ dashboard: d.file, panel: p.title, ...t }))));
const promTargets = targets.filter((t) => t.expr);
const sqlTargets = [...panelQueries(dashboards), ...variableQueries(dashboards)];

test('the supervisor, analyst and operations dashboards are provisioned with unique uids', () => {
  expect(dashboards.map((d) => d.file).sort()).toEqual(['analyst.json', 'operations.json', 'supervisor.json']);
  expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(3);
  for (const { json } of dashboards) expect(json.panels.length).toBeGreaterThan(3);
});

test('every panel uses a provisioned datasource of the right type', () => {
  for (const d of dashboards) {
    for (const p of d.json.panels) {
      expect({ panel: p.title, type: datasourceType.get(p.datasource.uid) }).toEqual({ panel: p.title, type: p.datasource.type });
      for (const t of p.targets) expect(t.datasource.uid).toBe(p.datasource.uid);
    }
  }
});

describe('Prometheus panels', () => {
  let exported: Set<string>;
  beforeAll(async () => {
    const scrape =
      (await (await fetch(`${APP_INTERNAL_URL}/metrics`)).text()) + (await (await fetch(`http://127.0.0.1:${testEnv.WORKER_METRICS_PORT}/metrics`)).text());
    exported = new Set(
      [...scrape.matchAll(/^# TYPE (\w+) (\w+)/gm)].flatMap((m) => (m[2] === 'histogram' ? [`${m[1]}_bucket`, `${m[1]}_sum`, `${m[1]}_count`] : [m[1]!])),
    );
  });

  test.each(promTargets.map((t) => [`${t.dashboard}: ${t.panel}`, t.expr!]))('%s', async (_name, expr) => {
    const metrics = [...expr.matchAll(/\b(incidentdesk_\w+)/g)].map((m) => m[1]!);
    expect(metrics.filter((m) => !exported.has(m))).toEqual([]);
    const res = await fetch(`http://127.0.0.1:${testEnv.PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; error?: string };
    expect(body).toEqual(expect.objectContaining({ status: 'success' }));
  });
});

describe('ClickHouse panels', () => {
  const database = 'incident_desk';
  let ch: Analytics;
  const incidentOpen = randomUUID();
  const incidentClosed = randomUUID();

  beforeAll(async () => {
    ch = await migratedChdb('dash', database);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60000).toISOString().replace('T', ' ').replace('Z', '');
    const event = (type: string, requestId: string, incidentId: string | null, minutesAgo: number, assignee = '') => ({
      event_id: randomUUID(),
      type,
      request_id: requestId,
      incident_id: incidentId,
      department_id: '00000000-0000-4000-8000-00000000d001',
      service_id: '00000000-0000-4000-8000-00000000s001'.replace('s', 'a'),
      channel: 'PHONE',
      actor_id: 'agent-1',
      assignee_id: assignee,
      occurred_at: at(minutesAgo),
    });
    const r1 = randomUUID();
    const r2 = randomUUID();
    const values = [
      event('request.filed', r1, null, 300),
      event('incident.opened', r1, incidentOpen, 299),
      event('incident.assigned', r1, incidentOpen, 298, 'agent-7'),
      event('sla.breach', r1, incidentOpen, 100, 'agent-7'),
      event('request.filed', r2, null, 240),
      event('incident.opened', r2, incidentClosed, 239),
      event('incident.state_changed', r2, incidentClosed, 200),
      event('incident.closed', r2, incidentClosed, 120),
      event('request.closed', r2, incidentClosed, 120),
    ];
    // The relay delivers at least once: the same batch twice must not change any figure.
    for (let i = 0; i < 2; i++) await ch.insert({ table: `${database}.incident_events`, format: 'JSONEachRow', values });
    // The live chat: agent-1 accepted two chats (waited 30 and 90 s), answered them in 40 and
    // 120 s and closed one; agent-2 accepted one (waited 60 s); a chat nobody accepted closed.
    const chatEvent = (type: string, conversation: string, agent: string, seconds: number | null, minutesAgo: number) => ({
      event_id: randomUUID(),
      type,
      conversation_id: conversation,
      department_id: '00000000-0000-4000-8000-00000000d001',
      agent_id: agent,
      seconds,
      occurred_at: at(minutesAgo),
    });
    const [c1, c2, c3, c4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const chats = [
      chatEvent('chat.accepted', c1, 'agent-1', 30, 50),
      chatEvent('chat.first_response', c1, 'agent-1', 40, 49),
      chatEvent('chat.closed', c1, 'agent-1', 600, 40),
      chatEvent('chat.accepted', c2, 'agent-1', 90, 30),
      chatEvent('chat.first_response', c2, 'agent-1', 120, 29),
      chatEvent('chat.accepted', c3, 'agent-2', 60, 20),
      chatEvent('chat.closed', c4, '', null, 10),
    ];
    for (let i = 0; i < 2; i++) await ch.insert({ table: `${database}.chat_events`, format: 'JSONEachRow', values: chats });
    // The panels read the pre-aggregated tables, recomputed from the events as the relay does.
    for (const query of rebuildAll(database)) await ch.command({ query });
  });
  afterAll(async () => {
    await ch?.close();
  });

  // The last 30 days, every variable at "All".
  const run = async (sql: string) => (await ch.query({ query: expandSql(sql, { days: 30 }), format: 'JSONEachRow' })).json<Record<string, unknown>>();

  test.each(sqlTargets.map((t) => [`${t.dashboard}: ${t.panel}`, t.rawSql]))('%s runs on the analytics schema', async (_name, sql) => {
    expect(sql).not.toMatch(UNSUPPORTED_MACRO);
    await expect(run(sql)).resolves.toBeInstanceOf(Array);
  });

  test('the supervisor figures are right on known events', async () => {
    const supervisor = dashboards.find((d) => d.file === 'supervisor.json')!.json;
    const sqlOf = (title: string) => supervisor.panels.find((p) => p.title.startsWith(title))!.targets[0]!.rawSql!;
    // UInt64 arrives as a number from chDB and as a string from a server: compare numbers.
    const value = async (title: string) => Object.values((await run(sqlOf(title)))[0]!).map(Number);
    expect(await value('Open incidents')).toEqual([1]);
    expect(await value('SLA compliance')).toEqual([1]); // the one closed incident had no breach
    expect(await value('SLA breaches in period')).toEqual([1]);
    // The daily aggregate counts each event once although the batch arrived twice.
    const perDay = await run(sqlOf('Throughput per day'));
    expect(perDay.reduce((n, r) => n + Number(r.opened), 0)).toBe(2);
    expect(perDay.reduce((n, r) => n + Number(r.closed), 0)).toBe(1);
    expect(await run(sqlOf('Open incidents per agent'))).toEqual([expect.objectContaining({ agent: 'agent-7' })]);
    expect((await run(sqlOf('Incidents worked per agent'))).map((r) => [r.agent, Number(r.incidents)])).toEqual([['agent-7', 1]]);
    // Chats per agent: handled, average first response and waiting, each event once although delivered twice.
    expect(
      (await run(sqlOf('Live chat per agent'))).map((r) => [
        r.agent,
        Number(r.handled),
        r.first_response_s === null ? null : Number(r.first_response_s),
        Number(r.waiting_s),
      ]),
    ).toEqual([
      ['agent-1', 1, 80, 60],
      ['agent-2', 0, null, 60],
    ]);
  });
  // Each panel against its query over the raw events, duplicates and refills included: rollups.test.ts.
});
