// The service catalog as the intake form needs it: what can be requested and who owns it.
import type { Db } from '../../infra/db';

export interface CatalogEntry {
  code: string;
  name: string;
  description: string;
  serviceClass: string;
  serviceType: string;
  department: { code: string; name: string };
}

/** The catalog, or the entries whose code, name or description contain `q` (any case). */
export async function listCatalog(db: Db, q?: string): Promise<CatalogEntry[]> {
  const text = q?.trim().slice(0, 100);
  const rows = await db.service.findMany({
    where: text
      ? {
          OR: [
            { code: { contains: text, mode: 'insensitive' } },
            { name: { contains: text, mode: 'insensitive' } },
            { description: { contains: text, mode: 'insensitive' } },
          ],
        }
      : {},
    select: { code: true, name: true, description: true, serviceClass: true, serviceType: true, department: { select: { code: true, name: true } } },
    orderBy: { name: 'asc' },
  });
  return rows;
}
