// The production path: docker-compose.yml is valid for Debian's docker-compose, every image is
// pinned, every long-running service has a health check, every variable is documented in
// .env.example, and the provisioned Grafana dashboards query what really exists.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/env';

const compose = (args: string[], envFile?: string) =>
  spawnSync('docker-compose', [...(envFile ? ['--env-file', envFile] : []), '-f', path.join(ROOT, 'docker-compose.yml'), ...args], {
    cwd: os.tmpdir(), // no stray .env from the working directory
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
const envExample = path.join(ROOT, '.env.example');
const documented = new Set(
  fs
    .readFileSync(envExample, 'utf8')
    .split('\n')
    .map((l) => l.match(/^([A-Z][A-Z0-9_]*)=/)?.[1])
    .filter((v): v is string => Boolean(v)),
);

describe('docker-compose.yml', () => {
  test('docker-compose accepts it with the example settings', () => {
    const run = compose(['config', '-q'], envExample);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('without the secrets it refuses to start and names the missing variable', () => {
    const run = compose(['config', '-q']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/set [A-Z_]+ in \.env/);
  });

  const config = parse(compose(['config'], envExample).stdout) as { services: Record<string, { image?: string; healthcheck?: unknown; restart?: string }> };

  test('runs every part of the system', () => {
    expect(Object.keys(config.services).sort()).toEqual(
      ['app', 'clickhouse', 'grafana', 'keycloak', 'migrate', 'postgres', 'prometheus', 'rabbitmq', 'temporal', 'temporal-ui', 'worker'].sort(),
    );
  });

  test.each(Object.keys(config.services))('%s uses a pinned image and, if long-running, a health check', (name) => {
    const service = config.services[name]!;
    expect(service.image).toMatch(/^[\w./-]+:(?!latest$)[\w.-]+$/);
    if (service.restart !== 'no') expect(service.healthcheck).toBeDefined();
  });

  test('every variable it reads is documented in .env.example', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    const used = [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(10);
    expect([...new Set(used)].filter((v) => !documented.has(v))).toEqual([]);
  });
});

test('every setting the app and worker read is documented in .env.example', () => {
  const source = fs.readFileSync(path.join(ROOT, 'infra/config.ts'), 'utf8');
  const keys = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+): z\./gm)].map((m) => m[1]!);
  expect(keys).toContain('DATABASE_URL');
  expect(keys.filter((k) => !documented.has(k))).toEqual([]);
});

test('promtool accepts the Prometheus configuration used by docker-compose', () => {
  // Same files, with the rule path as the container sees it mapped to this checkout.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prom-'));
  fs.copyFileSync(path.join(ROOT, 'prometheus/alerts.yml'), path.join(dir, 'alerts.yml'));
  const config = fs.readFileSync(path.join(ROOT, 'prometheus/prometheus.yml'), 'utf8').replace('/etc/prometheus/alerts.yml', path.join(dir, 'alerts.yml'));
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
  expect(execFileSync('promtool', ['check', 'config', path.join(dir, 'prometheus.yml')]).toString()).toContain('SUCCESS');
});
