// The statements of mail conversations (threads.ts): the Message-IDs in and out of a request.
import type { Database } from '../../infra/db';

export type ThreadRequest = { id: string; clientId: string; status: string; incidentId: string | null };

/** The request a conversation key belongs to (the first of the keys that is known wins). */
export async function requestOfThread(db: Database, keys: string[]): Promise<ThreadRequest | undefined> {
  if (keys.length === 0) return undefined;
  const rows = await db
    .selectFrom('MessageThread as t')
    .innerJoin('ServiceRequest as r', 'r.id', 't.requestId')
    .select(['r.id', 'r.clientId', 'r.status', 'r.incidentId', 't.threadKey'])
    .where('t.threadKey', 'in', keys)
    .execute();
  for (const key of keys) {
    const hit = rows.find((r) => r.threadKey === key);
    if (hit) return { id: hit.id, clientId: hit.clientId, status: hit.status, incidentId: hit.incidentId };
  }
  return undefined;
}

/** Ties conversation keys to a request (a key already tied stays with its first request). */
export async function rememberThread(db: Database, keys: string[], requestId: string): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto('MessageThread')
    .values(keys.map((threadKey) => ({ threadKey, requestId })))
    .onConflict((oc) => oc.column('threadKey').doNothing())
    .execute();
}

/** A request's conversation keys, oldest first. */
export async function threadKeysOf(db: Database, requestId: string): Promise<string[]> {
  const rows = await db.selectFrom('MessageThread').select('threadKey').where('requestId', '=', requestId).orderBy('createdAt').orderBy('threadKey').execute();
  return rows.map((r) => r.threadKey);
}
