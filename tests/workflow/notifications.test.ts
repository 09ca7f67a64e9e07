// Notifications over real SMTP to the test stack's mail server: the client and the agent get
// e-mails in their language; during a mail outage the process goes on, deliveries are retried
// by Temporal and arrive exactly once when the server is back; a server that refuses the
// recipient (451) a few times gets the message once after Temporal's retries; every attempt is
// on the incident's notification log.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { serviceRequestWorkflow } from '../../workflows/serviceRequest';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { testEnv } from '../support/env';
import { mailServer, mails, type Mail } from '../support/mail';
import { killProcess, startWorker, waitFor } from '../support/processes';
import { openTemporal } from '../support/temporal';
import { OLGA, roomAtOlga } from '../support/agentRoom';

const db = openDb();
roomAtOlga(db);
const CLIENT_EMAIL = 'office@romashka.example'; // client with phone +74951230001 (seed)

beforeAll(async () => {
  // Olga reads English; clients get Russian by default.
  await db.employee.update({ where: { id: OLGA }, data: { locale: 'en' } });
});
afterAll(async () => {
  mailServer('start');
  await db.employee.update({ where: { id: OLGA }, data: { locale: 'ru' } });
  await db.$disconnect();
});

/** A unique client with an e-mail address, as intake creates one for an unknown phone. */
const newClient = (locale: 'ru' | 'en') => {
  const tag = randomUUID().slice(0, 8);
  return { phone: `+7999${randomInt(1_000_000, 9_999_999)}`, name: `Client ${tag}`, email: `client-${tag}@mail-test.example`, locale };
};

const ref = (requestId: string) => requestId.slice(0, 8).toUpperCase();
const forRequest = (all: Mail[], requestId: string) => all.filter((m) => m.subject.includes(ref(requestId)));

async function assignedIncident(description: string) {
  const requestId = await fileRequest('olga', 'it-laptop', description);
  const incident = await waitFor('assigned incident', () => db.incident.findFirst({ where: { requestId, status: 'ASSIGNED' } }), 30000);
  if (incident.assigneeId !== OLGA) {
    await api('sergey', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'assign', assigneeId: OLGA });
  }
  return { requestId, incidentId: incident.id };
}

test('the client and the agent get e-mails in their own language', async () => {
  const { requestId, incidentId } = await assignedIncident('Mail test: screen flickers');
  // Status e-mails go out beside the process: "registered" and "assigned" arrive in either order.
  const registered = `Обращение ${ref(requestId)}: зарегистрирован`;
  const arrived = await waitFor('status and assignment e-mails', async () => {
    const mine = forRequest(await mails(), requestId);
    return mine.some((m) => m.to.includes(CLIENT_EMAIL) && m.subject === registered) && mine.some((m) => m.to.includes('olga')) ? mine : null;
  });
  const toClient = arrived.find((m) => m.to.includes(CLIENT_EMAIL) && m.subject === registered)!;
  expect(toClient.text).toContain('Mail test: screen flickers');
  const toAgent = arrived.find((m) => m.to.includes('olga'))!;
  expect(toAgent.subject).toBe(`Incident ${ref(requestId)} is assigned to you`);
  // The Message-ID is derived from the notification key: a retried delivery carries the same one.
  expect(toAgent.messageId).toBe(`<${createHash('sha256').update(toAgent.key).digest('hex').slice(0, 32)}@incident-desk>`);

  const log = await api('sergey', 'GET', `/api/incidents/${incidentId}/notifications`);
  expect(log.status).toBe(200);
  expect(log.body.items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ template: 'assigned', channel: 'email', outcome: 'sent', recipient: toAgent.to.match(/[\w.+-]+@[\w.-]+/)![0] }),
    ]),
  );
  // Someone outside the incident's scope does not see its log.
  expect((await api('maria', 'GET', `/api/incidents/${incidentId}/notifications`)).status).toBe(404);
});

test('a mail outage does not hold up the process; deliveries are retried and arrive once', async () => {
  const { requestId, incidentId } = await assignedIncident('Mail test: outage');
  await waitFor('assignment e-mail before the outage', async () => forRequest(await mails(), requestId).some((m) => m.to.includes('olga')));
  mailServer('stop');
  try {
    // The incident moves on while its e-mail cannot be sent.
    const moved = await api('olga', 'POST', `/api/incidents/${incidentId}/transitions`, { action: 'start' });
    expect(moved.status).toBe(200);
    expect(moved.body.incident.status).toBe('IN_PROGRESS');
    await waitFor(
      'a failed attempt on the log',
      async () =>
        ((await api('olga', 'GET', `/api/incidents/${incidentId}/notifications`)).body.items as { outcome: string }[]).some((a) => a.outcome === 'failed'),
      30000,
      500,
    );
  } finally {
    mailServer('start');
  }
  const inProgress = await waitFor(
    'the IN_PROGRESS e-mail after the outage',
    async () => {
      const found = forRequest(await mails(), requestId).filter((m) => m.subject.endsWith('в работе'));
      return found.length ? found : null;
    },
    90000,
    1000,
  );
  expect(inProgress).toHaveLength(1);
  const attempts = (await api('olga', 'GET', `/api/incidents/${incidentId}/notifications`)).body.items as { key: string; outcome: string }[];
  const key = inProgress[0]!.key;
  expect(attempts.filter((a) => a.key === key).map((a) => a.outcome)).toEqual(expect.arrayContaining(['failed', 'sent']));
  expect(attempts.filter((a) => a.key === key && a.outcome === 'sent')).toHaveLength(1);
  // Every key arrived at most once.
  const keys = forRequest(await mails(), requestId).map((m) => m.key);
  expect(new Set(keys).size).toBe(keys.length);
});

test('a client who reads English gets English e-mails', async () => {
  const client = newClient('en');
  const filed = await api(
    'olga',
    'POST',
    '/api/requests',
    {
      phone: client.phone,
      serviceCode: 'it-laptop',
      description: 'Mail test: English client',
      client: { name: client.name, email: client.email, locale: 'en' },
    },
    { 'Idempotency-Key': `mail-en-${randomUUID()}` },
  );
  expect(filed.status).toBe(201);
  const requestId = filed.body.request.id as string;
  // Status e-mails go out beside the process, so "registered" and "assigned" may arrive in either order.
  const toClient = await waitFor('the English status e-mail', async () =>
    forRequest(await mails(), requestId).find((m) => m.to.includes(client.email) && m.subject === `Request ${ref(requestId)}: registered`),
  );
  expect(toClient.text).toContain('Mail test: English client');
  // Through to the end (which also frees the agent for later tests): closed, in English too.
  const incident = await waitFor('assigned incident', () => db.incident.findFirst({ where: { requestId, status: 'ASSIGNED' } }), 30000);
  for (const step of [{ action: 'start' }, { action: 'resolve', comment: 'Replaced the cable' }, { action: 'close' }]) {
    expect((await api('olga', 'POST', `/api/incidents/${incident.id}/transitions`, step)).status).toBe(200);
  }
  const closed = await waitFor('the English closure e-mail', async () =>
    forRequest(await mails(), requestId).find((m) => m.to.includes(client.email) && m.key.startsWith('closure:')),
  );
  expect(closed.subject).toBe(`Request ${ref(requestId)} is closed`);
});

describe('an SMTP server that refuses the recipient with 451 at first', () => {
  const QUEUE = 'incident-desk-smtp-refusing';
  const REFUSE_FIRST = 3;
  const client = newClient('ru');
  const rcptAttempts = new Map<string, number>();
  const received: ParsedMail[] = [];
  let smtp: SMTPServer;
  let metricsPort: number;
  let temporal: Awaited<ReturnType<typeof openTemporal>>;
  let requestId: string;
  const started: string[] = [];

  /** A request row as intake writes it for a new client, and its workflow on the refusing worker's queue. */
  async function startOnRefusingWorker(who: { phone: string; name: string; email: string }, description: string): Promise<string> {
    const row = await db.client.create({ data: { phone: who.phone, name: who.name, email: who.email } });
    const service = await db.service.findUniqueOrThrow({ where: { code: 'it-laptop' } });
    const id = randomUUID();
    await db.serviceRequest.create({
      data: { id, workflowId: id, clientId: row.id, serviceId: service.id, channel: 'PHONE', description, createdById: OLGA },
    });
    await temporal.workflow.start(serviceRequestWorkflow, { workflowId: id, taskQueue: QUEUE, args: [{ requestId: id }] });
    started.push(id);
    return id;
  }

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, callback) {
        const n = (rcptAttempts.get(address.address) ?? 0) + 1;
        rcptAttempts.set(address.address, n);
        if (address.address.startsWith('nobody-')) return callback(Object.assign(new Error('5.1.1 no such mailbox here'), { responseCode: 550 }));
        if (address.address === client.email && n <= REFUSE_FIRST) {
          return callback(Object.assign(new Error(`4.2.1 mailbox busy, try again later (${n})`), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    smtp.on('error', () => undefined); // a client dropping its connection is not the test's failure
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    metricsPort = Number(testEnv.WORKER_METRICS_PORT) + 2;
    await startWorker('worker-smtp-refusing', {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
      TEMPORAL_TASK_QUEUE: QUEUE,
      WORKER_METRICS_PORT: String(metricsPort),
      TEMPORAL_SDK_METRICS_PORT: '', // the main worker holds the SDK metrics port
      SCHEDULES_ENABLED: 'false', // the digest schedules stay on the main queue
    });
    temporal = await openTemporal();
  });
  afterAll(async () => {
    // The processes end here (their incidents stay open in the tables: nothing closed them;
    // suites that need the agent free give her room, see tests/support/agentRoom.ts).
    for (const id of started) {
      await temporal.workflow
        .getHandle(id)
        .terminate('test over')
        .catch(() => undefined);
    }
    killProcess('worker-smtp-refusing');
    await temporal.connection.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  test('the delivery is retried by Temporal, arrives exactly once, and every attempt is on the log', async () => {
    requestId = await startOnRefusingWorker(client, 'Mail test: 451');
    const incident = await waitFor('incident', () => db.incident.findUnique({ where: { requestId } }), 30000);
    const key = `status:${incident.id}:0:NEW`;

    // The client hears of NEW and, after the auto-assignment, of ASSIGNED: the refusals fall on
    // the first of these attempts (NEW's first attempt is the very first).
    type Attempt = { key: string; outcome: string; channel: string; error: string | null; recipient: string };
    const clientAttempts = async () => {
      const log = await api('sergey', 'GET', `/api/incidents/${incident.id}/notifications`);
      expect(log.status).toBe(200);
      return (log.body.items as Attempt[]).filter((a) => a.recipient === client.email);
    };
    await waitFor(
      'every client e-mail through the refusals',
      async () => {
        const attempts = await clientAttempts();
        const keys = new Set(attempts.map((a) => a.key));
        return (
          keys.has(key) &&
          [...keys].every((k) => attempts.some((a) => a.key === k && a.outcome === 'sent')) &&
          attempts.filter((a) => a.outcome === 'failed').length >= REFUSE_FIRST
        );
      },
      60000,
      250,
    );
    await new Promise((r) => setTimeout(r, 3000)); // nothing more arrives meanwhile
    const attempts = await clientAttempts();
    const keys = [...new Set(attempts.map((a) => a.key))];
    expect(attempts.filter((a) => a.outcome === 'failed')).toHaveLength(REFUSE_FIRST);
    expect(attempts.every((a) => a.channel === 'email')).toBe(true);
    for (const a of attempts.filter((x) => x.outcome === 'failed')) expect(a.error).toMatch(/451/);
    for (const k of keys) {
      const outcomes = attempts.filter((a) => a.key === k).map((a) => a.outcome);
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
      expect(outcomes[outcomes.length - 1]).toBe('sent');
      expect(received.filter((m) => m.headers.get('x-incident-desk-key') === k)).toHaveLength(1);
    }
    expect(attempts.find((a) => a.key === key)?.outcome).toBe('failed');
    expect(rcptAttempts.get(client.email)).toBe(REFUSE_FIRST + keys.length);
    const delivered = received.find((m) => m.headers.get('x-incident-desk-key') === key)!;
    expect(delivered.subject).toBe(`Обращение ${ref(requestId)}: зарегистрирован`);

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const failed = metrics.match(/^incidentdesk_notifications_total\{[^}]*outcome="failed"[^}]*\} (\d+)/m);
    expect(Number(failed?.[1])).toBeGreaterThanOrEqual(REFUSE_FIRST);
  });

  test('a permanent refusal (550) is not retried: the message is marked undelivered on the incident and the process goes on', async () => {
    const nobody = { ...newClient('ru'), email: `nobody-${randomUUID().slice(0, 8)}@mail-test.example` };
    const id = await startOnRefusingWorker(nobody, 'Mail test: 550');
    const incident = await waitFor('assigned incident', () => db.incident.findFirst({ where: { requestId: id, status: 'ASSIGNED' } }), 30000);
    type Attempt = { key: string; outcome: string; error: string | null; recipient: string };
    const attempts = async () =>
      ((await api('sergey', 'GET', `/api/incidents/${incident.id}/notifications`)).body.items as Attempt[]).filter((a) => a.recipient === nobody.email);
    // The client hears of NEW and ASSIGNED: both messages are given up at their first attempt.
    await waitFor('both client messages given up', async () => (await attempts()).filter((a) => a.outcome === 'undelivered').length === 2, 30000, 250);
    await new Promise((r) => setTimeout(r, 3000)); // Temporal's retry would have come within 1-2 s
    const log = await attempts();
    expect(log.map((a) => a.outcome)).toEqual(['undelivered', 'undelivered']);
    for (const a of log) expect(a.error).toMatch(/550/);
    expect(rcptAttempts.get(nobody.email)).toBe(2);
    // Staff see it on the incident's timeline too.
    const timeline = await api('sergey', 'GET', `/api/incidents/${incident.id}/timeline`);
    expect(JSON.stringify(timeline.body)).toContain('undelivered');
  });
});
