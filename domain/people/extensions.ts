// Operators set their own phone extension (profile page, PUT /api/me/extension): a call ringing
// on it pops the caller's card on their screen (domain/telephony). One extension, one person.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { isStaff, type Actor } from '../access/identity';
import { conflict, forbidden } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { extensionHolder, extensionOf, setExtension } from './extensionRepository';

/** An extension on the PBX: digits, letters, *, # (SIP peers such as 101 or op-7). */
export const EXTENSION = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z*#_-]{1,32}$/, 'must be 1-32 digits, letters, *, #, _ or -');

export const extensionBodySchema = z.object({ extension: EXTENSION.nullable().describe('the extension; null clears it') }).strict();
export const extensionViewSchema = z.object({ extension: z.string().nullable() });

export async function myExtension(db: Database, actor: Actor): Promise<{ extension: string | null }> {
  // Someone not mirrored yet (no Employee row) has none.
  return { extension: (await extensionOf(db, actor.id))?.extension ?? null };
}

export async function setMyExtension(db: Database, actor: Actor, body: unknown): Promise<{ extension: string | null }> {
  if (!isStaff(actor)) throw forbidden('extensions are for operators (agent, supervisor, admin)');
  const { extension } = parseInput(extensionBodySchema, body);
  const taken = () => conflict(`extension ${extension} belongs to another operator`);
  if (extension !== null) {
    const holder = await extensionHolder(db, extension);
    if (holder && holder.id !== actor.id) throw taken();
  }
  if (!(await setExtension(db, actor.id, extension))) throw taken();
  return myExtension(db, actor);
}
