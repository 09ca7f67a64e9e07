// Prints keycloak/realm.json with ${VAR} placeholders replaced from the environment,
// so client secrets and redirect URLs never live in the repository.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const template = readFileSync(fileURLToPath(new URL('../keycloak/realm.json', import.meta.url)), 'utf8');
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
const out = template.replace(/\$\{([A-Z_]+)\}/g, (_, name) => {
  const value = process.env[name] ?? defaults[name];
  if (value === undefined) throw new Error(`render-realm: ${name} is not set`);
  return value;
});
JSON.parse(out);
process.stdout.write(out);
