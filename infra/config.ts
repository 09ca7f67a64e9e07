// Application configuration, read once from the environment (see .env.example).
import { z } from 'zod';
import { productionProblems } from './productionConfig';

const schema = z.object({
  DATABASE_URL: z.string().url(),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('incident-desk'),
  OIDC_ISSUER: z.string().url(),
  OIDC_CLIENT_ID: z.string().default('incident-desk-web'),
  OIDC_CLIENT_SECRET: z.string().min(1),
  SERVICE_CLIENT_ID: z.string().default('incident-desk-service'),
  SERVICE_CLIENT_SECRET: z.string().default(''),
  /**
   * Clients whose access tokens the API takes (the token's azp), comma-separated; empty: the web
   * and the service client only. Local profiles add the password-grant test client.
   */
  OIDC_ALLOWED_CLIENTS: z.string().default(''),
  /** Signature algorithms a token may use, comma-separated; the realm signs with RS256. */
  OIDC_TOKEN_ALGORITHMS: z.string().default('RS256'),
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'),
  SESSION_SECRET: z.string().min(16),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** A session without a request for this long is over (beside the absolute SESSION_TTL_HOURS). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  /** How often a session (and its live stream) asks Keycloak again: roles, department, account enabled. */
  SESSION_RECHECK_MINUTES: z.coerce.number().positive().default(5),
  APP_PORT: z.coerce.number().int().positive().default(3000),
  APP_HOST: z.string().default('127.0.0.1'),
  /** The app's internal port: /metrics and the detailed /health, for monitoring only (never published). */
  APP_METRICS_PORT: z.coerce.number().int().positive().default(9463),
  WORKER_METRICS_PORT: z.coerce.number().int().positive().default(9464),
  /** Port of the Temporal SDK's own Prometheus metrics in the worker; empty: not exported. */
  TEMPORAL_SDK_METRICS_PORT: z.string().regex(/^\d*$/).default('9474'),
  CLICKHOUSE_URL: z.string().default(''),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('incident_desk'),
  CHDB_PATH: z.string().default('.data/dev/chdb'),
  ANALYTICS_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  /** At most one rollup refresh per this many ms, for every batch shipped meanwhile (analytics/rollupRefresher.ts). */
  ANALYTICS_ROLLUP_REFRESH_MS: z.coerce.number().int().positive().default(2000),
  ORDER_PROVIDER: z.enum(['builtin', 'http']).default('builtin'),
  ORDER_HTTP_URL: z.string().default(''),
  /** Milliseconds one call to the outside order system may take (docs/order-system.md). */
  ORDER_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  ASSIGN_RETRY_SECONDS: z.coerce.number().positive().default(300),
  SMTP_HOST: z.string().default(''),
  SMTP_PORT: z.coerce.number().int().positive().default(25),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMTP_USER: z.string().default(''),
  SMTP_PASSWORD: z.string().default(''),
  SMTP_FROM: z.string().default('Incident Desk <no-reply@incident-desk.local>'),
  /** The desk's inbound mail (domain/intake/mailboxReader.ts), read by the main worker; empty IMAP_HOST: off. */
  IMAP_HOST: z.string().default(''),
  IMAP_PORT: z.coerce.number().int().positive().default(993),
  IMAP_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** The password of the mailboxes (each mailbox's address is its login). */
  IMAP_PASSWORD: z.string().default(''),
  /** The mailboxes read and the service each files new requests under: "address=serviceCode,address=serviceCode". */
  MAIL_INBOXES: z
    .string()
    .default('')
    .transform((v, ctx) =>
      v
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
          const [address = '', serviceCode = ''] = part.split('=').map((x) => x.trim());
          if (!address.includes('@') || !serviceCode) ctx.addIssue({ code: 'custom', message: `"${part}" is not address=serviceCode` });
          return { address: address.toLowerCase(), serviceCode };
        }),
    ),
  /**
   * The live chat's e-mail address (docs/chat.md "Channels: e-mail"): mail to it opens a chat
   * conversation instead of a request; the main worker reads its mailbox (IMAP_*, the same
   * password) and answers over SMTP. Empty: no chat by mail.
   */
  CHAT_EMAIL_ADDRESS: z
    .string()
    .trim()
    .toLowerCase()
    .default('')
    .refine((v) => v === '' || /^[^@\s]+@[^@\s]+$/.test(v), 'must be an e-mail address'),
  /** Seconds between the passes over the mailboxes (IDLE brings new mail sooner where the server offers it). */
  MAIL_POLL_SECONDS: z.coerce.number().positive().default(30),
  /** Messages one sender may send in an hour; the rest are ignored as a probable mail loop. */
  MAIL_SENDER_RATE_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /**
   * SMS (docs/sms.md): smpp, an operator's SMSC (SMPP_HOST empty: phone recipients go to the
   * log); http, a provider's JSON API (SMS_HTTP_URL, Infobip's protocol).
   */
  SMS_PROVIDER: z.enum(['smpp', 'http']).default('smpp'),
  SMPP_HOST: z.string().default(''),
  SMPP_PORT: z.coerce.number().int().positive().default(2775),
  SMPP_SYSTEM_ID: z.string().default(''),
  SMPP_PASSWORD: z.string().default(''),
  /** The sender of the desk's SMS: a number (E.164) or an alphanumeric name the operator registered. */
  SMS_SOURCE_ADDR: z.string().default('IncidentDsk'),
  /** The service that new requests filed by SMS go under. */
  SMS_INBOUND_SERVICE: z.string().default('it-laptop'),
  /** The HTTP provider's API root (SMS_PROVIDER=http); empty: phone recipients go to the log. */
  SMS_HTTP_URL: z.string().default(''),
  /** Its API key, sent as `Authorization: App <key>`. */
  SMS_HTTP_TOKEN: z.string().default(''),
  /** The shared secret the provider sends in X-Sms-Callback-Secret with receipts and incoming SMS; empty: the callbacks accept nothing. */
  SMS_HTTP_CALLBACK_SECRET: z.string().default(''),
  /** Whether this worker creates and updates the digest schedules at start-up (side workers on other queues: false). */
  SCHEDULES_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Local time (HH:MM, in each employee's time zone) of the agents' morning digest. */
  DIGEST_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
    .default('09:00'),
  /** Local time (HH:MM) of the supervisors' daily SLA summary. */
  SLA_SUMMARY_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
    .default('09:00'),
  /** Folder of attached files (created if missing) and the size limit of one file. */
  ATTACHMENTS_DIR: z.string().default('.data/dev/attachments'),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(10 * 1024 * 1024),
  /** What one incident may hold in all (files and bytes); over it an upload is refused (409 / 413). 100 MiB: ten files at the size limit. */
  ATTACHMENT_QUOTA_FILES: z.coerce.number().int().min(1).default(50),
  ATTACHMENT_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(100 * 1024 * 1024),
  /**
   * Rate limits (api/rateLimits.ts), requests a minute per client IP and per signed-in person;
   * 0: none. Sign-in counts /auth/login and /auth/callback (two per sign-in), intake the three
   * filing endpoints, upload the attachment upload, export the CSV downloads.
   */
  RATE_LIMIT_SIGN_IN_PER_IP: z.coerce.number().int().min(0).default(60),
  RATE_LIMIT_INTAKE_PER_PERSON: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_INTAKE_PER_IP: z.coerce.number().int().min(0).default(300),
  RATE_LIMIT_UPLOAD_PER_PERSON: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_UPLOAD_PER_IP: z.coerce.number().int().min(0).default(300),
  RATE_LIMIT_EXPORT_PER_PERSON: z.coerce.number().int().min(0).default(10),
  RATE_LIMIT_EXPORT_PER_IP: z.coerce.number().int().min(0).default(60),
  /** Live-update streams one person may hold open at once (browser tabs on the board). */
  LIVE_STREAMS_PER_PERSON: z.coerce.number().int().min(1).default(5),
  /** Who confirms self-registered people on first sign-in: the built-in allow-list table, or an HR system over HTTP. */
  HR_DIRECTORY: z.enum(['allow-list', 'http']).default('allow-list'),
  HR_DIRECTORY_URL: z.string().default(''),
  HR_DIRECTORY_TOKEN: z.string().default(''),
  /**
   * The main worker runs the sync's workflows with RT and Redmine (docs/sync.md) for the
   * connectors configured (RT_URL, REDMINE_URL); off by default, as the systems are optional.
   */
  SYNC_ENABLED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Seconds between two inbound polls (and two outbound passes that found nothing) of a system. */
  SYNC_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(3),
  /** Minutes between mirrors of every Keycloak user into the employee table by the main worker; 0: off. */
  EMPLOYEE_SYNC_MINUTES: z.coerce.number().int().min(0).default(60),
  /** The reconciler (domain/requests/reconciler.ts): a request NEW this many seconds after filing has its workflow started if it has none. */
  RECONCILE_AFTER_SECONDS: z.coerce.number().int().positive().default(60),
  /** Seconds between the main worker's housekeeping passes (the reconciler, key expiry); 0: off. */
  HOUSEKEEPING_EVERY_SECONDS: z.coerce.number().int().min(0).default(30),
  /** Hours an Idempotency-Key is honoured; then it is forgotten and may file anew. */
  IDEMPOTENCY_KEY_HOURS: z.coerce.number().positive().default(24),
  /** Shared secret the PBX sends in X-Telephony-Secret with every call event (POST /api/telephony/events); empty: the webhook accepts nothing. */
  TELEPHONY_WEBHOOK_SECRET: z.string().default(''),
  /** The host product's secret for signed chat visitors (JWT HS256); empty: anonymous visitors only (docs/chat.md). */
  CHAT_HOST_SECRET: z.string().default(''),
  /** Messages one visitor may send a minute: a person types a few; 30 leaves room for pasted lines and stops a script. */
  CHAT_FLOOD_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** The longest chat message in characters: 4000 is two screens of text; longer belongs in a file. */
  CHAT_MESSAGE_MAX_CHARS: z.coerce.number().int().min(1).max(100_000).default(4000),
  /**
   * Days a visitor token lives: the widget keeps an anonymous visitor's token in the browser, so
   * this is how long they find their conversations again; 30 days covers a month's follow-up.
   * Past it the widget starts a new visitor. A token that never expired was a key for ever.
   */
  CHAT_VISITOR_TOKEN_DAYS: z.coerce.number().positive().max(365).default(30),
  /** Asterisk AMI (domain/telephony/ami): host of the PBX's manager interface; empty: no connector. */
  AMI_HOST: z.string().default(''),
  AMI_PORT: z.coerce.number().int().positive().default(5038),
  AMI_USER: z.string().default(''),
  AMI_SECRET: z.string().default(''),
  /** The enterprise bus (docs/bus.md), run by the main worker: RabbitMQ's AMQP URL; empty: off. */
  AMQP_URL: z.string().default(''),
  /** The queue other systems send request intake messages to (incident-desk.request.v1). */
  AMQP_INTAKE_QUEUE: z.string().min(1).default('incident-desk.requests'),
  /** The topic exchange lifecycle events are published to, routing key = event type (incident-desk.event.v1). */
  AMQP_EVENTS_EXCHANGE: z.string().min(1).default('incident-desk.events'),
  /** The dead-letter exchange (its queue: AMQP_INTAKE_QUEUE + ".dead"): messages the desk cannot take, with the reason. */
  AMQP_DEAD_LETTER_EXCHANGE: z.string().min(1).default('incident-desk.dead-letter'),
  /** Deliveries of a message failing for a passing cause (database, Temporal) before it is dead-lettered. */
  AMQP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  /** The first redelivery's delay; each further one waits four times longer (1 s, 4 s, 16 s, 64 s). */
  AMQP_RETRY_BASE_MS: z.coerce.number().int().min(10).default(1000),
  /** How often the worker publishes new outbox events to the bus (sooner while a backlog lasts). */
  AMQP_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(500),
  /** Unacknowledged intake messages the worker holds at once. */
  AMQP_PREFETCH: z.coerce.number().int().min(1).default(16),
  WEB_BUILD_DIR: z.string().default('web/build'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** The Telegram bot (domain/telegram, docs/telegram.md); empty: no bot. */
  TELEGRAM_BOT_TOKEN: z.string().default(''),
  /** The Bot API's root (no trailing slash): Telegram's, a self-hosted Bot API server, or the local stand-in. */
  TELEGRAM_API_ROOT: z
    .string()
    .url()
    .default('https://api.telegram.org')
    .transform((v) => v.replace(/\/+$/, '')),
  /** The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token with every webhook call (1-256 of A-Z a-z 0-9 _ -). */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,256}$/)
    .default(''),
  /** webhook: Telegram POSTs updates to PUBLIC_URL/api/telegram/webhook; polling: the app asks with getUpdates (no public URL needed). */
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached && env === process.env) return cached;
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (env.NODE_ENV === 'production') {
    const problems = productionProblems(parsed.data);
    if (problems.length) throw new Error(`Refusing to start in production: ${problems.join('; ')}`);
  }
  if (env === process.env) cached = parsed.data;
  return parsed.data;
}
