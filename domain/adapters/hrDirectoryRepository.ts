// The built-in HR directory's table: people allowed to self-register, by e-mail.
import type { Database } from '../../infra/db';

export const allowListEntry = (db: Database, email: string) =>
  db.selectFrom('HrAllowListEntry').select('departmentCode').where('email', '=', email).executeTakeFirst();
