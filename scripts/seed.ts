// Demo data: two departments, their service catalog, clients, and the employees of the
// Keycloak demo users of keycloak/realm.dev.json (so manager lookups work before anyone signs
// in). Idempotent.
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import * as repo from './seedRepository';
import { upsertEmployee } from '../domain/people/repository';
import { insertClient, linkAccount, phoneOwner, type ClientFields } from '../domain/clients/repository';
import realm from '../keycloak/realm.dev.json';

const departments = [
  { code: 'it', name: 'IT support / ИТ-поддержка' },
  { code: 'repair', name: 'Repair service / Сервисный центр' },
];
const services = [
  { code: 'it-laptop', name: 'Laptop or PC problem / Неисправность ноутбука или ПК', department: 'it', serviceClass: 'hardware', serviceType: 'computer' },
  { code: 'it-network', name: 'Network or Wi-Fi / Сеть и Wi-Fi', department: 'it', serviceClass: 'infrastructure', serviceType: 'network' },
  { code: 'it-access', name: 'Access and accounts / Доступы и учётные записи', department: 'it', serviceClass: 'software', serviceType: 'access' },
  { code: 'repair-printer', name: 'Printer repair / Ремонт принтера', department: 'repair', serviceClass: 'hardware', serviceType: 'printer' },
  { code: 'repair-phone', name: 'Phone repair / Ремонт телефона', department: 'repair', serviceClass: 'hardware', serviceType: 'phone' },
];
const clients = [
  { name: 'ООО «Ромашка»', phone: '+74951230001', email: 'office@romashka.example' },
  // Staff who are also clients: their client records are linked to their Keycloak accounts
  // (requester access comes from that link, never from the e-mail).
  { name: 'Иван Иванов', phone: '+74950000013', email: 'ivan@demo.incident-desk.local', account: 'ivan' },
  { name: 'Maria Morozova', phone: '+74950000023', email: 'maria@demo.incident-desk.local', account: 'maria' },
  { name: 'Telecom Plus LLC', phone: '+79161234567', email: 'noc@telecomplus.example' },
];

const problemTypes = [
  { serviceType: 'printer', code: 'paper-jam', nameRu: 'Замялась бумага', nameEn: 'Paper jam' },
  { serviceType: 'printer', code: 'no-toner', nameRu: 'Закончился тонер', nameEn: 'Out of toner' },
  { serviceType: 'printer', code: 'not-printing', nameRu: 'Не печатает', nameEn: 'Does not print' },
  { serviceType: 'computer', code: 'wont-boot', nameRu: 'Не включается', nameEn: 'Does not start' },
  { serviceType: 'computer', code: 'slow', nameRu: 'Тормозит', nameEn: 'Slow' },
  { serviceType: 'computer', code: 'no-network', nameRu: 'Нет сети', nameEn: 'No network' },
];
// Office devices with QR labels; the demo tokens are fixed so the start script can print them.
const assets = [
  {
    name: 'Принтер HP LaserJet M404',
    serviceClass: 'hardware',
    serviceType: 'printer',
    service: 'repair-printer',
    location: '3 этаж, у кухни',
    serial: 'HP-M404-0031',
    qrToken: 'demo-printer-3rd-floor',
  },
  {
    name: 'ПК переговорной «Байкал»',
    serviceClass: 'hardware',
    serviceType: 'computer',
    service: 'it-laptop',
    location: 'Переговорная 301',
    serial: 'PC-301',
    qrToken: 'demo-meeting-room-301-pc',
  },
];

// What a demo client record has besides its name and contacts: the columns' defaults.
const NEW_CLIENT: Omit<ClientFields, 'name' | 'phone' | 'email'> = {
  kind: 'person',
  locale: 'ru',
  telegramId: null,
  address: null,
  notes: '',
  externalId: null,
  slaContractId: null,
  timezone: 'Europe/Moscow',
  notifyChannels: [],
  quietHoursStart: null,
  quietHoursEnd: null,
};

interface RealmUser {
  id?: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  realmRoles?: string[];
  attributes?: Record<string, string[]>;
}

export async function seed(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, 2);
  try {
    const deptIds = new Map<string, string>();
    for (const d of departments) deptIds.set(d.code, await repo.upsertDepartment(db, d));
    const deptId = (code: string) => deptIds.get(code)!;
    const serviceIds = new Map<string, string>();
    for (const { department, ...s } of services) serviceIds.set(s.code, await repo.upsertService(db, { ...s, departmentId: deptId(department) }));
    const workday: [number, number][] = [[9 * 60, 18 * 60]];
    await repo.upsertCalendar(db, {
      name: 'Moscow office',
      timezone: 'Europe/Moscow',
      week: [[], workday, workday, workday, workday, workday, []],
      holidays: ['2026-01-01', '2026-01-02', '2026-01-07', '2026-02-23', '2026-03-09', '2026-05-01', '2026-05-11', '2026-06-12', '2026-11-04', '2026-12-31'],
      isDefault: true,
    });
    await repo.upsertSlaContract(db, {
      name: 'Standard',
      isDefault: true,
      reopenWindowSeconds: Number(process.env.DEMO_REOPEN_WINDOW_SECONDS ?? 259200),
      targets: {
        P1: { response: 900, resolution: 14400 },
        P2: { response: 3600, resolution: 28800 },
        P3: { response: 14400, resolution: 86400 },
        P4: { response: 28800, resolution: 259200 },
      },
    });
    // Printers and phones are repaired by the Repair service whatever the catalog says.
    await repo.addFirstRoutingRule(db, { serviceClass: 'hardware', serviceType: 'printer', departmentId: deptId('repair'), priority: 10 });
    for (const p of problemTypes) await repo.addProblemType(db, p);
    for (const { service, ...a } of assets) await repo.addAsset(db, { ...a, serviceId: serviceIds.get(service)! });
    // Clients are found by phone and made the way the clients module makes them (one transaction,
    // so their e-mails count as the record's own: domain/clients/accounts.ts).
    for (const { account, ...c } of clients as ((typeof clients)[number] & { account?: string })[]) {
      const accountId = account ? ((realm.users as RealmUser[]).find((u) => u.username === account)?.id ?? null) : null;
      await db.transaction().execute(async (trx) => {
        const fields = { ...NEW_CLIENT, name: c.name, phone: c.phone, email: c.email };
        const clientId =
          (await phoneOwner(trx, c.phone).executeTakeFirst())?.id ??
          (await insertClient(trx, fields, null, [{ phone: c.phone, label: '' }], [{ email: c.email, label: '' }]));
        if (accountId) await linkAccount(trx, clientId, accountId);
      });
    }
    // The demo realm's staff, mirrored as their first sign-in would (one upsert for sign-in, sync and seed).
    for (const u of (realm.users as RealmUser[]).filter((u) => u.id && u.email)) {
      const employee = {
        id: u.id!,
        username: u.username,
        email: u.email!,
        fullName: `${u.firstName ?? ''} ${u.lastName ?? ''}`.trim(),
        phone: u.attributes?.phone?.[0] ?? null,
        managerId: u.attributes?.manager_id?.[0] ?? null,
        roles: u.realmRoles ?? [],
        active: true,
      };
      await upsertEmployee(db, employee, u.attributes?.department?.[0] ?? null);
    }
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  seed(loadConfig().DATABASE_URL).then(
    () => console.log('seed: demo data in place'),
    (error) => {
      console.error('seed failed:', error);
      process.exit(1);
    },
  );
}
