// The statements of intake (intake.ts): the request filed earlier under a key, the service
// filed under, and a new client and request.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import type { Channel } from '../../generated/kysely/enums';

const filedColumns = ['id', 'status', 'channel', 'clientId', 'serviceId', 'description', 'createdAt'] as const;

/**
 * The request filed earlier under this Idempotency-Key, and what tells whether a call repeats
 * it: who filed it, about which asset, under which service, and whether the phone given is
 * one of its client's (any of theirs).
 */
export function requestOfKey(db: Database, idempotencyKey: string, phone: string | null) {
  return db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .select((eb) => [
      ...filedColumns.map((column) => `r.${column}` as const),
      'r.createdById',
      'r.assetId',
      's.code as serviceCode',
      eb
        .exists(
          eb
            .selectFrom('ClientPhone as p')
            .select(sql`1`.as('one'))
            .whereRef('p.clientId', '=', 'r.clientId')
            .where('p.phone', '=', phone),
        )
        .as('samePhone'),
    ])
    .where('r.idempotencyKey', '=', idempotencyKey)
    .executeTakeFirst();
}

export function serviceWhere(db: Database, column: 'id' | 'code', value: string) {
  return db.selectFrom('Service').select(['id', 'departmentId']).where(column, '=', value).executeTakeFirst();
}

export interface NewClient {
  name: string;
  /** None for an employee's own record made without one (the account identifies it). */
  phone: string | null;
  email: string | null;
  locale: string;
  accountId: string | null;
}

/** A client with its phone and its e-mail, each when given, in one statement: its id. */
export async function insertClient(db: Database, client: NewClient): Promise<string> {
  const id = randomUUID();
  const phone = client.phone;
  const c = db.with('c', (qc) => qc.insertInto('Client').values({ id, ...client, updatedAt: new Date() }));
  // The phone's row only when there is one; what follows reads neither CTE.
  const made: typeof c =
    phone === null ? c : (c.with('p', (qc) => qc.insertInto('ClientPhone').values({ id: randomUUID(), clientId: id, phone })) as unknown as typeof c);
  if (client.email) await made.insertInto('ClientEmail').values({ id: randomUUID(), clientId: id, email: client.email }).execute();
  else await made.selectNoFrom(sql<number>`1`.as('made')).execute();
  return id;
}

export interface NewRequest {
  id: string;
  clientId: string;
  serviceId: string;
  channel: Channel;
  description: string;
  problemType: string | null;
  assetId: string | null;
  /** Who filed it; null for a request a client sent over a channel (domain/intake). */
  createdById: string | null;
  idempotencyKey: string | null;
  /** The order in the order system, when the channel names one (the sync: a mapped custom field). */
  externalOrderId?: string | null;
}

/** The request (its workflow's id is its own). */
export function insertRequest(db: Database, request: NewRequest) {
  return db
    .insertInto('ServiceRequest')
    .values({ ...request, workflowId: request.id, updatedAt: new Date() })
    .returning([...filedColumns])
    .executeTakeFirstOrThrow();
}
