// Each agent's own chat settings (docs/chat.md, "Personal settings"): a sound on a new chat and
// on a new message, a desktop notification of new chats (the browser's, asked for on the inbox
// page) and the signature the server appends to their text replies. Only the signed-in person
// reads and writes their own: the calls take no person id, the actor is the key. The interface
// language is the person's one language (profile, /api/me/settings), not a chat copy of it: the
// inbox's panel changes that one, so the profile, the mails and the chat never disagree.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { isStaff, type Actor } from '../access/identity';
import { forbidden, notFound } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { agentSettingsOf, writeAgentSettings } from './agentSettingsRepository';

/** A chat signature is one short line under a reply ("Anna, support, ext. 214"): 200 characters. */
export const CHAT_SIGNATURE_MAX = 200;

export const agentSettingsSchema = z.object({
  soundNewChat: z.boolean().describe('a short beep when a chat enters the inbox'),
  soundNewMessage: z.boolean().describe('a short beep when the visitor of the open chat writes'),
  notifyNewChats: z.boolean().describe("a desktop notification (the browser's) of a new chat"),
  signature: z.string().describe('appended by the server to each text reply of theirs, once'),
});
export type AgentSettings = z.infer<typeof agentSettingsSchema>;

export const agentSettingsUpdateSchema = z
  .object({
    soundNewChat: z.boolean().optional(),
    soundNewMessage: z.boolean().optional(),
    notifyNewChats: z.boolean().optional(),
    signature: z
      .string()
      .max(CHAT_SIGNATURE_MAX)
      .refine((s) => !/[\r\n]/.test(s), 'must be one line')
      .optional(),
  })
  .strict();

function staffOnly(actor: Actor): void {
  if (!isStaff(actor)) throw forbidden('chat settings are for staff');
}

export async function myAgentSettings(db: Database, actor: Actor): Promise<AgentSettings> {
  staffOnly(actor);
  return agentSettingsOf(db, actor.id);
}

/** Changes only the fields given; the whole settings after it. */
export async function saveMyAgentSettings(db: Database, actor: Actor, body: unknown): Promise<AgentSettings> {
  staffOnly(actor);
  const input = parseInput(agentSettingsUpdateSchema, body);
  const next = await db.transaction().execute(async (trx) => {
    const before = await agentSettingsOf(trx, actor.id);
    const after = { ...before, ...input, ...(input.signature !== undefined ? { signature: input.signature.trim() } : {}) };
    if (!(await writeAgentSettings(trx, actor.id, after))) throw notFound('your account (it is not in the directory yet: sign in again)');
    return after;
  });
  return next;
}

/**
 * A reply with the agent's signature below it, once: a body that already ends with it (typed by
 * hand, or sent by a client that signs too) is left as it is.
 */
export function signedReply(body: string, signature: string): string {
  if (!signature || body.trimEnd().endsWith(signature)) return body;
  return `${body.trimEnd()}\n\n${signature}`;
}
