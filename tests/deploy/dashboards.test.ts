// The provisioned Grafana dashboards query what really exists: every panel uses a provisioned
// datasource, every PromQL expression is accepted by the test stack's Prometheus and names
// only metrics the app or the worker export, and every ClickHouse query runs on the real
// analytics schema (chDB with the analytics migrations) and returns sensible figures.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { createAnalyticsClient, type Analytics } from '../../infra/clickhouse';
import { migrateAnalytics, migrations } from '../../analytics/migrations';
import { expandSql, loadDashboards, panelQueries, UNSUPPORTED_MACRO, variableQueries, type Expansion } from '../../dashboards/queries';
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
    ch = createAnalyticsClient({
      CLICKHOUSE_URL: '',
      CLICKHOUSE_USER: 'default',
      CLICKHOUSE_PASSWORD: '',
      CHDB_PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'chdb-dash-')),
    });
    await migrateAnalytics(ch, database);
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

  // The four incident-state panels read incident_state (migration 5) and must give exactly what
  // they gave when they rebuilt each incident from all its events (incident_events FINAL): the
  // old SQL, kept here, runs beside the new one in the same query (the same now()), for several
  // periods and filters, on the events above and on these: a closed and an open incident in two
  // departments, breaches, a reassignment, an assignee cleared, an incident closed before the
  // period, events without an incident, a batch delivered twice and an overlapping re-delivery;
  // again after migration 5's fill from the stored events; then a priority change.
  test('the incident-state panels give what the queries over all events gave', async () => {
    const FILTERS = `('__all' IN (\${department:singlequote}) OR toString(department_id) IN (\${department:singlequote})) AND ('__all' IN (\${channel:singlequote}) OR channel IN (\${channel:singlequote})) AND ('__all' IN (\${priority:singlequote}) OR priority IN (\${priority:singlequote}))`;
    const legacy = (select: string, where: string, tail = '') =>
      `${select} FROM (SELECT incident_id, minIf(occurred_at, type = 'incident.opened') AS opened, countIf(type = 'incident.closed') AS closed, countIf(type = 'sla.breach') AS breaches, argMax(assignee_id, occurred_at) AS assignee\n  FROM incident_desk.incident_events FINAL WHERE incident_id IS NOT NULL AND ${FILTERS} GROUP BY incident_id) WHERE ${where}${tail}`;
    const old: Record<string, string> = {
      'Open incidents (backlog)': legacy('SELECT count() AS open', 'closed = 0'),
      'Backlog age, median and oldest (hours)': legacy(
        "SELECT round(quantile(0.5)(dateDiff('second', opened, now())) / 3600, 1) AS median_hours, round(max(dateDiff('second', opened, now())) / 3600, 1) AS oldest_hours",
        'closed = 0',
      ),
      'SLA compliance of closed incidents': legacy(
        'SELECT if(count() = 0, 1, countIf(breaches = 0) / count()) AS compliance',
        'closed > 0 AND opened >= $__fromTime',
      ),
      'Open incidents per agent': legacy(
        'SELECT assignee AS agent, count() AS open',
        "closed = 0 AND assignee != ''",
        ' GROUP BY agent ORDER BY open DESC LIMIT 30',
      ),
    };
    const supervisor = dashboards.find((d) => d.file === 'supervisor.json')!.json;
    const panels = Object.keys(old).map((title) => ({ title, sql: supervisor.panels.find((p) => p.title === title)!.targets[0]!.rawSql! }));
    for (const p of panels)
      expect({ title: p.title, sql: p.sql }).toEqual({
        title: p.title,
        sql: expect.stringContaining('FROM incident_desk.incident_state GROUP BY incident_id'),
      });

    const d1 = '00000000-0000-4000-8000-00000000e001';
    const d2 = '00000000-0000-4000-8000-00000000e002';
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60000).toISOString().replace('T', ' ').replace('Z', '');
    const incident = (department: string, channel: string, priority: string) => {
      const requestId = randomUUID();
      const incidentId = randomUUID();
      return (type: string, minutesAgo: number, assignee = '') => ({
        event_id: randomUUID(),
        type,
        request_id: requestId,
        incident_id: type === 'request.filed' ? null : incidentId,
        department_id: department,
        service_id: '00000000-0000-4000-8000-00000000a002',
        channel,
        priority,
        actor_id: 'agent-1',
        assignee_id: assignee,
        occurred_at: at(minutesAgo),
      });
    };
    const a = incident(d1, 'PHONE', 'P2'); // open, reassigned, breached
    const b = incident(d1, 'EMAIL', 'P3'); // closed in time
    const c = incident(d2, 'PHONE', 'P1'); // closed after a breach
    const d = incident(d2, 'WEB', 'P4'); // open, never assigned
    const e = incident(d2, 'PHONE', 'P2'); // open, assignee cleared
    const f = incident(d1, 'PHONE', 'P3'); // opened and closed 40 days ago
    const aBreach = a('sla.breach', 100, 'agent-2');
    const cClosed = c('incident.closed', 30, 'agent-3');
    const cBreach = c('sla.breach', 60, 'agent-3');
    const batch = [
      a('request.filed', 600),
      a('incident.opened', 599),
      a('incident.assigned', 598, 'agent-1'),
      a('incident.assigned', 500, 'agent-2'),
      aBreach,
      b('incident.opened', 400),
      b('incident.assigned', 399, 'agent-1'),
      b('incident.closed', 200, 'agent-1'),
      c('incident.opened', 900),
      c('incident.assigned', 890, 'agent-3'),
      cBreach,
      cClosed,
      d('incident.opened', 2000),
      d('incident.state_changed', 1500),
      e('incident.opened', 300),
      e('incident.assigned', 299, 'agent-4'),
      e('incident.state_changed', 100),
      f('incident.opened', 40 * 1440),
      f('incident.assigned', 40 * 1440 - 1, 'agent-1'),
      f('incident.closed', 39 * 1440, 'agent-1'),
    ];
    const insert = (values: object[]) => ch.insert({ table: `${database}.incident_events`, format: 'JSONEachRow', values });
    // Delivered twice, then an overlapping re-delivery (not identical: no block deduplication).
    await insert(batch);
    await insert(batch);
    await insert([cClosed, aBreach, cBreach, b('sla.warning', 250, 'agent-1')]);

    const scopes = [30, 365].flatMap((days): Expansion[] => [
      { days },
      { days, variables: { department: [d1] } },
      { days, variables: { department: [d2] } },
      { days, variables: { department: [d1, d2], channel: ['PHONE'] } },
      { days, variables: { priority: ['P1', 'P2'] } },
      { days, variables: { department: [d2], channel: ['WEB', 'PHONE'], priority: ['P4'] } },
    ]);
    const sideBySide = async () => {
      const out: { scope: Expansion; panel: string; rows: string[] }[] = [];
      for (const scope of scopes) {
        for (const p of panels) {
          const both = `SELECT 'old' AS q, * FROM (${expandSql(old[p.title]!, scope)}) UNION ALL SELECT 'new' AS q, * FROM (${expandSql(p.sql, scope)})`;
          const rows = await (await ch.query({ query: both, format: 'JSONEachRow' })).json<Record<string, unknown>>();
          const of = (q: string) =>
            rows
              .filter((r) => r.q === q)
              .map(({ q: _q, ...r }) => JSON.stringify(Object.values(r).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v))))
              .sort();
          expect({ scope, panel: p.title, rows: of('new') }).toEqual({ scope, panel: p.title, rows: of('old') });
          out.push({ scope, panel: p.title, rows: of('new') });
        }
      }
      return out;
    };
    const figures = await sideBySide();
    // Sanity: the fixture reaches every case (all departments, 30 days).
    const all = (panel: string) => figures.find((x) => x.panel === panel && !x.scope.variables && x.scope.days === 30)!.rows;
    expect(all('Open incidents (backlog)')).toEqual([JSON.stringify([1 + 3])]); // incidentOpen above, a, d, e
    expect(all('SLA compliance of closed incidents')).toEqual([JSON.stringify([2 / 3])]); // incidentClosed, b; c breached
    expect(all('Open incidents per agent')).toEqual([JSON.stringify(['agent-2', 1]), JSON.stringify(['agent-7', 1])]);

    // The migration's fill from stored events: idempotent on top of the view's rows, and alone
    // (an existing installation) gives the same figures.
    const fill = migrations
      .find((m) => m.version === 5)!
      .sql(database)
      .find((s) => s.startsWith(`INSERT INTO ${database}.incident_state`))!;
    await ch.command({ query: fill });
    expect(await sideBySide()).toEqual(figures);
    await ch.command({ query: `TRUNCATE TABLE ${database}.incident_state` });
    await ch.command({ query: fill });
    expect(await sideBySide()).toEqual(figures);

    // Where a dimension changes during an incident's life (setPriority), the incident counts
    // once, under its latest value; the old SQL split it (open under P3, without an opening
    // under P1). Without that filter both still agree.
    const g = incident(d1, 'PHONE', 'P3');
    const gOpened = g('incident.opened', 120);
    await insert([gOpened, { ...g('incident.state_changed', 60, 'agent-2'), priority: 'P1' }]);
    const open = async (sql: string, variables?: Record<string, string[]>) =>
      Object.values(
        (await (await ch.query({ query: expandSql(sql, { days: 30, variables }), format: 'JSONEachRow' })).json<Record<string, unknown>>())[0]!,
      ).map(Number);
    const backlog = panels[0]!.sql;
    expect(await open(backlog)).toEqual([5]);
    expect(await open(old['Open incidents (backlog)']!)).toEqual([5]);
    expect(await open(backlog, { priority: ['P1'] })).toEqual([1]); // g (c, P1 too, is closed)
    expect(await open(backlog, { priority: ['P3'] })).toEqual([0]);
    expect(await open(old['Open incidents (backlog)']!, { priority: ['P3'] })).toEqual([1]);
    expect(await open(panels[1]!.sql, { priority: ['P1'] })).toEqual([2, 2]); // g, opened 2 hours ago
  });
});
