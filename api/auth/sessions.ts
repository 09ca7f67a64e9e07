// Server-side sessions behind an HTTP-only cookie. The cookie holds a random token; the
// database holds only its HMAC, so a database dump does not yield usable sessions (the refresh
// token stored beside it is useless without the web client's secret).
//
// A session ends at the first of: sign-out, SESSION_TTL_HOURS after sign-in, SESSION_IDLE_MINUTES
// without a request, or Keycloak refusing its refresh token (user disabled or deleted, session
// revoked there). Every SESSION_RECHECK_MINUTES a request refreshes the Keycloak tokens and the
// session takes the fresh roles and department. Refreshing was chosen over re-reading the
// admin API: it needs no admin rights, and Keycloak itself decides whether the session lives
// (disabled user, revoked sessions, back-channel logouts). lastSeenAt is written at most once a
// minute, so an active session costs one UPDATE a minute, not one per request.
import { createHmac, randomBytes } from 'node:crypto';
import { type Database } from '../../infra/db';
import type { Actor } from '../../domain/access/identity';
import { log } from '../../infra/logger';
import { claimSessionRecheck, deleteSession, deleteSessionAndExpired, insertSession, session, touchSession, updateSessionTokens } from './repository';

const TOUCH_EVERY_MS = 60_000;

export interface KeycloakTokens {
  idToken: string | null;
  refreshToken: string | null;
}

/** Fresh tokens and actor from a refresh token; null when Keycloak refuses it (the session is over there). */
export type Refresh = (refreshToken: string) => Promise<(KeycloakTokens & { actor: Actor }) | null>;

export interface SessionSettings {
  secret: string;
  ttlHours: number;
  idleMinutes: number;
  recheckMinutes: number;
}

export class Sessions {
  constructor(
    private readonly db: Database,
    private readonly settings: SessionSettings,
    private readonly refresh: Refresh,
  ) {}

  private hash(token: string): string {
    return createHmac('sha256', this.settings.secret).update(token).digest('hex');
  }

  get maxAgeMs(): number {
    return this.settings.ttlHours * 3600_000;
  }

  get recheckMs(): number {
    return this.settings.recheckMinutes * 60_000;
  }

  async create(actor: Actor, tokens: KeycloakTokens): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await insertSession(this.db, {
      id: this.hash(token),
      user: actor,
      ...tokens,
      expiresAt: new Date(now + this.maxAgeMs),
      recheckAt: new Date(now + this.recheckMs),
    });
    return token;
  }

  /**
   * The session's actor, or null when it is over. `active`: a request of the person (it keeps
   * the session from idling out); a live stream's periodic check is not.
   */
  async find(token: string, active = true): Promise<Actor | null> {
    const id = this.hash(token);
    const row = await session(this.db, id);
    if (!row) return null;
    const now = Date.now();
    if (row.expiresAt.getTime() < now || row.lastSeenAt.getTime() < now - this.settings.idleMinutes * 60_000) {
      await deleteSession(this.db, id);
      return null;
    }
    if (active && row.lastSeenAt.getTime() < now - TOUCH_EVERY_MS) await touchSession(this.db, id, new Date(now));
    const actor = row.userJson as unknown as Actor;
    if (!row.refreshToken || row.recheckAt.getTime() > now) return actor;
    // One request per session wins the recheck; the others go on with the actor they have.
    if (!(await claimSessionRecheck(this.db, id, new Date(now), new Date(now + this.recheckMs)))) return actor;
    let fresh;
    try {
      fresh = await this.refresh(row.refreshToken);
    } catch (error) {
      // Keycloak unreachable: the session keeps its actor until the next recheck.
      log.warn('session recheck failed, keeping the session', { user: actor.username, error: String(error) });
      return actor;
    }
    if (!fresh) {
      log.info('session ended by Keycloak', { user: actor.username });
      await deleteSession(this.db, id);
      return null;
    }
    await updateSessionTokens(this.db, id, { user: fresh.actor, idToken: fresh.idToken ?? row.idToken, refreshToken: fresh.refreshToken ?? row.refreshToken });
    return fresh.actor;
  }

  /** Ends the session; its ID token (for Keycloak's sign-out), if any. */
  async destroy(token: string): Promise<string | null> {
    const row = await session(this.db, this.hash(token));
    await deleteSessionAndExpired(this.db, this.hash(token), new Date());
    return row?.idToken ?? null;
  }
}
