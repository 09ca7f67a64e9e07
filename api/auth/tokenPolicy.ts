// Which Keycloak tokens the API takes as a caller's identity: access tokens ("typ": "Bearer",
// never ID or refresh tokens) minted for one of our own clients (azp), signed with one of the
// listed algorithms, from our realm, not expired. A token Keycloak minted for any other client
// of the realm (another team's app, say) is someone else's credential and gets 401.
import type { JWTPayload } from 'jose';
import type { Config } from '../../infra/config';

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export interface TokenPolicy {
  issuer: string;
  algorithms: string[];
  clients: string[];
}

export function tokenPolicy(config: Config): TokenPolicy {
  const clients = list(config.OIDC_ALLOWED_CLIENTS);
  return {
    issuer: config.OIDC_ISSUER,
    algorithms: list(config.OIDC_TOKEN_ALGORITHMS),
    clients: clients.length ? clients : [config.OIDC_CLIENT_ID, config.SERVICE_CLIENT_ID].filter(Boolean),
  };
}

/** Why this verified payload is not an access token for us, or null when it is. */
export function tokenRefusal(policy: TokenPolicy, payload: JWTPayload): string | null {
  if (payload.typ !== 'Bearer') return `token type ${JSON.stringify(payload.typ ?? null)} is not an access token`;
  if (typeof payload.azp !== 'string' || !policy.clients.includes(payload.azp)) return `token was issued to client ${JSON.stringify(payload.azp ?? null)}`;
  return null;
}
