// The demo desk's settings that let SLA warnings and breaches happen while the demo is made,
// set the way an admin sets them (admin API): IT support works around the clock (so its SLA
// clocks tick whenever the demo runs, not only 9:00-18:00 Moscow time), and the client Telecom
// Plus LLC has an express contract measured in minutes. The seed itself stays as the tests
// expect it (office hours, the Standard contract).
import type { DemoApi } from './api';

const CALENDAR = 'Круглосуточно / Around the clock';
const CONTRACT = 'Экспресс (демо) / Express (demo)';
const minutes = (response: number, resolution: number) => ({ response: response * 60, resolution: resolution * 60 });

export async function prepareDemoDesk(api: DemoApi): Promise<void> {
  const calendars = (await api.call<{ items: { id: string; name: string }[] }>('admin', 'GET', '/api/admin/calendars')).items;
  const calendarId =
    calendars.find((c) => c.name === CALENDAR)?.id ??
    (
      await api.call('admin', 'POST', '/api/admin/calendars', {
        name: CALENDAR,
        timezone: 'Europe/Moscow',
        week: Array.from({ length: 7 }, () => [[0, 1440]]),
        holidays: [],
      })
    ).item.id;
  const departments = (await api.call<{ items: { id: string; code: string }[] }>('admin', 'GET', '/api/admin/departments')).items;
  const it = departments.find((d) => d.code === 'it');
  if (it) await api.call('admin', 'PATCH', `/api/admin/departments/${it.id}`, { calendarId });

  const contracts = (await api.call<{ items: { id: string; name: string }[] }>('admin', 'GET', '/api/admin/sla-contracts')).items;
  const contractId =
    contracts.find((c) => c.name === CONTRACT)?.id ??
    (
      await api.call('admin', 'POST', '/api/admin/sla-contracts', {
        name: CONTRACT,
        // Response within 1-4 minutes and resolution within 5-20: the demo's untouched requests
        // of this client are warned and then breached within the first quarter of an hour.
        targets: { P1: minutes(1, 5), P2: minutes(2, 10), P3: minutes(3, 15), P4: minutes(4, 20) },
        reopenWindowSeconds: 600,
      })
    ).item.id;
  const { client } = await api.call('olga', 'GET', `/api/clients/lookup?phone=${encodeURIComponent('+79161234567')}`);
  if (client) await api.call('sergey', 'PATCH', `/api/clients/${client.id}`, { slaContractId: contractId });
}
