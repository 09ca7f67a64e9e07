// Who is acting: built from Keycloak token claims (roles, department, manager id).
export const ROLES = ['user', 'agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string; // Keycloak user id (sub)
  username: string;
  fullName: string;
  email: string;
  /** Keycloak verified the e-mail (email_verified): only then may it admit or link the account. */
  emailVerified: boolean;
  phone: string | null;
  roles: Role[];
  department: string | null; // department code
  managerId: string | null;
  locale: string | null;
}

export interface TokenClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  email_verified?: boolean;
  phone_number?: string;
  department?: string;
  manager_id?: string;
  locale?: string;
  realm_access?: { roles?: string[] };
}

export function actorFromClaims(claims: TokenClaims): Actor {
  if (!claims.sub) throw new Error('token has no subject');
  const roles = (claims.realm_access?.roles ?? []).filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  const fullName = claims.name ?? [claims.given_name, claims.family_name].filter(Boolean).join(' ');
  return {
    id: claims.sub,
    username: claims.preferred_username ?? claims.sub,
    fullName: fullName || (claims.preferred_username ?? claims.sub),
    email: claims.email ?? '',
    emailVerified: claims.email_verified === true,
    phone: claims.phone_number ?? null,
    roles,
    department: claims.department ?? null,
    managerId: claims.manager_id ?? null,
    locale: claims.locale ?? null,
  };
}

export const hasRole = (actor: Actor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));
export const isStaff = (actor: Actor) => hasRole(actor, 'agent', 'supervisor', 'admin');
