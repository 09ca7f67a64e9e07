// Demo data: two departments, their service catalog, clients, and the employees of the
// Keycloak demo realm (so manager lookups work before anyone signs in). Idempotent.
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import realm from '../keycloak/realm.json';

const departments = [
  { code: 'it', name: 'IT support / ИТ-поддержка' },
  { code: 'repair', name: 'Repair service / Сервисный центр' },
];
const services = [
  { code: 'it-laptop', name: 'Laptop or PC problem / Неисправность ноутбука или ПК', department: 'it' },
  { code: 'it-network', name: 'Network or Wi-Fi / Сеть и Wi-Fi', department: 'it' },
  { code: 'it-access', name: 'Access and accounts / Доступы и учётные записи', department: 'it' },
  { code: 'repair-printer', name: 'Printer repair / Ремонт принтера', department: 'repair' },
  { code: 'repair-phone', name: 'Phone repair / Ремонт телефона', department: 'repair' },
];
const clients = [
  { name: 'ООО «Ромашка»', phone: '+74951230001', email: 'office@romashka.example' },
  { name: 'Иван Иванов', phone: '+74950000013', email: 'ivan@demo.incident-desk.local' },
  { name: 'Maria Morozova', phone: '+74950000023', email: 'maria@demo.incident-desk.local' },
  { name: 'Telecom Plus LLC', phone: '+79161234567', email: 'noc@telecomplus.example' },
];

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
    for (const d of departments) await db.department.upsert({ where: { code: d.code }, create: d, update: { name: d.name } });
    const deptId = async (code: string) => (await db.department.findUniqueOrThrow({ where: { code } })).id;
    for (const s of services) {
      const data = { name: s.name, departmentId: await deptId(s.department) };
      await db.service.upsert({ where: { code: s.code }, create: { code: s.code, ...data }, update: data });
    }
    for (const c of clients) await db.client.upsert({ where: { phone: c.phone }, create: c, update: {} });
    for (const u of (realm.users as RealmUser[]).filter((u) => u.id && u.email)) {
      const dept = u.attributes?.department?.[0];
      const data = {
        username: u.username,
        email: u.email!,
        fullName: `${u.firstName ?? ''} ${u.lastName ?? ''}`.trim(),
        phone: u.attributes?.phone?.[0] ?? null,
        managerId: u.attributes?.manager_id?.[0] ?? null,
        roles: u.realmRoles ?? [],
        departmentId: dept ? await deptId(dept) : null,
      };
      await db.employee.upsert({ where: { id: u.id! }, create: { id: u.id!, ...data }, update: data });
    }
  } finally {
    await db.$disconnect();
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
