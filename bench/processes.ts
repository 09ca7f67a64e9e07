// Starts the built app and worker for the benchmark, with the environment of scripts/env.sh.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export function start(script: string, logName: string): ChildProcess {
  const logDir = path.join(process.env.DATA_DIR ?? path.join(ROOT, '.data/bench'), 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, `${logName}.log`), 'a');
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the app and the worker.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, path.join(ROOT, script)], { cwd: ROOT, env: process.env, stdio: ['ignore', log, log] });
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A stage's app and worker (bench/emailIntake.ts, bench/syncLag.ts): the app started and its
 * health awaited, then `beforeWorker` (what the worker should find when it starts), the worker
 * and its metrics awaited, then `body`; both stopped (SIGTERM) whatever happens, the worker first.
 */
export async function withAppAndWorker<T>(
  name: string,
  config: { PUBLIC_URL: string; WORKER_METRICS_PORT: number },
  beforeWorker: () => Promise<T>,
  body: (prepared: T) => Promise<void>,
): Promise<void> {
  const app = start('dist/api/main.js', `bench-${name}-app`);
  try {
    await waitUntil('app health', async () => (await fetch(`${config.PUBLIC_URL}/api/health`)).ok);
    const prepared = await beforeWorker();
    const worker = start('dist/worker/main.js', `bench-${name}-worker`);
    try {
      await waitUntil('worker metrics', async () => (await fetch(`http://127.0.0.1:${config.WORKER_METRICS_PORT}/metrics`)).ok);
      await body(prepared);
    } finally {
      worker.kill('SIGTERM');
    }
  } finally {
    app.kill('SIGTERM');
  }
}
