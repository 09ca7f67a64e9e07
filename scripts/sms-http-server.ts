// A stand-in for an HTTP SMS provider on the local stack and in tests: a real HTTP server speaking
// the documented JSON protocol of Infobip's SMS API (docs/sms.md), not a mock of our client.
//   POST /sms/2/text/advanced        send (Authorization: App <key>): messages[].destinations[]
//                                    {to, messageId}, text, notifyUrl; answers PENDING_ACCEPTED
//                                    and then posts the delivery report to notifyUrl
// Delivery reports and mobile-originated messages are posted as Infobip posts them ({results:
// [...]}), with the desk's shared secret in X-Sms-Callback-Secret; a report the desk does not
// answer 2xx is posted again (1 s, 2 s, 4 s), as a provider retries its webhooks. A messageId
// sent again is the same message: answered as before, not sent twice. A control API on the same
// port (127.0.0.1 only) lets tests see what was sent, make messages fail or the API answer 500,
// post reports again and send mobile-originated SMS. State lives in memory.
//   SMS_HTTP_PORT, SMS_HTTP_TOKEN, SMS_HTTP_CALLBACK_SECRET, SMS_HTTP_INBOUND_URL, SMS_HTTP_NUMBER
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const PORT = Number(process.env.SMS_HTTP_PORT ?? 2777);
const TOKEN = process.env.SMS_HTTP_TOKEN ?? '';
const SECRET = process.env.SMS_HTTP_CALLBACK_SECRET ?? '';
const INBOUND_URL = process.env.SMS_HTTP_INBOUND_URL ?? '';
/** The desk's number that mobile-originated messages are sent to. */
const NUMBER = process.env.SMS_HTTP_NUMBER ?? '79000000000';

interface Sent {
  messageId: string;
  bulkId: string;
  from: string;
  to: string;
  text: string;
  notifyUrl: string;
  at: string;
}
interface Rule {
  /** The report's status group: DELIVERED (default), UNDELIVERABLE, EXPIRED, REJECTED. */
  status?: string;
  /** Its error name, e.g. EC_ABSENT_SUBSCRIBER. */
  error?: string;
  /** How many sends to this number are answered 500 before it recovers. */
  failNext?: number;
}

const sent = new Map<string, Sent>(); // by messageId
const calls = new Map<string, number>(); // send calls per number, 500s included
const rules = new Map<string, Rule>();
const reports = new Map<string, unknown>(); // the last report per messageId

const digits = (n: string) => n.replace(/^\+/, '');
const STATUS: Record<string, { groupId: number; id: number; name: string; description: string }> = {
  DELIVERED: { groupId: 3, id: 5, name: 'DELIVERED_TO_HANDSET', description: 'Message delivered to handset' },
  UNDELIVERABLE: { groupId: 2, id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED', description: 'Message sent not delivered' },
  EXPIRED: { groupId: 4, id: 15, name: 'EXPIRED_EXPIRED', description: 'Message expired' },
  REJECTED: { groupId: 5, id: 6, name: 'REJECTED_NETWORK', description: 'Network is forbidden' },
};

async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sms-callback-secret': SECRET },
    body: JSON.stringify(body),
  }).catch(() => null);
  return res?.status ?? 0;
}

/** Posts a webhook, again after 1, 2 and 4 s while the desk does not answer 2xx. */
async function webhook(url: string, body: unknown): Promise<number> {
  let status = 0;
  for (const wait of [0, 1000, 2000, 4000]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    status = await post(url, body);
    if (status >= 200 && status < 300) break;
  }
  return status;
}

function report(message: Sent): unknown {
  const rule = rules.get(message.to) ?? {};
  const group = rule.status ?? 'DELIVERED';
  const status = STATUS[group] ?? STATUS.UNDELIVERABLE!;
  const ok = group === 'DELIVERED';
  return {
    results: [
      {
        bulkId: message.bulkId,
        messageId: message.messageId,
        to: message.to,
        sentAt: message.at,
        doneAt: new Date().toISOString(),
        smsCount: Math.max(1, Math.ceil([...message.text].length / 67)),
        price: { pricePerMessage: 0, currency: 'EUR' },
        status: { groupName: group, ...status },
        error: ok
          ? { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false }
          : { groupId: 1, groupName: 'HANDSET_ERRORS', id: 27, name: rule.error ?? 'EC_ABSENT_SUBSCRIBER', description: 'Absent Subscriber', permanent: false },
      },
    ],
  };
}

const read = (req: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => resolve(body));
  });

function serviceException(res: http.ServerResponse, status: number, messageId: string, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ requestError: { serviceException: { messageId, text } } }));
}

interface SendBody {
  messages?: { from?: string; destinations?: { to?: string; messageId?: string }[]; text?: string; notifyUrl?: string }[];
}

async function send(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.headers.authorization !== `App ${TOKEN}`) return serviceException(res, 401, 'UNAUTHORIZED', 'Invalid login details');
  let body: SendBody;
  try {
    body = JSON.parse(await read(req)) as SendBody;
  } catch {
    return serviceException(res, 400, 'BAD_REQUEST', 'Invalid JSON');
  }
  const messages = body.messages ?? [];
  const bad =
    messages.length === 0 || messages.some((m) => !m.text || !m.destinations?.length || m.destinations.some((d) => !d.to || !/^\d{7,15}$/.test(d.to)));
  if (bad) return serviceException(res, 400, 'BAD_REQUEST', 'messages[].destinations[].to and messages[].text are required');
  const bulkId = randomUUID();
  const answer: unknown[] = [];
  const fresh: Sent[] = [];
  for (const m of messages)
    for (const d of m.destinations!) {
      const to = d.to!;
      calls.set(to, (calls.get(to) ?? 0) + 1);
      const rule = rules.get(to);
      if (rule?.failNext) {
        rule.failNext--;
        return serviceException(res, 500, 'GENERAL_ERROR', 'Something went wrong. Please contact support.');
      }
      const messageId = d.messageId ?? randomUUID();
      if (!sent.has(messageId)) {
        const message: Sent = { messageId, bulkId, from: m.from ?? '', to, text: m.text!, notifyUrl: m.notifyUrl ?? '', at: new Date().toISOString() };
        sent.set(messageId, message);
        fresh.push(message);
      }
      answer.push({
        to,
        messageId,
        status: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
      });
    }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bulkId, messages: answer }));
  for (const message of fresh) {
    if (!message.notifyUrl) continue;
    const r = report(message);
    reports.set(message.messageId, r);
    void webhook(message.notifyUrl, r);
  }
}

async function control(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const reply = (status: number, payload: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  const body = req.method === 'GET' ? {} : (JSON.parse((await read(req)) || '{}') as Record<string, unknown>);
  if (req.method === 'GET' && url.pathname === '/control/health') return reply(200, { sent: sent.size });
  if (req.method === 'GET' && url.pathname === '/control/submitted') {
    const to = digits(url.searchParams.get('to') ?? '');
    return reply(200, { calls: calls.get(to) ?? 0, items: [...sent.values()].filter((s) => s.to === to) });
  }
  if (req.method === 'PUT' && url.pathname === '/control/rules') {
    rules.set(digits(String(body.to)), { status: body.status as string, error: body.error as string, failNext: Number(body.failNext ?? 0) });
    return reply(200, { ok: true });
  }
  if (req.method === 'POST' && url.pathname === '/control/receipts') {
    const message = sent.get(String(body.messageId));
    const r = reports.get(String(body.messageId));
    if (!message || !r) return reply(404, { error: 'no report for this messageId' });
    return reply(200, { status: await post(message.notifyUrl, r) });
  }
  if (req.method === 'POST' && url.pathname === '/control/mo') {
    const text = String(body.text ?? '');
    const mo = {
      results: [
        {
          messageId: String(body.messageId ?? randomUUID()),
          from: digits(String(body.from)),
          to: NUMBER,
          text,
          cleanText: text,
          keyword: '',
          receivedAt: new Date().toISOString().replace('Z', '+0000'),
          smsCount: 1,
          price: { pricePerMessage: 0, currency: 'EUR' },
          callbackData: null,
        },
      ],
      messageCount: 1,
      pendingMessageCount: 0,
    };
    const statuses: number[] = [];
    for (let i = 0; i < Number(body.times ?? 1); i++) statuses.push(await post(INBOUND_URL, mo));
    return reply(200, { messageId: mo.results[0]!.messageId, statuses });
  }
  return reply(404, { error: 'no such control call' });
}

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The server listens on 127.0.0.1 only: the control API is local, as the SMSC stand-in's.
    const handled = url.pathname.startsWith('/control/')
      ? control(req, res, url)
      : req.method === 'POST' && url.pathname === '/sms/2/text/advanced'
        ? send(req, res)
        : Promise.resolve(serviceException(res, 404, 'NOT_FOUND', 'Not found'));
    handled.catch((error: unknown) => serviceException(res, 500, 'GENERAL_ERROR', String(error)));
  })
  .listen(PORT, '127.0.0.1', () => console.log(`SMS HTTP provider stand-in on http://127.0.0.1:${PORT}`));
