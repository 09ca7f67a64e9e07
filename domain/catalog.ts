// The service catalog as the intake form needs it: what can be requested and who owns it.
import type { Db } from '../infra/db';

export interface CatalogEntry {
  code: string;
  name: string;
  description: string;
  serviceClass: string;
  serviceType: string;
  department: { code: string; name: string };
}

export async function listCatalog(db: Db): Promise<CatalogEntry[]> {
  const rows = await db.service.findMany({
    select: { code: true, name: true, description: true, serviceClass: true, serviceType: true, department: { select: { code: true, name: true } } },
    orderBy: { name: 'asc' },
  });
  return rows;
}
