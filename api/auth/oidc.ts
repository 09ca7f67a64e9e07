// Keycloak through openid-client: discovery, the confidential web client, and verification
// of access tokens (bearer or from the code exchange) against the realm's keys.
import { errors, Issuer, type BaseClient } from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Config } from '../../infra/config';
import { actorFromClaims, type Actor, type TokenClaims } from '../../domain/access/identity';
import { unauthorized } from '../../domain/shared/errors';
import { tokenPolicy, tokenRefusal, type TokenPolicy } from './tokenPolicy';

export class Oidc {
  private issuer?: Promise<Issuer<BaseClient>>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly policy: TokenPolicy;

  constructor(private readonly config: Config) {
    this.policy = tokenPolicy(config);
  }

  private discover(): Promise<Issuer<BaseClient>> {
    this.issuer ??= Issuer.discover(this.config.OIDC_ISSUER).catch((error) => {
      this.issuer = undefined;
      throw error;
    });
    return this.issuer;
  }

  async client(): Promise<BaseClient> {
    const issuer = await this.discover();
    return new issuer.Client({
      client_id: this.config.OIDC_CLIENT_ID,
      client_secret: this.config.OIDC_CLIENT_SECRET,
      redirect_uris: [this.redirectUri],
      response_types: ['code'],
    });
  }

  get redirectUri(): string {
    return new URL('/auth/callback', this.config.PUBLIC_URL).toString();
  }

  async endSessionUrl(idToken: string | null): Promise<string> {
    const client = await this.client();
    return client.endSessionUrl({
      post_logout_redirect_uri: new URL('/', this.config.PUBLIC_URL).toString(),
      ...(idToken ? { id_token_hint: idToken } : { client_id: this.config.OIDC_CLIENT_ID }),
    });
  }

  /**
   * Verifies a Keycloak access token (signature with a listed algorithm, issuer, expiry, type
   * and authorized party, api/auth/tokenPolicy.ts) and returns the actor; 401 otherwise.
   */
  async verifyAccessToken(token: string): Promise<Actor> {
    const issuer = await this.discover();
    this.jwks ??= createRemoteJWKSet(new URL(String(issuer.metadata.jwks_uri)));
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, { issuer: this.policy.issuer, algorithms: this.policy.algorithms, requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      throw unauthorized(`invalid access token: ${(error as Error).message}`);
    }
    const refusal = tokenRefusal(this.policy, payload);
    if (refusal) throw unauthorized(`invalid access token: ${refusal}`);
    return actorFromClaims(payload as TokenClaims);
  }

  /**
   * New tokens for a session's refresh token, with the actor as Keycloak has them now; null when
   * Keycloak refuses (user disabled or deleted, session ended there). Throws when unreachable.
   */
  async refresh(refreshToken: string): Promise<{ actor: Actor; idToken: string | null; refreshToken: string | null } | null> {
    const client = await this.client();
    let tokens;
    try {
      tokens = await client.refresh(refreshToken);
    } catch (error) {
      if (error instanceof errors.OPError) return null;
      throw error;
    }
    if (!tokens.access_token) return null;
    return { actor: await this.verifyAccessToken(tokens.access_token), idToken: tokens.id_token ?? null, refreshToken: tokens.refresh_token ?? null };
  }
}
