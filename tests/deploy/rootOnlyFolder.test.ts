// A checkout in a folder only root may enter (a fresh `mktemp -d`, /root): PostgreSQL runs as its
// own user, which could not reach .data/ inside the checkout, and initdb failed with "Permission
// denied". scripts/env.sh then puts the profile's data under /var/lib/incident-desk/<hash of the
// checkout's path>/<profile>; start, stop and wipe find it there. Only as root (the case exists only then).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROFILE, ROOT, testEnv } from '../support/env';

const asRoot = process.getuid?.() === 0 ? test : test.skip;

asRoot(
  'the stack starts, serves and wipes PostgreSQL from a checkout only root can enter',
  () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'root-only-')); // mode 0700
    expect(fs.statSync(folder).mode & 0o077).toBe(0);
    const checkout = path.join(folder, 'incident-desk');
    fs.mkdirSync(path.join(checkout, 'scripts'), { recursive: true });
    for (const f of fs.readdirSync(path.join(ROOT, 'scripts')).filter((f) => f.endsWith('.sh')))
      fs.copyFileSync(path.join(ROOT, 'scripts', f), path.join(checkout, 'scripts', f));
    // A port of its own beside the suite's PostgreSQL (profile base + 9).
    const port = String(Number(testEnv.PG_PORT) + 9);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      INCIDENT_DESK_PROFILE: PROFILE,
      PG_PORT: port,
    };
    const stack = (...args: string[]) => execFileSync('bash', [path.join(checkout, 'scripts/stack.sh'), ...args], { env, encoding: 'utf8', stdio: 'pipe' });
    const inside = path.join(checkout, '.data', PROFILE);
    const outside = path.join('/var/lib/incident-desk', createHash('sha256').update(checkout).digest('hex').slice(0, 16), PROFILE);
    try {
      stack('start', 'postgres');
      const one = execFileSync('psql', ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-qtAc', 'select 1'], { encoding: 'utf8' });
      expect(one.trim()).toBe('1');
      expect(fs.existsSync(path.join(outside, 'pg', 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(inside)).toBe(false);
      stack('wipe', 'postgres');
      expect(fs.existsSync(outside)).toBe(false);
      expect(stack('status', 'postgres')).toMatch(/postgres: stopped/);
    } finally {
      try {
        stack('wipe', 'postgres');
      } catch {
        // already wiped
      }
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },
  120_000,
);
