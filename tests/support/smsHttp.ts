// The HTTP SMS provider stand-in (scripts/sms-http-server.ts, Infobip's JSON protocol), started
// by a test as a process of its own, and a side worker whose SMS go to it (SMS_PROVIDER=http) on
// a task queue of its own. Its receipts and incoming SMS go to the suite's app, whose
// SMS_HTTP_CALLBACK_SECRET scripts/env.sh sets.
import { APP_URL } from './env';
import { killProcess, spawnScript, startWorker, unusedPort, waitFor } from './processes';

export const SMS_TOKEN = 'sms-http-test-key';

export interface HttpSent {
  messageId: string;
  to: string;
  from: string;
  text: string;
}

export interface SmsHttpProvider {
  url: string;
  submitted(to: string): Promise<{ calls: number; items: HttpSent[] }>;
  rule(to: string, rule: { status?: string; error?: string; failNext?: number }): Promise<void>;
  /** Posts a message's delivery report again: the app's HTTP status. */
  replayReceipt(messageId: string): Promise<number>;
  /** A mobile-originated SMS posted to the app `times` times: its id and the app's statuses. */
  mo(m: { from: string; text: string; messageId?: string; times?: number }): Promise<{ messageId: string; statuses: number[] }>;
  stop(): void;
}

export async function startSmsHttpProvider(name: string): Promise<SmsHttpProvider> {
  const port = await unusedPort();
  spawnScript(name, 'dist/scripts/sms-http-server.js', {
    SMS_HTTP_PORT: String(port),
    SMS_HTTP_TOKEN: SMS_TOKEN,
    SMS_HTTP_INBOUND_URL: `${APP_URL}/api/sms/http/inbound`,
  });
  const url = `http://127.0.0.1:${port}`;
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`SMS provider control ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  await waitFor('the SMS HTTP provider', async () => (await fetch(`${url}/control/health`).catch(() => null))?.ok === true, 30000);
  return {
    url,
    submitted: (to) => control('GET', `/submitted?to=${encodeURIComponent(to)}`),
    rule: async (to, rule) => void (await control('PUT', '/rules', { to, ...rule })),
    replayReceipt: async (messageId) => (await control<{ status: number }>('POST', '/receipts', { messageId })).status,
    mo: (m) => control('POST', '/mo', m),
    stop: () => killProcess(name),
  };
}

/** A side worker on `queue` whose SMS go to the HTTP provider at `url`. */
export async function startHttpSmsWorker(name: string, queue: string, url: string): Promise<void> {
  await startWorker(name, {
    SMS_PROVIDER: 'http',
    SMS_HTTP_URL: url,
    SMS_HTTP_TOKEN: SMS_TOKEN,
    SMPP_HOST: '',
    TEMPORAL_TASK_QUEUE: queue,
    WORKER_METRICS_PORT: String(await unusedPort()),
    TEMPORAL_SDK_METRICS_PORT: '', // the main worker holds the SDK metrics port
    SCHEDULES_ENABLED: 'false', // the digest schedules stay on the main queue
    IMAP_HOST: '', // the main worker reads the desk's mailboxes
  });
}
