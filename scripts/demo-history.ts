// Makes the demo desk's history through the real process: the demo people file requests over
// the API (operators by phone, users on the portal and by QR label), the workflows route them,
// create orders and open incidents, and the staff then assign, start, comment, attach files,
// wait for clients, resolve, close, reopen, reassign and unlink, each a transition the workflow
// validates. Nothing is written past the process: every row, history and analytics event is
// the one the product makes. Run by scripts/start.sh on a desk without requests (DEMO=0 skips).
// Usage: node dist/scripts/demo-history.js
import { DemoApi } from './demoHistory/api';
import { DEMO_REQUESTS, type DemoRequest, type End } from './demoHistory/script';
import { prepareDemoDesk } from './demoHistory/setup';
import { ageFinishedRequests } from './demoHistory/ageing';

const api = new DemoApi({
  appUrl: process.env.PUBLIC_URL ?? 'http://127.0.0.1:3000',
  issuer: process.env.OIDC_ISSUER ?? 'http://127.0.0.1:8180/realms/incident-desk',
  password: process.env.DEMO_PASSWORD ?? 'demo',
});

// Who works each department's incidents: its supervisor assigns, moves priority and reassigns;
// the agent works the incident. Employee ids are the demo realm's (keycloak/realm.dev.json).
const TEAM = {
  it: { supervisor: 'sergey', agent: 'olga', agentId: '00000000-0000-4000-8000-000000000012', otherId: '00000000-0000-4000-8000-000000000011' },
  repair: { supervisor: 'elena', agent: 'pavel', agentId: '00000000-0000-4000-8000-000000000022', otherId: '00000000-0000-4000-8000-000000000021' },
};
type Team = (typeof TEAM)[keyof typeof TEAM];

interface Incident {
  id: string;
  status: string;
  assigneeId: string | null;
  department: { code?: string };
}

async function file(r: DemoRequest): Promise<{ id: string; requester: string | null }> {
  if (r.by.startsWith('portal:')) {
    const user = r.by.slice('portal:'.length);
    const { request } = await api.call(user, 'POST', '/api/portal/requests', { serviceCode: r.service, description: r.text });
    return { id: request.id, requester: user };
  }
  if (r.by.startsWith('qr:')) {
    const { request } = await api.call('ivan', 'POST', `/api/qr/${r.by.slice(3)}/reports`, { problemType: r.problem, comment: r.text });
    return { id: request.id, requester: 'ivan' };
  }
  const body = { phone: r.phone, serviceCode: r.service, description: r.text, channel: r.channel ?? 'PHONE', client: r.newClient };
  const { request } = await api.call(r.by, 'POST', '/api/requests', body);
  return { id: request.id, requester: null };
}

/** The request's incident once its workflow opened it (order first, so a second or two). */
async function incidentOf(requestId: string): Promise<Incident> {
  for (let i = 0; i < 120; i++) {
    const { request } = await api.call('admin', 'GET', `/api/requests/${requestId}`);
    if (request.incident) return (await api.call('admin', 'GET', `/api/incidents/${request.incident.id}`)).incident;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`request ${requestId} has no incident after 60 s; is the worker running?`);
}

const move = async (who: string, incident: Incident, action: string, extra: Record<string, unknown> = {}): Promise<Incident> =>
  (await api.call(who, 'POST', `/api/incidents/${incident.id}/transitions`, { action, ...extra })).incident;

/** Who works it: the agent the workflow assigned, else the department's agent. */
function worker(team: Team, incident: Incident): string {
  if (incident.assigneeId === team.otherId) return team.supervisor;
  return team.agent;
}

async function workUntil(r: DemoRequest, filed: { id: string; requester: string | null }): Promise<void> {
  let incident = await incidentOf(filed.id);
  const team = r.service.startsWith('repair') ? TEAM.repair : TEAM.it;
  const end: End = r.end;
  if (r.priority) incident = await move(team.supervisor, incident, 'setPriority', { priority: r.priority });
  if (end === 'new') return; // the workflow may have assigned it already: it waits for its agent
  if (end === 'unlinked') {
    // The workflow closes the request with the incident's unlinking (its compensation).
    await move(team.supervisor, incident, 'unlink', { comment: 'Дубликат: клиент уже звонил по этой проблеме' });
    return;
  }
  if (incident.status === 'NEW' || end === 'reassigned') {
    const to = incident.assigneeId === team.agentId ? team.otherId : team.agentId;
    incident = await move(team.supervisor, incident, 'assign', {
      assigneeId: to,
      comment: end === 'reassigned' ? 'Передаю коллеге: нужна выездная диагностика' : undefined,
    });
  }
  if (end === 'assigned' || end === 'reassigned') return;
  const agent = worker(team, incident);
  incident = await move(agent, incident, 'start');
  if (r.talk) {
    await api.call(agent, 'POST', `/api/incidents/${incident.id}/comments`, { body: 'Здравствуйте! Взяли в работу, держим вас в курсе.', public: true });
    await api.call(agent, 'POST', `/api/incidents/${incident.id}/comments`, {
      body: 'Похоже на ту же проблему, что на прошлой неделе; проверить журнал.',
      public: false,
    });
    if (filed.requester) await api.call(filed.requester, 'POST', `/api/incidents/${incident.id}/comments`, { body: 'Спасибо, жду. Удобно с 10 до 17.' });
  }
  if (r.file)
    await api.upload(
      agent,
      `/api/incidents/${incident.id}/attachments?public=false`,
      'diagnostics.txt',
      'text/plain',
      `Диагностика ${new Date().toISOString()}\nОшибок диска нет; драйвер обновлён.\n`,
    );
  if (end === 'progress') return;
  if (end === 'waiting') {
    await move(agent, incident, 'waitForClient', { comment: 'Ждём, когда клиент привезёт устройство' });
    return;
  }
  incident = await move(agent, incident, 'resolve', { comment: 'Проблема устранена, проверено вместе с клиентом' });
  if (end === 'resolved') return;
  if (end === 'closed') {
    await move(team.supervisor, incident, 'close');
    return;
  }
  // reopened: the client finds the fault again within the reopen window
  incident = await move(filed.requester ?? team.supervisor, incident, 'reopen', { comment: 'Проблема повторилась на следующий день' });
}

export async function makeDemoHistory(): Promise<number> {
  const existing = await api.call<{ items: unknown[] }>('admin', 'GET', '/api/requests?limit=1');
  if (existing.items.length > 0) return 0;
  await prepareDemoDesk(api);
  // Filed one after another, as an operator would (a client made at intake is known by the
  // next call from its number); then worked a few at a time, far above an operator's pace, which
  // the worker keeps up with on 2 cores.
  const filed: { r: DemoRequest; request: { id: string; requester: string | null } }[] = [];
  for (const r of DEMO_REQUESTS) filed.push({ r, request: await file(r) });
  let made = 0;
  for (let i = 0; i < filed.length; i += 4) {
    await Promise.all(
      filed.slice(i, i + 4).map(async ({ r, request }) => {
        await workUntil(r, request);
        made++;
      }),
    );
  }
  const closed = filed.filter(({ r }) => r.end === 'closed' || r.end === 'unlinked').map(({ request }) => request.id);
  const aged = await ageFinishedRequests(process.env.DATABASE_URL ?? '', closed);
  console.log(`demo history: ${aged} finished requests dated back over the last three weeks`);
  return made;
}

if (require.main === module) {
  makeDemoHistory().then(
    (made) =>
      console.log(made ? `demo history: ${made} requests filed and worked through the process` : 'demo history: the desk already has requests; left as it is'),
    (error) => {
      console.error('demo history failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
