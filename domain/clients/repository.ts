// The clients' statements: a client with its phones and e-mails, the client list, the search
// behind it, the owner of a phone, the account link, and the writes of create, edit and delete.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import { allOf, keyset, listLimit } from '../lists/repository';

/**
 * A client row with its phones and e-mails (labels only, ordered as the card reads them), in one
 * statement (the page and its clients in one round trip).
 */
const clients = (db: Database) =>
  db
    .selectFrom('Client as c')
    .selectAll('c')
    .select([
      sql<
        { phone: string; label: string }[]
      >`COALESCE((SELECT json_agg(json_build_object('phone', p.phone, 'label', p.label) ORDER BY p.id) FROM "ClientPhone" p WHERE p."clientId" = c.id), '[]')`.as(
        'phones',
      ),
      sql<
        { email: string; label: string }[]
      >`COALESCE((SELECT json_agg(json_build_object('email', e.email, 'label', e.label) ORDER BY e.id) FROM "ClientEmail" e WHERE e."clientId" = c.id), '[]')`.as(
        'emails',
      ),
    ]);

export type ClientRow = Awaited<ReturnType<ReturnType<typeof clients>['execute']>>[number];

/** A client (deleted ones too when `deleted`), by id or by the Idempotency-Key that created it. */
export function clientBy(db: Database, by: { id: string; deleted: boolean } | { idempotencyKey: string }): Promise<ClientRow | undefined> {
  if ('idempotencyKey' in by) return clients(db).where('c.idempotencyKey', '=', by.idempotencyKey).executeTakeFirst();
  const query = clients(db).where('c.id', '=', by.id);
  return (by.deleted ? query : query.where('c.deletedAt', 'is', null)).executeTakeFirst();
}

/** Up to `want` clients not deleted, newest first, after the cursor, among `ids` when given (the LIMIT is the next fixed size). */
export function clientPage(db: Database, cursor: string | undefined, want: number, ids: string[] | null): Promise<ClientRow[]> {
  const { order, after } = keyset('c', '-createdAt', cursor);
  const where = [sql<boolean>`c."deletedAt" IS NULL`];
  if (after) where.push(after);
  if (ids) where.push(sql<boolean>`c.id = ANY(${ids}::uuid[])`);
  return clients(db).where(allOf(where)).orderBy(order).limit(listLimit(want)).execute();
}

/** Ids of clients with a phone containing these digits (trigram index), at most 1000. */
export async function clientsWithPhoneDigits(db: Database, digits: string): Promise<string[]> {
  const rows = await db
    .selectFrom('ClientPhone')
    .select(sql<string>`"clientId"::text`.as('id'))
    .distinct()
    .where(sql<boolean>`phone LIKE '%' || ${digits} || '%'`)
    .limit(1000)
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of clients whose name or an e-mail matches the ILIKE pattern (trigram indexes), at most 1000 of each. */
export async function clientsNamed(db: Database, pattern: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
      (SELECT id::text AS id FROM "Client" WHERE name ILIKE ${pattern} LIMIT 1000)
      UNION (SELECT "clientId"::text FROM "ClientEmail" WHERE email ILIKE ${pattern} LIMIT 1000)`.execute(db);
  return rows.map((r) => r.id);
}

/** The client owning this phone (any of its phones, deleted clients too). */
export const phoneOwner = (db: Database, phone: string) =>
  db.selectFrom('ClientPhone as p').innerJoin('Client as c', 'c.id', 'p.clientId').select(['c.id', 'c.deletedAt']).where('p.phone', '=', phone);

/** The client record (not deleted) linked to an account. */
export const linkedClient = (db: Database, accountId: string) =>
  db.selectFrom('Client').select('id').where('accountId', '=', accountId).where('deletedAt', 'is', null).limit(1);

/** The clients (not deleted) carrying this e-mail, any of theirs. */
const liveWithEmail = (db: Database, email: string) =>
  db
    .selectFrom('ClientEmail as e')
    .innerJoin('Client as c', 'c.id', 'e.clientId')
    .select('e.clientId')
    .distinct()
    .where('e.email', '=', email)
    .where('c.deletedAt', 'is', null);

/** Every live client with this e-mail (byEmail.ts). */
export async function clientsWithEmail(db: Database, email: string): Promise<string[]> {
  return (await liveWithEmail(db, email).execute()).map((r) => r.clientId);
}

/** Up to two clients (not deleted, not linked to an account) carrying this e-mail. */
export async function unlinkedClientsWithEmail(db: Database, email: string): Promise<string[]> {
  const rows = await liveWithEmail(db, email)
    // Only an e-mail the record was created with (same transaction, same time): one staff put on later links nobody.
    .whereRef('e.addedAt', '<=', 'c.createdAt')
    .where('c.accountId', 'is', null)
    .limit(2)
    .execute();
  return rows.map((r) => r.clientId);
}

/** Links the account to the client if it is linked to none yet; whether it was. */
export async function linkAccount(db: Database, clientId: string, accountId: string): Promise<boolean> {
  const result = await db
    .updateTable('Client')
    .set({ accountId, updatedAt: new Date() })
    .where('id', '=', clientId)
    .where('accountId', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The client (deleted ones too) holding this outside CRM id. */
export const externalIdOwner = (db: Database, externalId: string) =>
  db.selectFrom('Client').select('id').where('externalId', '=', externalId).executeTakeFirst();

export async function slaContractExists(db: Database, id: string): Promise<boolean> {
  return !!(await db.selectFrom('SlaContract').select('id').where('id', '=', id).executeTakeFirst());
}

/** The client's own columns a create or an edit writes. */
export interface ClientFields {
  name: string;
  kind: string;
  phone: string;
  email: string | null;
  locale: string;
  telegramId: string | null;
  address: string | null;
  notes: string;
  externalId: string | null;
  slaContractId: string | null;
  timezone: string;
  notifyChannels: string[];
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
}
export type Phone = { phone: string; label: string };
export type Email = { email: string; label: string };

/** A new client with its phones and e-mails; its id. */
export async function insertClient(db: Database, fields: ClientFields, idempotencyKey: string | null, phones: Phone[], emails: Email[]): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('Client')
    .values({ id, ...fields, idempotencyKey, updatedAt: new Date() })
    .execute();
  await replaceContacts(db, id, { phones, emails });
  return id;
}

/** Replaces the client's phones and/or e-mails with these. */
export async function replaceContacts(db: Database, clientId: string, contacts: { phones?: Phone[]; emails?: Email[] }): Promise<void> {
  if (contacts.phones) {
    await db.deleteFrom('ClientPhone').where('clientId', '=', clientId).execute();
    if (contacts.phones.length)
      await db
        .insertInto('ClientPhone')
        .values(contacts.phones.map((p) => ({ id: randomUUID(), clientId, phone: p.phone, label: p.label })))
        .execute();
  }
  if (contacts.emails) {
    // E-mails the record keeps keep their row (and addedAt: accounts.ts links only the record's own).
    const keep = contacts.emails.map((e) => e.email);
    await db
      .deleteFrom('ClientEmail')
      .where('clientId', '=', clientId)
      .where(sql<boolean>`NOT (email = ANY(${keep}::text[]))`)
      .execute();
    if (contacts.emails.length)
      await db
        .insertInto('ClientEmail')
        .values(contacts.emails.map((e) => ({ id: randomUUID(), clientId, email: e.email, label: e.label })))
        .onConflict((oc) => oc.columns(['clientId', 'email']).doUpdateSet((eb) => ({ label: eb.ref('excluded.label') })))
        .execute();
  }
}

/** Sets these columns of the client (and its updatedAt). */
export async function updateClient(db: Database, id: string, fields: Partial<ClientFields> & { deletedAt?: Date }): Promise<void> {
  await db
    .updateTable('Client')
    .set({ ...fields, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}
