// The test profile's settings, computed exactly as scripts/env.sh computes them.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** test (default) or test2..test5, for a second test stack beside the first. */
export const PROFILE = /^test[2-5]?$/.test(process.env.INCIDENT_DESK_PROFILE ?? '') ? process.env.INCIDENT_DESK_PROFILE! : 'test';
export const ROOT = path.resolve(__dirname, '../..');

function profileEnv(): Record<string, string> {
  const out = execFileSync('bash', ['-c', 'source scripts/env.sh && env -0'], {
    cwd: ROOT,
    env: { ...process.env, INCIDENT_DESK_PROFILE: PROFILE },
  }).toString();
  return Object.fromEntries(
    out
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

export const testEnv = profileEnv();
export const APP_URL = testEnv.PUBLIC_URL!;
/** The app's internal port: metrics and the detailed health report. */
export const APP_INTERNAL_URL = `http://127.0.0.1:${testEnv.APP_METRICS_PORT!}`;
export const KEYCLOAK_URL = testEnv.KEYCLOAK_URL!;
export const DATA_DIR = testEnv.DATA_DIR!;
