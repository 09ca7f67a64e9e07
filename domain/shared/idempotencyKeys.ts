// Idempotency-Keys expire: a client retries a call within seconds or minutes, so a key is kept
// IDEMPOTENCY_KEY_HOURS (default 24, as Stripe keeps them) and then forgotten; after that the
// same key files a new request. The worker's housekeeping pass (worker/housekeeping.ts) calls
// this, so a key lives its hours plus at most one pass.
import type { Database } from '../../infra/db';
import { forgetKeysBefore } from './idempotencyKeysRepository';

export async function expireIdempotencyKeys(db: Database, hours: number, now = new Date()): Promise<{ answers: number; requests: number }> {
  return forgetKeysBefore(db, new Date(now.getTime() - hours * 3600_000));
}
