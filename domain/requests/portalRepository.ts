// The portal's one statement: the catalog service a client names by its code.
import type { Database } from '../../infra/db';

export const serviceIdByCode = (db: Database, code: string) => db.selectFrom('Service').select('id').where('code', '=', code).executeTakeFirst();
