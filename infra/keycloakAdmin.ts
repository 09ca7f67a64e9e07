// Keycloak's admin REST API, called as the service account of the service-to-service client
// (client credentials; the realm grants it view-users, query-users and manage-users: admins
// create and disable employees from the desk).
export interface KeycloakUser {
  id: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  enabled: boolean;
  attributes?: Record<string, string[]>;
}

/** A new user as the desk creates them: enabled, with a temporary password to change at first sign-in. */
export interface NewKeycloakUser {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  attributes: Record<string, string[]>;
}

/** Keycloak refused because a user with this username or e-mail exists. */
export class KeycloakConflict extends Error {}

/** Keycloak refused the user's data (its user profile's validation, the password policy); field: the one it names. */
export class KeycloakRefused extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** Keycloak's answer to refused user data: { field, errorMessage } or { errors: [...] }. */
async function refusal(res: Response, field: string | null = null): Promise<KeycloakRefused> {
  const body = (await res.json().catch(() => ({}))) as {
    field?: string;
    errorMessage?: string;
    error_description?: string;
    errors?: { field?: string; errorMessage?: string }[];
  };
  const first = body.errors?.[0] ?? body;
  return new KeycloakRefused(first.field ?? field, first.errorMessage ?? body.error_description ?? 'refused');
}

export class KeycloakAdmin {
  private token: { value: string; expires: number } | null = null;
  private readonly base: string;
  private readonly realm: string;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {
    const match = /^(.*)\/realms\/([^/]+)\/?$/.exec(issuer);
    if (!match) throw new Error(`OIDC_ISSUER is not a Keycloak realm URL: ${issuer}`);
    this.base = match[1]!;
    this.realm = match[2]!;
  }

  /** The user, or null when Keycloak has no user with this id. */
  async user(id: string): Promise<KeycloakUser | null> {
    const res = await this.get(`/users/${encodeURIComponent(id)}`);
    if (res.status === 404) return null;
    return (await this.ok(res).json()) as KeycloakUser;
  }

  /** Names of the realm roles the user holds, directly or through groups and composites. */
  async realmRoles(id: string): Promise<string[]> {
    const res = this.ok(await this.get(`/users/${encodeURIComponent(id)}/role-mappings/realm/composite`));
    return ((await res.json()) as { name: string }[]).map((r) => r.name);
  }

  /** Every user of the realm, page by page. */
  async *users(pageSize = 100): AsyncGenerator<KeycloakUser> {
    for (let first = 0; ; first += pageSize) {
      const page = (await this.ok(await this.get(`/users?first=${first}&max=${pageSize}&briefRepresentation=false`)).json()) as KeycloakUser[];
      yield* page;
      if (page.length < pageSize) return;
    }
  }

  /** Creates the user with these realm roles and a temporary password; returns the new id. */
  async createUser(user: NewKeycloakUser, roles: readonly string[], temporaryPassword: string): Promise<string> {
    const res = await this.send('POST', '/users', { ...user, enabled: true, emailVerified: false });
    if (res.status === 409) throw new KeycloakConflict(((await res.json().catch(() => ({}))) as { errorMessage?: string }).errorMessage ?? 'user exists');
    if (res.status === 400) throw await refusal(res);
    const id = this.ok(res).headers.get('location')?.split('/').pop();
    if (!id) throw new Error('Keycloak created the user but named no id');
    try {
      // The roles as the user may be given them (reading /roles itself needs view-realm, which
      // the service account does not have).
      const available = (await this.ok(await this.get(`/users/${id}/role-mappings/realm/available`)).json()) as { id: string; name: string }[];
      const granted = available.filter((r) => roles.includes(r.name));
      if (granted.length !== roles.length) throw new Error(`Keycloak's realm lacks a role of ${roles.join(', ')}`);
      this.ok(await this.send('POST', `/users/${id}/role-mappings/realm`, granted));
      const password = await this.send('PUT', `/users/${id}/reset-password`, { type: 'password', value: temporaryPassword, temporary: true });
      if (password.status === 400) throw await refusal(password, 'password');
      this.ok(password);
    } catch (error) {
      // Nothing half-made: an account without its roles or password is taken back.
      await this.send('DELETE', `/users/${id}`).catch(() => undefined);
      throw error;
    }
    return id;
  }

  /** Enables or disables the user; false when Keycloak has no such user. */
  async setEnabled(id: string, enabled: boolean): Promise<boolean> {
    const res = await this.send('PUT', `/users/${encodeURIComponent(id)}`, { enabled });
    if (res.status === 404) return false;
    this.ok(res);
    return true;
  }

  private get(path: string): Promise<Response> {
    return this.send('GET', path);
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const call = async () =>
      fetch(`${this.base}/admin/realms/${this.realm}${path}`, {
        method,
        headers: { authorization: `Bearer ${await this.accessToken()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let res = await call();
    if (res.status === 401) {
      this.token = null; // expired early or revoked: one fresh try
      res = await call();
    }
    return res;
  }

  private ok(res: Response): Response {
    if (!res.ok) throw new Error(`Keycloak admin API answered ${res.status} ${res.statusText}`);
    return res;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expires > Date.now() + 30_000) return this.token.value;
    if (!this.clientSecret) throw new Error('SERVICE_CLIENT_SECRET is not set: the Keycloak admin API cannot be called');
    const res = await fetch(`${this.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.clientSecret }),
    });
    if (!res.ok) throw new Error(`Keycloak refused the service client: ${res.status}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    this.token = { value: body.access_token, expires: Date.now() + body.expires_in * 1000 };
    return this.token.value;
  }
}
