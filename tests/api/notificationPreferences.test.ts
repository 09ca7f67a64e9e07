// Notification preferences (domain/notifications/preferences.ts) against the real stack: a
// client's chosen channel carries their status messages; during their quiet hours an SMS gives
// way to e-mail, and with no silent channel it waits (the log says "deferred", nothing is sent);
// everyone's own settings (language, time zone, signature, channels, quiet hours) are validated
// field by field and only their own; a signature signs the public comments mailed to clients.
import { randomInt, randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { mails } from '../support/mail';
import { waitFor } from '../support/processes';
import { OLGA, roomAtOlga } from '../support/agentRoom';

const db = openDb();
roomAtOlga(db);
afterAll(async () => {
  await db.employee.update({ where: { id: OLGA }, data: { signature: '', notifyChannels: [], quietHoursStart: null, quietHoursEnd: null } });
  await db.$disconnect();
});

type Attempt = { key: string; template: string; channel: string; outcome: string; recipient: string; error: string | null };

/** Quiet hours around now in UTC: from an hour ago to an hour ahead. */
function quietAroundNow() {
  const now = new Date();
  const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
  const hhmm = (m: number) => `${String(Math.floor(((m + 1440) % 1440) / 60)).padStart(2, '0')}:${String((m + 1440) % 60).padStart(2, '0')}`;
  return { start: hhmm(minute - 60), end: hhmm(minute + 60) };
}

async function newClient(contacts: { email?: string }, notifications: object) {
  const phone = `+7998${randomInt(1_000_000, 9_999_999)}`;
  const created = await api('olga', 'POST', '/api/clients', {
    name: `Prefs ${randomUUID().slice(0, 6)}`,
    phones: [{ phone }],
    ...(contacts.email ? { emails: [{ email: contacts.email }] } : {}),
    timezone: 'UTC',
    notifications,
  });
  expect(created.status).toBe(201);
  return { id: created.body.client.id as string, phone, view: created.body.client };
}

/** Files a request for the phone; the "registered" status message's attempts once they are logged. */
async function registeredAttempts(phone: string, want: (a: Attempt[]) => boolean) {
  const filed = await api(
    'olga',
    'POST',
    '/api/requests',
    { phone, serviceCode: 'it-laptop', description: 'Preferences test' },
    { 'Idempotency-Key': randomUUID() },
  );
  expect(filed.status).toBe(201);
  const incident = await waitFor('the incident', () => db.incident.findFirst({ where: { requestId: filed.body.request.id } }), 30000);
  const attempts = await waitFor('the registered message on the log', async () => {
    const items = (await api('olga', 'GET', `/api/incidents/${incident.id}/notifications`)).body.items as Attempt[];
    const mine = items.filter((a) => a.key.endsWith(':NEW'));
    return want(mine) ? mine : null;
  });
  return { incidentId: incident.id, attempts };
}

test("a client's preferred channel carries their status messages", async () => {
  const email = `prefs-${randomUUID().slice(0, 8)}@mail-test.example`;
  const client = await newClient({ email }, { channels: ['phone', 'email'], quietHours: null });
  expect(client.view.notifications).toEqual({ channels: ['phone', 'email'], quietHours: null });
  const { attempts } = await registeredAttempts(client.phone, (a) => a.some((x) => x.outcome === 'sent'));
  // The phone first, though the client has an e-mail (without their choice it would be the e-mail).
  expect(attempts.find((a) => a.outcome === 'sent')!.recipient).toBe(client.phone);
});

test('in quiet hours an SMS gives way to e-mail; with no e-mail it waits, and nothing is sent', async () => {
  const quietHours = quietAroundNow();
  const email = `quiet-${randomUUID().slice(0, 8)}@mail-test.example`;
  const withEmail = await newClient({ email }, { channels: ['phone'], quietHours });
  const silent = await registeredAttempts(withEmail.phone, (a) => a.some((x) => x.outcome === 'sent'));
  expect(silent.attempts.find((a) => a.outcome === 'sent')).toMatchObject({ recipient: email, channel: 'email' });

  const phoneOnly = await newClient({}, { channels: ['phone'], quietHours });
  const held = await registeredAttempts(phoneOnly.phone, (a) => a.some((x) => x.outcome === 'deferred'));
  const deferred = held.attempts.filter((a) => a.outcome === 'deferred');
  expect(deferred).toHaveLength(1);
  expect(deferred[0]).toMatchObject({ recipient: phoneOnly.phone });
  expect(deferred[0]!.error).toMatch(/quiet hours/);
  // Still waiting a moment later: one deferral on the log, no delivery.
  await new Promise((r) => setTimeout(r, 3000));
  const again = (await api('olga', 'GET', `/api/incidents/${held.incidentId}/notifications`)).body.items as Attempt[];
  expect(again.filter((a) => a.key.endsWith(':NEW')).map((a) => a.outcome)).toEqual(['deferred']);
});

test("a client's preferences are checked field by field", async () => {
  const client = await newClient({}, { channels: [], quietHours: null });
  const card = await api('olga', 'GET', `/api/clients/${client.id}`);
  const bad = async (body: object, field: string) => {
    const res = await api('olga', 'PATCH', `/api/clients/${client.id}`, body, { 'If-Match': card.headers.get('etag')! });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  await bad({ timezone: 'Mars/Olympus' }, 'timezone');
  await bad({ notifications: { channels: ['pigeon'], quietHours: null } }, 'notifications.channels.0');
  await bad({ notifications: { channels: ['email', 'email'], quietHours: null } }, 'notifications.channels');
  await bad({ notifications: { channels: [], quietHours: { start: '25:00', end: '08:00' } } }, 'notifications.quietHours.start');
  await bad({ notifications: { channels: [], quietHours: { start: '08:00', end: '08:00' } } }, 'notifications.quietHours.end');
  const saved = await api(
    'olga',
    'PATCH',
    `/api/clients/${client.id}`,
    { timezone: 'Asia/Vladivostok', notifications: { channels: ['email'], quietHours: { start: '23:30', end: '07:00' } } },
    { 'If-Match': card.headers.get('etag')! },
  );
  expect(saved.status).toBe(200);
  expect(saved.body.client).toMatchObject({
    timezone: 'Asia/Vladivostok',
    notifications: { channels: ['email'], quietHours: { start: '23:30', end: '07:00' } },
  });
});

test('everyone reads and writes only their own settings, each field checked', async () => {
  const mine = await api('olga', 'GET', '/api/me/settings');
  expect(mine.status).toBe(200);
  expect(mine.body).toMatchObject({ locale: expect.any(String), timezone: expect.any(String), notifications: { channels: expect.any(Array) } });
  const bad = async (body: object, field: string) => {
    const res = await api('olga', 'PUT', '/api/me/settings', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  await bad({ locale: 'de' }, 'locale');
  await bad({ timezone: 'Europe/Atlantis' }, 'timezone');
  await bad({ signature: 'x'.repeat(1001) }, 'signature');
  await bad({ id: OLGA }, 'id');
  const saved = await api('olga', 'PUT', '/api/me/settings', {
    timezone: 'Asia/Yekaterinburg',
    notifications: { channels: ['email'], quietHours: { start: '22:00', end: '07:00' } },
  });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ timezone: 'Asia/Yekaterinburg', notifications: { quietHours: { start: '22:00', end: '07:00' } } });
  // Another person's settings are untouched.
  const other = await api('sergey', 'GET', '/api/me/settings');
  expect(other.body.timezone).not.toBe('Asia/Yekaterinburg');
  await api('olga', 'PUT', '/api/me/settings', { timezone: mine.body.timezone, notifications: mine.body.notifications });
});

test("a staff member's signature signs their public comments mailed to the client", async () => {
  const signature = `Olga, IT desk ${randomUUID().slice(0, 6)}`;
  expect((await api('olga', 'PUT', '/api/me/settings', { signature })).status).toBe(200);
  const email = `signed-${randomUUID().slice(0, 8)}@mail-test.example`;
  const client = await newClient({ email }, { channels: [], quietHours: null });
  const { incidentId } = await registeredAttempts(client.phone, (a) => a.some((x) => x.outcome === 'sent'));
  const comment = await api('olga', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'We are on our way', public: true });
  expect(comment.status).toBe(201);
  const mail = await waitFor(
    'the comment mail',
    async () => (await mails()).find((m) => m.to.includes(email) && m.key === `comment:${comment.body.comment.id}`),
    60000,
    1000,
  );
  expect(mail.text).toContain('We are on our way');
  expect(mail.text).toContain(`-- \n${signature}`);
  // Its waits (incident 30 s, message 30 s, mail 60 s) add up to jest's 120 s: a run at load 20
  // spent them all. The test's own limit lies past their sum.
}, 240_000);
