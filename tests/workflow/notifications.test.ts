// Notifications over real SMTP to the test stack's mail server: the client and the agent get
// e-mails in their language; during a mail outage the process goes on, deliveries are retried
// by Temporal and arrive exactly once when the server is back; every attempt is on the
// incident's notification log.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { mailServer, mails, type Mail } from '../support/mail';
import { waitFor } from '../support/processes';

const db = openDb();
const OLGA = '00000000-0000-4000-8000-000000000012';
const CLIENT_EMAIL = 'office@romashka.example'; // client with phone +74951230001 (seed)

beforeAll(async () => {
  // Olga reads English; clients get Russian by default. Earlier tests leave incidents open
  // with her: room for these.
  await db.employee.update({ where: { id: OLGA }, data: { locale: 'en', capacity: 1000 } });
});
afterAll(async () => {
  mailServer('start');
  await db.employee.update({ where: { id: OLGA }, data: { locale: 'ru', capacity: 10 } });
  await db.$disconnect();
});

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
  const arrived = await waitFor('status and assignment e-mails', async () => {
    const mine = forRequest(await mails(), requestId);
    return mine.some((m) => m.to.includes(CLIENT_EMAIL)) && mine.some((m) => m.to.includes('olga')) ? mine : null;
  });
  const toClient = arrived.find((m) => m.to.includes(CLIENT_EMAIL))!;
  expect(toClient.subject).toBe(`Обращение ${ref(requestId)}: зарегистрирован`);
  expect(toClient.text).toContain('Mail test: screen flickers');
  const toAgent = arrived.find((m) => m.to.includes('olga'))!;
  expect(toAgent.subject).toBe(`Incident ${ref(requestId)} is assigned to you`);
  expect(toAgent.messageId).toMatch(/^<[0-9a-f]{32}@incident-desk>$/);

  const log = await api('sergey', 'GET', `/api/incidents/${incidentId}/notifications`);
  expect(log.status).toBe(200);
  expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ template: 'assigned', channel: 'email', outcome: 'sent', recipient: toAgent.to.match(/[\w.+-]+@[\w.-]+/)![0] })]));
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
      async () => ((await api('olga', 'GET', `/api/incidents/${incidentId}/notifications`)).body.items as { outcome: string }[]).some((a) => a.outcome === 'failed'),
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
