// Finding a client by phone, the one way every reader does it (intake, the operator's caller
// card, idempotent repeats): any of the client's phones, all of which are in ClientPhone.
import type { Database } from '../../infra/db';
import { phoneOwner } from './repository';

/** The client owning this phone (deleted ones too: callers decide what a deleted owner means). */
export async function clientByPhone(db: Database, phone: string): Promise<{ id: string; deletedAt: Date | null } | null> {
  return (await phoneOwner(db, phone).executeTakeFirst()) ?? null;
}
