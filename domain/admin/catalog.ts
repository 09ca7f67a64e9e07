// The service catalog as the intake form needs it: what can be requested and who owns it.
import { type Database } from '../../infra/db';
import { catalogEntries } from './tablesRepository';

export interface CatalogEntry {
  code: string;
  name: string;
  description: string;
  serviceClass: string;
  serviceType: string;
  department: { code: string; name: string };
}

/** The catalog, or the entries whose code, name or description contain `q` (any case). */
export async function listCatalog(db: Database, q?: string): Promise<CatalogEntry[]> {
  const text = q?.trim().slice(0, 100);
  const rows = await catalogEntries(db, text || null);
  return rows.map(({ departmentCode, departmentName, ...service }) => ({ ...service, department: { code: departmentCode, name: departmentName } }));
}
