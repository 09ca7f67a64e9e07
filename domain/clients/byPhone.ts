// Finding a client by phone, the one way every reader does it (intake, the operator's caller
// card, idempotent repeats): any of the client's phones, all of which are in ClientPhone.
import type { Prisma } from '../../generated/prisma/client';
import { sqlRows, type Db } from '../../infra/db';

const CLIENT_BY_PHONE = `SELECT c.id, c."deletedAt" FROM "ClientPhone" p JOIN "Client" c ON c.id = p."clientId" WHERE p.phone = $1::text`;

/** The client owning this phone (deleted ones too: callers decide what a deleted owner means). */
export async function clientByPhone(db: Db | Prisma.TransactionClient, phone: string): Promise<{ id: string; deletedAt: Date | null } | null> {
  return (await sqlRows<{ id: string; deletedAt: Date | null }>(db, CLIENT_BY_PHONE, [phone]))[0] ?? null;
}
