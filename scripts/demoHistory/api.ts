// The running desk's API as the demo people use it: one Keycloak password grant per user
// (the local realm's incident-desk-cli client), JSON calls, multipart uploads. The demo history
// goes through exactly the paths people and integrations take, so every row, workflow and
// analytics event it leaves is the real process's own.
export interface DemoApiSettings {
  appUrl: string;
  issuer: string;
  password: string;
}

export class DemoApi {
  /** One sign-in per user while its token lasts (Keycloak's brute-force detection counts grants). */
  private readonly tokens = new Map<string, { token: string; expires: number }>();

  constructor(private readonly s: DemoApiSettings) {}

  private async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached && cached.expires > Date.now() + 30_000) return cached.token;
    const res = await fetch(`${this.s.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'incident-desk-cli', username, password: this.s.password }),
    });
    if (!res.ok) throw new Error(`Keycloak refused ${username}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    this.tokens.set(username, { token: body.access_token, expires: Date.now() + body.expires_in * 1000 });
    return body.access_token;
  }

  /** The answer's body; any status outside 2xx is an error naming the call and the problem. */
  async call<T = any>(username: string | null, method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (username) headers.authorization = `Bearer ${await this.token(username)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.s.appUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${username ?? 'anonymous'} ${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async upload(username: string, path: string, name: string, type: string, content: string): Promise<void> {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), name);
    const res = await fetch(`${this.s.appUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await this.token(username)}` }, body: form });
    if (!res.ok) throw new Error(`${username} POST ${path}: ${res.status} ${await res.text()}`);
  }
}
