// The realm docker-compose imports (keycloak/realm.json) is fit for production: no demo users,
// no client that takes passwords directly, brute-force detection on, e-mails verified and not
// editable by their owner. The demo users and the password-grant test client live only in
// keycloak/realm.dev.json, which the local dev/test stack adds (scripts/render-realm.mjs --dev):
// the whole suite signs in through them. The live checks run on the test stack's Keycloak,
// which imports the same realm plus that overlay.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { randomUUID } from 'node:crypto';
import { ROOT } from '../support/env';
import { keycloakUser, passwordAttempt, registerInKeycloak, updateOwnAccount } from '../support/keycloak';

interface Realm {
  users?: { username: string; credentials?: unknown[]; serviceAccountClientId?: string }[];
  clients: { clientId: string; directAccessGrantsEnabled?: boolean; publicClient?: boolean }[];
  bruteForceProtected?: boolean;
  failureFactor?: number;
  permanentLockout?: boolean;
  verifyEmail?: boolean;
  editUsernameAllowed?: boolean;
  registrationEmailAsUsername?: boolean;
  requiredActions?: { alias: string; enabled: boolean }[];
  components: Record<string, { config: Record<string, string[]> }[]>;
}

const render = (...args: string[]) => JSON.parse(execFileSync('node', ['scripts/render-realm.mjs', ...args], { cwd: ROOT }).toString()) as Realm;
const production = render();

test('docker-compose imports keycloak/realm.json, and the local stack renders it with the dev overlay', () => {
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: { keycloak: { volumes: string[] } } };
  expect(compose.services.keycloak.volumes).toEqual(['./keycloak/realm.json:/opt/keycloak/data/import/incident-desk-realm.json:ro']);
  expect(fs.readFileSync(path.join(ROOT, 'scripts/stack.sh'), 'utf8')).toContain('render-realm.mjs" --dev');
});

test('the production realm has no people with passwords, only the service account', () => {
  expect((production.users ?? []).map((u) => u.username)).toEqual(['service-account-incident-desk-service']);
  expect((production.users ?? []).filter((u) => u.credentials?.length)).toEqual([]);
});

test('no production client signs people in by password (direct access grants), and none is public', () => {
  expect(production.clients.map((c) => c.clientId).sort()).toEqual(['incident-desk-service', 'incident-desk-web']);
  for (const client of production.clients) {
    expect({ client: client.clientId, directAccessGrantsEnabled: client.directAccessGrantsEnabled }).toEqual({
      client: client.clientId,
      directAccessGrantsEnabled: false,
    });
    expect(client.publicClient).toBe(false);
  }
});

test('brute-force detection is on: 5 failures lock an account for 1 to 15 minutes, never for good', () => {
  expect(production).toMatchObject({
    bruteForceProtected: true,
    failureFactor: 5,
    permanentLockout: false,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
  });
});

test('e-mails are verified and their owner cannot change them (update-email feature, its action disabled); usernames are fixed', () => {
  expect(production.verifyEmail).toBe(true);
  expect(production.editUsernameAllowed).toBe(false);
  expect(production.registrationEmailAsUsername ?? false).toBe(false); // else the e-mail would follow username rules
  expect((production.requiredActions ?? []).find((a) => a.alias === 'UPDATE_EMAIL')).toMatchObject({ enabled: false });
  expect((production.requiredActions ?? []).find((a) => a.alias === 'VERIFY_EMAIL')).toMatchObject({ enabled: true });
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: { keycloak: { environment: Record<string, string> } } };
  expect(compose.services.keycloak.environment.KC_FEATURES).toContain('update-email');
  expect(fs.readFileSync(path.join(ROOT, 'scripts/stack.sh'), 'utf8')).toContain('--features=update-email');
});

test('the running realm refuses an owner changing their e-mail in the account API, and locks after 5 wrong passwords', async () => {
  const username = `own-${randomUUID().slice(0, 8)}`;
  await registerInKeycloak(username, `${username}@example.test`);
  const change = await updateOwnAccount(username, { email: `${username}-moved@example.test` });
  expect(change.status).toBe(400);
  expect(change.body).toMatchObject({ field: 'email', errorMessage: 'error-user-attribute-read-only' });
  expect((await keycloakUser(username)).email).toBe(`${username}@example.test`);
  for (let i = 0; i < 5; i++) expect((await passwordAttempt(username, 'wrong')).status).toBe(401);
  // The right password now fails too (Keycloak does not tell an attacker that it is a lock).
  expect(await passwordAttempt(username, 'demo')).toEqual({ status: 401, body: { error: 'invalid_grant', error_description: 'Invalid user credentials' } });
});

test('the dev overlay only adds the demo users and the password-grant test client', () => {
  const dev = render('--dev');
  expect(dev.clients.map((c) => c.clientId).sort()).toEqual(['incident-desk-cli', 'incident-desk-service', 'incident-desk-web']);
  expect(dev.users!.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'sergey', 'ivan', 'service-account-incident-desk-service']));
  expect({ ...dev, clients: undefined, users: undefined }).toEqual({ ...production, clients: undefined, users: undefined });
});
