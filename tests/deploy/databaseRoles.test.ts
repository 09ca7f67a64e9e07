// One database role per service: docker-compose gives the app and the worker, the migrations,
// Keycloak and Temporal each their own PostgreSQL role and password, and Grafana a read-only
// ClickHouse user. deploy/postgres/init.sh, which creates the roles with the volume, runs here
// on a scratch database of the test stack's PostgreSQL; the migrations then run as the owner,
// and the app's role may read and write every table but change none.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT, testEnv } from '../support/env';

const scratch = `roles_${randomUUID().slice(0, 8)}`;
const pg = { ...process.env, PATH: process.env.PATH ?? '', PGHOST: '127.0.0.1', PGPORT: testEnv.PG_PORT! };
const psql = (user: string, sql: string) =>
  spawnSync('psql', ['-U', user, '-d', scratch, '-v', 'ON_ERROR_STOP=1', '-qtAc', sql], { env: pg, encoding: 'utf8' });

beforeAll(() => {
  execFileSync('psql', ['-U', 'postgres', '-d', 'postgres', '-qc', `CREATE DATABASE ${scratch}`], { env: pg });
  execFileSync('bash', [path.join(ROOT, 'deploy/postgres/init.sh')], {
    env: {
      ...pg,
      POSTGRES_USER: 'postgres',
      POSTGRES_DB: scratch,
      DB_OWNER_PASSWORD: 'o',
      DB_APP_PASSWORD: 'a',
      KEYCLOAK_DB_PASSWORD: 'k',
      TEMPORAL_DB_PASSWORD: 't',
    },
  });
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...testEnv, DATABASE_URL: `postgresql://incidentdesk_owner:o@127.0.0.1:${testEnv.PG_PORT}/${scratch}` },
    stdio: 'pipe',
  });
}, 180_000);
afterAll(() => {
  execFileSync('psql', ['-U', 'postgres', '-d', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`], { env: pg });
});

test('the migrations ran as the owner role, which owns every table', () => {
  const tables = psql('postgres', `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`);
  expect(Number(tables.stdout)).toBeGreaterThan(20);
  expect(psql('postgres', `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`).stdout.trim()).toBe('incidentdesk_owner');
});

test('the app role reads and writes the rows of every table and nothing more', () => {
  const lacking = psql(
    'postgres',
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT has_table_privilege('incidentdesk_app', format('public.%I', tablename), 'SELECT, INSERT, UPDATE, DELETE')`,
  );
  expect(lacking.stdout.trim()).toBe('');
  const beyond = psql(
    'postgres',
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND has_table_privilege('incidentdesk_app', format('public.%I', tablename), 'TRUNCATE, REFERENCES, TRIGGER')`,
  );
  expect(beyond.stdout.trim()).toBe('');
  expect(psql('incidentdesk_app', `SELECT count(*) FROM "ServiceRequest"`).stdout.trim()).toBe('0');
  expect(psql('incidentdesk_app', `INSERT INTO "HrAllowListEntry" (email, "departmentCode") VALUES ('probe@example.test', 'it')`).status).toBe(0);
  expect(psql('incidentdesk_app', `DELETE FROM "HrAllowListEntry"`).status).toBe(0);
});

test.each([
  ['CREATE TABLE evil (id int)', /permission denied for schema public/],
  ['DROP TABLE "ServiceRequest"', /must be owner/],
  ['ALTER TABLE "ServiceRequest" ADD COLUMN evil int', /must be owner/],
  ['TRUNCATE "Incident" CASCADE', /permission denied/],
])('the app role may not: %s', (sql, refusal) => {
  const run = psql('incidentdesk_app', sql);
  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(refusal);
});

describe('docker-compose', () => {
  const config = parse(
    spawnSync('docker-compose', ['--env-file', path.join(ROOT, '.env.example'), '-f', path.join(ROOT, 'docker-compose.yml'), 'config'], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    }).stdout,
  ) as { services: Record<string, { environment: Record<string, string>; volumes?: string[]; ports?: string[] }> };
  const env = (service: string) => config.services[service]!.environment;
  const dbUser = (url: string) => new URL(url).username;

  test('gives every service its own PostgreSQL role, none the superuser', () => {
    const users = {
      app: dbUser(env('app').DATABASE_URL!),
      worker: dbUser(env('worker').DATABASE_URL!),
      migrate: dbUser(env('migrate').DATABASE_URL!),
      keycloak: env('keycloak').KC_DB_USERNAME,
      temporal: env('temporal').POSTGRES_USER,
    };
    expect(users).toEqual({ app: 'incidentdesk_app', worker: 'incidentdesk_app', migrate: 'incidentdesk_owner', keycloak: 'keycloak', temporal: 'temporal' });
    expect(Object.values(users)).not.toContain(env('postgres').POSTGRES_USER);
    expect(new Set([env('app').DATABASE_URL, env('migrate').DATABASE_URL, env('keycloak').KC_DB_PASSWORD, env('temporal').POSTGRES_PWD]).size).toBe(4);
  });

  test("gives Grafana ClickHouse's read-only user, not the app's", () => {
    expect(env('grafana').CLICKHOUSE_USER).toBe('grafana_reader');
    expect(env('grafana').CLICKHOUSE_PASSWORD).not.toBe(env('app').CLICKHOUSE_PASSWORD);
    expect(config.services.clickhouse!.volumes).toContain(
      `${path.join(ROOT, 'deploy/clickhouse/init.sh')}:/docker-entrypoint-initdb.d/10-grafana-reader.sh:ro`,
    );
  });

  test('publishes the app port but not its metrics port, which Prometheus scrapes', () => {
    const app = config.services.app!;
    expect(app.ports).toEqual(['127.0.0.1:3000:3000/tcp']); // docker-compose 1.29 prints ports and volumes as strings
    expect(app.environment.APP_METRICS_PORT).toBe('9463');
    expect(config.services.worker!.ports).toBeUndefined();
    const prometheus = parse(fs.readFileSync(path.join(ROOT, 'prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    expect(prometheus.scrape_configs.find((j) => j.job_name === 'incident-desk-app')!.static_configs[0]!.targets).toEqual(['app:9463']);
  });
});
