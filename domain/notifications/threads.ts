// Mail conversations: every message in and out of a request (the client's mail, our
// notifications and staff comments) is remembered by its Message-ID, so that what we send
// carries In-Reply-To and References (the client's mail program shows one conversation) and
// a client's answer to any of them finds its request (domain/intake).
import { createHash } from 'node:crypto';
import type { Database } from '../../infra/db';
import { rememberThread, threadKeysOf } from './threadRepository';

export { rememberThread, requestOfThread, type ThreadRequest } from './threadRepository';

/** The domain of our Message-IDs: mail that carries one is ours (a loop when it comes back). */
export const OUR_MESSAGE_ID_DOMAIN = 'incident-desk';

/** The Message-ID of a notification: derived from its key, so a retried delivery repeats it. */
export const messageIdOf = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${OUR_MESSAGE_ID_DOMAIN}>`;

export interface ThreadHeaders {
  inReplyTo: string;
  references: string[];
}

/**
 * The headers that put a new message into the request's conversation: In-Reply-To the newest
 * message, References the first and the newest nine (RFC 5322 3.6.4 lets a long list be cut so).
 */
export async function threadHeaders(db: Database, requestId: string): Promise<ThreadHeaders | undefined> {
  const keys = await threadKeysOf(db, requestId);
  if (keys.length === 0) return undefined;
  const references = keys.length > 10 ? [keys[0]!, ...keys.slice(-9)] : keys;
  return { inReplyTo: keys[keys.length - 1]!, references };
}

/** Remembers a message we sent about the request, by its key's Message-ID. */
export function rememberSent(db: Database, key: string, requestId: string): Promise<void> {
  return rememberThread(db, [messageIdOf(key)], requestId);
}
