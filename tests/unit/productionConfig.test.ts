// A production start (NODE_ENV=production, as the Docker image runs) refuses the example's
// placeholder secrets, short secrets and a non-https public URL, naming each setting; the same
// settings start a development machine, and fit ones start production.
import { loadConfig } from '../../infra/config';

const strong = (c: string) => c.repeat(40);
const fit: NodeJS.ProcessEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: `postgresql://incidentdesk:${strong('p')}@postgres:5432/incidentdesk`,
  OIDC_ISSUER: 'https://sso.example.com/realms/incident-desk',
  OIDC_CLIENT_SECRET: strong('w'),
  SERVICE_CLIENT_SECRET: strong('s'),
  SESSION_SECRET: strong('k'),
  PUBLIC_URL: 'https://desk.example.com',
};
const refusal = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

test('fit settings start production', () => {
  expect(refusal(fit)).toBeNull();
});

test("the example's placeholders are refused, each by its name", () => {
  const message = refusal({
    ...fit,
    DATABASE_URL: 'postgresql://incidentdesk:change-me-postgres@postgres:5432/incidentdesk',
    OIDC_CLIENT_SECRET: 'change-me-web-client',
    SERVICE_CLIENT_SECRET: 'change-me-service-client',
    SESSION_SECRET: 'change-me-session-secret-at-least-16',
    CLICKHOUSE_URL: 'http://clickhouse:8123',
    CLICKHOUSE_PASSWORD: 'change-me-clickhouse',
  });
  expect(message).toMatch(/^Refusing to start in production/);
  for (const name of ['DATABASE_URL (password)', 'OIDC_CLIENT_SECRET', 'SERVICE_CLIENT_SECRET', 'SESSION_SECRET', 'CLICKHOUSE_PASSWORD'])
    expect(message).toContain(`${name}: still the example's placeholder`);
});

test('a short secret is refused by its name', () => {
  expect(refusal({ ...fit, SMTP_USER: 'desk', SMTP_PASSWORD: 'short' })).toContain('SMTP_PASSWORD: shorter than 16 characters');
  expect(refusal({ ...fit, HR_DIRECTORY: 'http', HR_DIRECTORY_URL: 'https://hr.example.com', HR_DIRECTORY_TOKEN: '' })).toContain('HR_DIRECTORY_TOKEN');
  // A Telegram bot in webhook mode needs its secret token; polling has none to check.
  const bot = { ...fit, TELEGRAM_BOT_TOKEN: '123:abcdefghijklmnop' };
  expect(refusal({ ...bot, TELEGRAM_WEBHOOK_SECRET: 'short' })).toContain('TELEGRAM_WEBHOOK_SECRET: shorter than 16 characters');
  expect(refusal({ ...bot, TELEGRAM_WEBHOOK_SECRET: strong('t') })).toBeNull();
  expect(refusal({ ...bot, TELEGRAM_MODE: 'polling' })).toBeNull();
});

test('a public URL without TLS is refused, except on the machine itself', () => {
  expect(refusal({ ...fit, PUBLIC_URL: 'http://desk.example.com' })).toContain('PUBLIC_URL: http://desk.example.com is not https');
  expect(refusal({ ...fit, PUBLIC_URL: 'http://localhost:3000' })).toBeNull();
  expect(refusal({ ...fit, PUBLIC_URL: 'http://127.0.0.1:3000' })).toBeNull();
});

test('outside production the same placeholders start a development machine', () => {
  expect(refusal({ ...fit, NODE_ENV: 'development', OIDC_CLIENT_SECRET: 'dev-web-secret-change-me', PUBLIC_URL: 'http://desk.example.com' })).toBeNull();
});
