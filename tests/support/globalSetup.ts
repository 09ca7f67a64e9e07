// Before all tests: the test stack (PostgreSQL, Temporal, Keycloak) must be up — scripts/test.sh
// starts it. Resets the application database and analytics store, migrates, seeds, and
// starts the app and the worker from the build.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, ROOT, testEnv } from './env';
import { clearMailboxes } from './mail';
import { startApp, startWorker, stopAll } from './processes';

export default async function globalSetup(): Promise<void> {
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: ROOT, env: testEnv, stdio: 'pipe' });
  try {
    run('bash', ['scripts/stack.sh', 'status']);
    await fetch(`${testEnv.OIDC_ISSUER}/.well-known/openid-configuration`);
  } catch {
    throw new Error('The test stack is not running. Start it with: INCIDENT_DESK_PROFILE=test bash scripts/stack.sh start (or run bash scripts/test.sh)');
  }
  if (!fs.existsSync(path.join(ROOT, 'dist/api/main.js'))) throw new Error('Not built: run npm run build');
  await stopAll();
  const psql = ['-h', '127.0.0.1', '-p', testEnv.PG_PORT!, '-U', 'incidentdesk', '-d', 'incidentdesk', '-v', 'ON_ERROR_STOP=1', '-qc'];
  run('psql', [...psql, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;']);
  run('npx', ['prisma', 'migrate', 'deploy']);
  run('node', ['dist/scripts/seed.js']);
  fs.rmSync(path.join(DATA_DIR, 'chdb'), { recursive: true, force: true });
  // The mail server starts empty too (its messages would repeat this run's keys).
  clearMailboxes();
  fs.mkdirSync(path.join(DATA_DIR, 'logs'), { recursive: true });
  await startWorker();
  await startApp();
}
