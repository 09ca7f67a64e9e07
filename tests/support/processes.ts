// Starts the built app and worker as real processes with the test profile's environment.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { APP_URL, DATA_DIR, ROOT, testEnv } from './env';
import { keycloakSignsIn } from './api';

const PIDS = path.join(DATA_DIR, 'pids', 'jest-processes.json');

function remember(name: string, pid: number) {
  const pids = fs.existsSync(PIDS) ? (JSON.parse(fs.readFileSync(PIDS, 'utf8')) as Record<string, number>) : {};
  pids[name] = pid;
  fs.mkdirSync(path.dirname(PIDS), { recursive: true });
  fs.writeFileSync(PIDS, JSON.stringify(pids));
}

export function pidOf(name: string): number {
  const pid = (JSON.parse(fs.readFileSync(PIDS, 'utf8')) as Record<string, number>)[name];
  if (!pid) throw new Error(`${name} is not running`);
  return pid;
}

/** Starts the app (names "app" and "*-app") or a worker (any other name) with the profile's environment and these changes. */
export function spawnProcess(name: string, extraEnv: Record<string, string> = {}): ChildProcess {
  return spawnScript(name, name === 'app' || name.endsWith('-app') ? 'dist/api/main.js' : 'dist/worker/main.js', extraEnv);
}

/** Starts a built script (dist/…) as a process of its own, stopped with the others (killProcess, stopAll). */
export function spawnScript(name: string, script: string, extraEnv: Record<string, string> = {}): ChildProcess {
  const log = fs.openSync(path.join(DATA_DIR, 'logs', `${name}.log`), 'a');
  const env = { ...testEnv, ANALYTICS_RELAY_INTERVAL_MS: '200', ...extraEnv };
  const child = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', log, log], detached: true });
  child.unref();
  remember(name, child.pid!);
  return child;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 30000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export async function startApp(extraEnv: Record<string, string> = {}): Promise<void> {
  spawnProcess('app', extraEnv);
  await waitFor('app health', async () => (await fetch(`${APP_URL}/api/health`)).ok, 60000);
}

/** Stops the app and starts it again with these settings over the profile's (none: as the suite runs it). */
export async function restartApp(extraEnv: Record<string, string> = {}): Promise<void> {
  const pid = pidOf('app');
  killProcess('app');
  await waitFor('app to stop', async () => !alive(pid), 20000);
  await startApp(extraEnv);
}

export async function startWorker(name = 'worker', extraEnv: Record<string, string> = {}): Promise<void> {
  spawnProcess(name, extraEnv);
  const port = extraEnv.WORKER_METRICS_PORT ?? testEnv.WORKER_METRICS_PORT;
  await waitFor(`${name} metrics`, async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).ok, 60000);
}

/** Whether a process with this pid is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function killProcess(name: string, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    process.kill(pidOf(name), signal);
  } catch {
    // already gone
  }
}

export async function stopAll(): Promise<void> {
  if (!fs.existsSync(PIDS)) return;
  const pids = JSON.parse(fs.readFileSync(PIDS, 'utf8')) as Record<string, number>;
  for (const pid of Object.values(pids)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const pid of Object.values(pids)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(PIDS);
}

/** Stops or starts services of the test stack (scripts/stack.sh): postgres, temporal, keycloak, mail. */
export function stack(action: 'start' | 'stop', ...services: string[]): void {
  execFileSync('bash', ['scripts/stack.sh', action, ...services], { cwd: ROOT, env: testEnv, stdio: 'pipe' });
}

/** A port nothing listens on (a service that is down). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Restarts PostgreSQL. Keycloak keeps its data there too and its pool hands out each dead
 * connection once (a 500 per connection, about ten), so this returns when it signs people in
 * again five times in a row, as the suites after this one expect.
 */
export async function restartPostgres(): Promise<void> {
  stack('stop', 'postgres');
  stack('start', 'postgres');
  let inARow = 0;
  await waitFor('Keycloak signing in after the PostgreSQL restart', async () => (inARow = (await keycloakSignsIn()) ? inARow + 1 : 0) >= 5, 120000, 100);
}
