// Rate limits: token buckets per client IP and per signed-in person, and a cap on each person's
// open live-update streams. Over a limit the API answers 429 application/problem+json with
// Retry-After (seconds until a token is back). The buckets live in this process's memory: right
// for the one app instance docker-compose runs; with N instances behind a balancer each allows
// its own share, so the effective limit is N times the figure (docs/operations.md, "Limits").
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../infra/config';
import { rateLimited } from '../infra/metrics';
import { sendProblem } from './problem';

type Limited = 'signIn' | 'intake' | 'upload' | 'export';

/**
 * The limits table: which requests each limit counts, and its settings (requests per minute;
 * 0: no limit). Sign-in is limited per IP only: the person is known only once Keycloak has
 * answered, and Keycloak's brute-force detection already locks a person's account.
 */
const LIMITS: Record<Limited, { matches: (req: Request, path: string) => boolean; perIp: (c: Config) => number; perPerson: (c: Config) => number }> = {
  signIn: {
    matches: (req, path) => req.method === 'GET' && (path === '/auth/login' || path === '/auth/callback'),
    perIp: (c) => c.RATE_LIMIT_SIGN_IN_PER_IP,
    perPerson: () => 0,
  },
  intake: {
    matches: (req, path) => req.method === 'POST' && /^\/api\/(requests|portal\/requests|qr\/[^/]+\/reports)\/?$/.test(path),
    perIp: (c) => c.RATE_LIMIT_INTAKE_PER_IP,
    perPerson: (c) => c.RATE_LIMIT_INTAKE_PER_PERSON,
  },
  upload: {
    matches: (req, path) => req.method === 'POST' && /^\/api\/incidents\/[^/]+\/attachments\/?$/.test(path),
    perIp: (c) => c.RATE_LIMIT_UPLOAD_PER_IP,
    perPerson: (c) => c.RATE_LIMIT_UPLOAD_PER_PERSON,
  },
  export: {
    matches: (req, path) => req.method === 'GET' && req.query.format === 'csv' && /^\/api\/(requests|incidents)\/?$/.test(path),
    perIp: (c) => c.RATE_LIMIT_EXPORT_PER_IP,
    perPerson: (c) => c.RATE_LIMIT_EXPORT_PER_PERSON,
  },
};
const STREAM_PATH = /^\/api\/(incidents|me\/calls)\/stream\/?$/;
/** The full path, wherever the middleware is mounted. */
const pathOf = (req: Request) => req.originalUrl.split('?')[0]!;

/** A full bucket holds a minute's worth of requests and refills continuously. */
class Buckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes a token; the seconds to wait when there is none. */
  take(key: string, perMinute: number, now = Date.now()): number {
    const rate = perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  /** Drops the buckets that are full again (an idle caller costs no memory). */
  sweep(limitOf: (key: string) => number, now = Date.now()): void {
    for (const [key, b] of this.buckets) {
      const perMinute = limitOf(key);
      if (b.tokens + ((now - b.at) * perMinute) / 60_000 >= perMinute) this.buckets.delete(key);
    }
  }
}

const tooMany = (res: Response, retryAfter: number, detail: string) => {
  res.setHeader('Retry-After', String(retryAfter));
  sendProblem(res, 429, 'Too Many Requests', detail);
};

export class RateLimits {
  private readonly buckets = new Buckets();
  private readonly streams = new Map<string, number>();

  constructor(private readonly config: Config) {
    // Keys look like "intake:ip:1.2.3.4"; a sweep a minute keeps the map to the active callers.
    setInterval(() => this.buckets.sweep((key) => this.limitOfKey(key)), 60_000).unref();
  }

  private limitOfKey(key: string): number {
    const [name, by] = key.split(':') as [Limited, 'ip' | 'person'];
    const limit = LIMITS[name];
    return (by === 'ip' ? limit.perIp : limit.perPerson)(this.config);
  }

  private check(req: Request, res: Response, by: 'ip' | 'person', who: string): boolean {
    for (const [name, limit] of Object.entries(LIMITS) as [Limited, (typeof LIMITS)[Limited]][]) {
      if (!limit.matches(req, pathOf(req))) continue;
      const key = `${name}:${by}:${who}`;
      const perMinute = this.limitOfKey(key);
      if (!perMinute) continue;
      const wait = this.buckets.take(key, perMinute);
      if (wait) {
        rateLimited.inc({ limit: name, per: by === 'ip' ? 'address' : 'person' });
        tooMany(res, wait, `rate limit "${name}" reached: at most ${perMinute} a minute per ${by === 'ip' ? 'address' : 'person'}; retry in ${wait} s`);
        return false;
      }
    }
    return true;
  }

  /** Mounted before sign-in and authentication: counts every limited request per client IP. */
  readonly perIp = (req: Request, res: Response, next: NextFunction): void => {
    if (this.check(req, res, 'ip', req.ip ?? 'unknown')) next();
  };

  /** Mounted after authentication on /api: counts per person, and caps their open live streams. */
  readonly perPerson = (req: Request, res: Response, next: NextFunction): void => {
    const person = req.actor?.id;
    if (!person) return next();
    if (!this.check(req, res, 'person', person)) return;
    if (req.method !== 'GET' || !STREAM_PATH.test(pathOf(req))) return next();
    const open = this.streams.get(person) ?? 0;
    const cap = this.config.LIVE_STREAMS_PER_PERSON;
    // A browser reconnects a closed stream after a few seconds: that is when to retry.
    if (open >= cap) {
      rateLimited.inc({ limit: 'stream', per: 'person' });
      return tooMany(res, 5, `at most ${cap} live-update streams per person are open; close a tab or retry`);
    }
    this.streams.set(person, open + 1);
    res.on('close', () => {
      const left = (this.streams.get(person) ?? 1) - 1;
      if (left > 0) this.streams.set(person, left);
      else this.streams.delete(person);
    });
    next();
  };
}
