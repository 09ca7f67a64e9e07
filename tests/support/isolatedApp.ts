// A second desk (app and worker) on its own database, analytics store, attachments folder and
// Temporal namespace, beside the suite's: for tests that change anything they can reach (the
// fuzzer deletes demo services and deactivates people), so the other test files keep their
// data, schedules and workflows. Its e-mail goes to the worker's log, not the suite's mailbox.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, ROOT, testEnv } from './env';
import { alive, killProcess, pidOf, spawnProcess, startWorker, waitFor } from './processes';

export interface IsolatedApp {
  url: string;
  databaseUrl: string;
  /** The Temporal namespace its workflows run in. */
  namespace: string;
  /** Restarts its app (not its worker) with these settings on top of its own. */
  restartApp(extraEnv?: Record<string, string>): Promise<void>;
  stop(): void;
}

/**
 * Makes the database `incidentdesk_<name>` (migrated, demo data seeded) and the namespace `<name>`
 * afresh and starts an app and a worker on them, at ports shifted by portOffset; appEnv adds
 * settings of the app.
 */
export async function startIsolatedApp(name: string, portOffset: number, appEnv: Record<string, string> = {}): Promise<IsolatedApp> {
  const database = `incidentdesk_${name}`;
  const databaseUrl = testEnv.DATABASE_URL!.replace(/\/incidentdesk$/, `/${database}`);
  const psql = ['-h', '127.0.0.1', '-p', testEnv.PG_PORT!, '-U', 'incidentdesk', '-d', 'incidentdesk', '-v', 'ON_ERROR_STOP=1', '-qc'];
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: ROOT, env: { ...testEnv, DATABASE_URL: databaseUrl }, stdio: 'pipe' });
  run('psql', [...psql, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
  run('psql', [...psql, `CREATE DATABASE ${database}`]);
  run('npx', ['prisma', 'migrate', 'deploy']);
  run('node', ['dist/scripts/seed.js']);
  const dir = path.join(DATA_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  const namespace = name;
  const temporal = (...args: string[]) => execFileSync(testEnv.TEMPORAL_BIN!, [...args, '--address', testEnv.TEMPORAL_ADDRESS!], { stdio: 'pipe' });
  temporal('operator', 'namespace', 'create', '--namespace', namespace, '--retention', '24h');
  await waitFor(`namespace ${namespace}`, async () => temporal('operator', 'namespace', 'describe', '--namespace', namespace).length > 0);
  const port = Number(testEnv.APP_PORT) + portOffset;
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_NAMESPACE: namespace,
    PUBLIC_URL: url,
    CHDB_PATH: path.join(dir, 'chdb'),
    ATTACHMENTS_DIR: path.join(dir, 'attachments'),
    SMTP_HOST: '',
    // Nor does it read the suite's desk mailboxes (the suite's worker takes that mail).
    IMAP_HOST: '',
  };
  const workerMetrics = String(Number(testEnv.WORKER_METRICS_PORT) + portOffset);
  await startWorker(`${name}-worker`, { ...env, WORKER_METRICS_PORT: workerMetrics, TEMPORAL_SDK_METRICS_PORT: '' });
  const startApp = async (extraEnv: Record<string, string>) => {
    spawnProcess(`${name}-app`, { ...env, APP_PORT: String(port), APP_METRICS_PORT: String(Number(testEnv.APP_METRICS_PORT) + portOffset), ...extraEnv });
    await waitFor(`${name}-app health`, async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok === true, 60000);
  };
  await startApp(appEnv);
  return {
    url,
    databaseUrl,
    namespace,
    restartApp: async (extraEnv = {}) => {
      const pid = pidOf(`${name}-app`);
      killProcess(`${name}-app`);
      // Gone, not only closed to HTTP: embedded chDB lets one process at a time open its folder.
      await waitFor(`${name}-app gone`, async () => !alive(pid), 30000);
      await startApp(extraEnv);
    },
    stop: () => {
      killProcess(`${name}-app`);
      killProcess(`${name}-worker`);
    },
  };
}
