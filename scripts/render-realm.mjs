// Prints the realm Keycloak imports, with ${VAR} placeholders replaced from the environment so
// client secrets and redirect URLs never live in the repository.
//   node scripts/render-realm.mjs          keycloak/realm.json: the production realm (what
//                                          docker-compose imports: no demo users, no password grant)
//   node scripts/render-realm.mjs --dev    the same plus keycloak/realm.dev.json: the demo users and
//                                          the password-grant client incident-desk-cli that tests,
//                                          the seed and the benchmark sign in with (dev/test stacks only)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const read = (name) => readFileSync(fileURLToPath(new URL(`../keycloak/${name}`, import.meta.url)), 'utf8');
const defaults = {
  PUBLIC_URL: 'http://127.0.0.1:3000',
  OIDC_CLIENT_SECRET: 'dev-web-secret-change-me',
  SERVICE_CLIENT_SECRET: 'dev-service-secret-change-me',
  DEMO_PASSWORD: 'demo',
  // Keycloak mails the link that verifies a newcomer's e-mail (the desk admits verified
  // addresses only): through the same mail server as the desk's notifications.
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '2525',
  KEYCLOAK_MAIL_FROM: 'keycloak@demo.incident-desk.local',
};
const render = (template) =>
  JSON.parse(
    template.replace(/\$\{([A-Z_]+)\}/g, (_, name) => {
      const value = process.env[name] ?? defaults[name];
      if (value === undefined) throw new Error(`render-realm: ${name} is not set`);
      return value;
    }),
  );

const realm = render(read('realm.json'));
if (process.argv.includes('--dev')) {
  // The overlay only adds: its clients and users join the production ones.
  const dev = render(read('realm.dev.json'));
  realm.clients = [...realm.clients, ...dev.clients];
  realm.users = [...dev.users, ...realm.users];
}
process.stdout.write(JSON.stringify(realm, null, 2));
