// Finding clients by e-mail (the channel intake identifies a mail's sender so): every live
// client with the address, so that the caller sees when it is ambiguous.
import type { Database } from '../../infra/db';
import { clientsWithEmail } from './repository';

export const clientsByEmail = (db: Database, email: string): Promise<string[]> => clientsWithEmail(db, email.trim().toLowerCase());
