// Bearer tokens attacked against the real Keycloak: only access tokens minted for the desk's
// own clients, signed by the realm with a listed algorithm and unexpired, identify a caller.
import { generateKeyPair, SignJWT, decodeJwt } from 'jose';
import { api } from '../support/api';
import { testEnv } from '../support/env';
import { passwordGrant, withForeignClient, withRealmSettings } from '../support/keycloak';
import { waitFor } from '../support/processes';

const withBearer = (token: string) => api(null, 'GET', '/api/me', undefined, { authorization: `Bearer ${token}` });

async function expectRefused(token: string, detail: RegExp): Promise<void> {
  const res = await withBearer(token);
  expect(res.status).toBe(401);
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect(res.body.detail).toMatch(detail);
}

test("the test client's access token is taken; its ID and refresh tokens are not", async () => {
  const tokens = await passwordGrant('incident-desk-cli', 'ivan');
  expect((await withBearer(tokens.access_token)).status).toBe(200);
  expect(decodeJwt(tokens.id_token).typ).toBe('ID');
  await expectRefused(tokens.id_token, /not an access token/);
  await expectRefused(tokens.refresh_token, /invalid access token/);
});

test('an access token Keycloak minted for another client of the realm is refused', async () => {
  await withForeignClient(async (mint) => {
    const token = await mint('ivan');
    expect(decodeJwt(token).iss).toBe(testEnv.OIDC_ISSUER);
    await expectRefused(token, /issued to client "foreign-app-/);
  });
});

test('a token signed by anyone but the realm, or with an unlisted algorithm, is refused', async () => {
  const genuine = decodeJwt((await passwordGrant('incident-desk-cli', 'admin')).access_token);
  const { privateKey } = await generateKeyPair('RS256');
  const forged = await new SignJWT(genuine).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
  await expectRefused(forged, /invalid access token/);
  const hmac = await new SignJWT(genuine).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(testEnv.OIDC_CLIENT_SECRET));
  await expectRefused(hmac, /invalid access token/);
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(genuine)).toString('base64url')}.`;
  await expectRefused(unsigned, /invalid access token/);
});

test('an expired access token is refused', async () => {
  // The realm mints 1-second tokens for this test only.
  const token = await withRealmSettings({ accessTokenLifespan: 1 }, async () => (await passwordGrant('incident-desk-cli', 'ivan')).access_token);
  const expiresMs = decodeJwt(token).exp! * 1000;
  await waitFor('the token to expire', async () => Date.now() > expiresMs + 1000, 10_000);
  await expectRefused(token, /"exp" claim timestamp check failed/);
});
