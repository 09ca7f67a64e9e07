// A demo user's access token from Keycloak (password grant of the CLI client), for benchmark
// calls made outside the browser.
export async function keycloakToken(issuer: string, username: string): Promise<string> {
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'incident-desk-cli', username, password: process.env.DEMO_PASSWORD ?? 'demo' }),
  });
  if (!res.ok) throw new Error(`Keycloak refused ${username}: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
