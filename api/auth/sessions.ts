// Server-side sessions behind an HTTP-only cookie. The cookie holds a random token; the
// database holds only its HMAC, so a database dump does not yield usable sessions.
import { createHmac, randomBytes } from 'node:crypto';
import { type Database } from '../../infra/db';
import type { Actor } from '../../domain/access/identity';
import { deleteSessionAndExpired, insertSession, session } from './repository';

export class Sessions {
  constructor(
    private readonly db: Database,
    private readonly secret: string,
    private readonly ttlHours: number,
  ) {}

  private hash(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('hex');
  }

  get maxAgeMs(): number {
    return this.ttlHours * 3600_000;
  }

  async create(actor: Actor, idToken: string | null): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await insertSession(this.db, { id: this.hash(token), user: actor, idToken, expiresAt: new Date(Date.now() + this.maxAgeMs) });
    return token;
  }

  async find(token: string): Promise<{ actor: Actor; idToken: string | null } | null> {
    const row = await session(this.db, this.hash(token));
    if (!row || row.expiresAt < new Date()) return null;
    return { actor: row.userJson as unknown as Actor, idToken: row.idToken };
  }

  async destroy(token: string): Promise<string | null> {
    const row = await session(this.db, this.hash(token));
    await deleteSessionAndExpired(this.db, this.hash(token), new Date());
    return row?.idToken ?? null;
  }
}
