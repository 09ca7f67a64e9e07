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

export async function insertSession(
  db: Database,
  session: { id: string; user: unknown; idToken: string | null; refreshToken: string | null; expiresAt: Date; recheckAt: Date },
): Promise<void> {
  const { user, ...row } = session;
  await db
    .insertInto('Session')
    .values({ ...row, userJson: JSON.stringify(user) })
    .execute();
}

export const session = (db: Database, id: string) =>
  db.selectFrom('Session').select(['userJson', 'idToken', 'refreshToken', 'expiresAt', 'lastSeenAt', 'recheckAt']).where('id', '=', id).executeTakeFirst();

export async function deleteSession(db: Database, id: string): Promise<void> {
  await db.deleteFrom('Session').where('id', '=', id).execute();
}

export async function touchSession(db: Database, id: string, now: Date): Promise<void> {
  await db.updateTable('Session').set({ lastSeenAt: now }).where('id', '=', id).execute();
}

/** Moves the session's next recheck to `next` if it was due; whether this caller got it. */
export async function claimSessionRecheck(db: Database, id: string, now: Date, next: Date): Promise<boolean> {
  const result = await db.updateTable('Session').set({ recheckAt: next }).where('id', '=', id).where('recheckAt', '<=', now).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateSessionTokens(
  db: Database,
  id: string,
  values: { user: unknown; idToken: string | null; refreshToken: string | null },
): Promise<void> {
  const { user, ...tokens } = values;
  await db
    .updateTable('Session')
    .set({ ...tokens, userJson: JSON.stringify(user) })
    .where('id', '=', id)
    .execute();
}

/** Deletes the session and every expired one. */
export async function deleteSessionAndExpired(db: Database, id: string, now: Date): Promise<void> {
  await db
    .deleteFrom('Session')
    .where((eb) => eb.or([eb('id', '=', id), eb('expiresAt', '<', now)]))
    .execute();
}
