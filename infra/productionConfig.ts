// What a production start refuses (NODE_ENV=production, as the Docker image sets it): a secret
// left as the example's placeholder or too short to resist guessing, and a public URL browsers
// would reach without TLS. Each problem names its setting, so an operator knows what to change.

/** The settings a production start checks (a part of infra/config.ts's Config). */
export interface ProductionSettings {
  OIDC_CLIENT_SECRET: string;
  SESSION_SECRET: string;
  DATABASE_URL: string;
  SERVICE_CLIENT_SECRET: string;
  CLICKHOUSE_URL: string;
  CLICKHOUSE_PASSWORD: string;
  SMTP_USER: string;
  SMTP_PASSWORD: string;
  HR_DIRECTORY: string;
  HR_DIRECTORY_TOKEN: string;
  PUBLIC_URL: string;
  TELEPHONY_WEBHOOK_SECRET?: string;
  SMS_PROVIDER?: string;
  SMS_HTTP_CALLBACK_SECRET?: string;
  AMI_HOST?: string;
  AMI_SECRET?: string;
  TELEGRAM_BOT_TOKEN?: string;
  TELEGRAM_MODE?: string;
  TELEGRAM_WEBHOOK_SECRET?: string;
}

/** The shortest secret accepted: 16 characters, the floor SESSION_SECRET always had (openssl rand -hex 32 gives 64). */
export const MIN_SECRET_LENGTH = 16;
// .env.example and scripts/env.sh mark every example secret with "change me".
const PLACEHOLDER = /change-?me/i;
// Browsers treat loopback as a secure context, so a trial on one machine may stay on http.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function secretProblem(name: string, value: string): string | null {
  if (PLACEHOLDER.test(value)) return `${name}: still the example's placeholder; generate one (openssl rand -hex 32)`;
  if (value.length < MIN_SECRET_LENGTH) return `${name}: shorter than ${MIN_SECRET_LENGTH} characters`;
  return null;
}

/** The problems that keep a production start from going on; none when the settings are fit. */
export function productionProblems(config: ProductionSettings): string[] {
  const secrets: [string, string][] = [
    ['OIDC_CLIENT_SECRET', config.OIDC_CLIENT_SECRET],
    ['SESSION_SECRET', config.SESSION_SECRET],
    ['DATABASE_URL (password)', decodeURIComponent(new URL(config.DATABASE_URL).password)],
  ];
  // Optional parts are checked when they are in use.
  if (config.SERVICE_CLIENT_SECRET) secrets.push(['SERVICE_CLIENT_SECRET', config.SERVICE_CLIENT_SECRET]);
  if (config.CLICKHOUSE_URL) secrets.push(['CLICKHOUSE_PASSWORD', config.CLICKHOUSE_PASSWORD]);
  if (config.SMTP_USER) secrets.push(['SMTP_PASSWORD', config.SMTP_PASSWORD]);
  if (config.HR_DIRECTORY === 'http') secrets.push(['HR_DIRECTORY_TOKEN', config.HR_DIRECTORY_TOKEN]);
  if (config.TELEPHONY_WEBHOOK_SECRET) secrets.push(['TELEPHONY_WEBHOOK_SECRET', config.TELEPHONY_WEBHOOK_SECRET]);
  if (config.SMS_PROVIDER === 'http') secrets.push(['SMS_HTTP_CALLBACK_SECRET', config.SMS_HTTP_CALLBACK_SECRET ?? '']);
  if (config.AMI_HOST) secrets.push(['AMI_SECRET', config.AMI_SECRET ?? '']);
  if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_MODE !== 'polling') secrets.push(['TELEGRAM_WEBHOOK_SECRET', config.TELEGRAM_WEBHOOK_SECRET ?? '']);
  const problems = secrets.map(([name, value]) => secretProblem(name, value)).filter((p): p is string => p !== null);
  const url = new URL(config.PUBLIC_URL);
  if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname))
    problems.push(`PUBLIC_URL: ${config.PUBLIC_URL} is not https; sessions and tokens would cross the network in clear text`);
  return problems;
}
