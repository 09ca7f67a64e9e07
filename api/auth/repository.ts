// The sign-in attempts in progress and the server-side sessions.
import type { Database } from '../../infra/db';

export async function deleteLoginAttemptsBefore(db: Database, before: Date): Promise<void> {
  await db.deleteFrom('LoginAttempt').where('createdAt', '<', before).execute();
}

export async function insertLoginAttempt(
  db: Database,
  attempt: { state: string; nonce: string; codeVerifier: string; browserHash: string; returnTo: string },
): Promise<void> {
  await db.insertInto('LoginAttempt').values(attempt).execute();
}

export const loginAttempt = (db: Database, state: string) => db.selectFrom('LoginAttempt').selectAll().where('state', '=', state).executeTakeFirst();

export async function deleteLoginAttempt(db: Database, state: string): Promise<void> {
  await db.deleteFrom('LoginAttempt').where('state', '=', state).execute();
}

export async function insertSession(db: Database, session: { id: string; user: unknown; idToken: string | null; expiresAt: Date }): Promise<void> {
  const { user, ...row } = session;
  await db
    .insertInto('Session')
    .values({ ...row, userJson: JSON.stringify(user) })
    .execute();
}

export const session = (db: Database, id: string) =>
  db.selectFrom('Session').select(['userJson', 'idToken', 'expiresAt']).where('id', '=', id).executeTakeFirst();

/** Deletes the session and every expired one. */
export async function deleteSessionAndExpired(db: Database, id: string, now: Date): Promise<void> {
  await db
    .deleteFrom('Session')
    .where((eb) => eb.or([eb('id', '=', id), eb('expiresAt', '<', now)]))
    .execute();
}
