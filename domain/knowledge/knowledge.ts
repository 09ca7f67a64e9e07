// Canned replies and the knowledge base. Staff pick a canned reply to insert into a comment; the
// portal suggests articles while a user describes a request (words of 3 letters or more, in the
// user's language), so a known answer may save a request. Admins write both (admin/articles.ts).
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { isStaff, type Actor } from '../access/identity';
import { forbidden } from '../shared/errors';
import { LANGS } from '../shared/languages';
import { parseInput } from '../shared/validation';
import { articlesMatching, publishedReplies } from './articleRepository';

/** Suggestions shown under the description: more would bury the form. */
export const SUGGESTIONS = 5;

export const replySchema = z.object({ id: z.string().uuid(), lang: z.string(), title: z.string(), body: z.string() });
export const suggestionSchema = z.object({ id: z.string().uuid(), title: z.string(), body: z.string() });
export const suggestQuerySchema = z
  .object({
    // 500 characters carry the words that matter and keep the URL far below Node's 16 KB header
    // limit (a fuzzed 2000-character query of 4-byte characters got a 431).
    q: z.string().max(500).describe('what the user has typed so far (its first 500 characters)'),
    lang: z.enum(LANGS).default('ru'),
  })
  .strict();

export async function cannedReplies(db: Database, actor: Actor) {
  if (!isStaff(actor)) throw forbidden('canned replies are for staff');
  return (await publishedReplies(db)).map(({ id, lang, title, body }) => ({ id, lang, title, body }));
}

/** The words of a text worth searching for: 3 letters or more, at most 8 of them, any case. */
export function searchWords(text: string): string[] {
  const words = text.toLocaleLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  return [...new Set(words)].slice(0, 8);
}

export async function suggestArticles(db: Database, query: unknown) {
  const q = parseInput(suggestQuerySchema, query);
  const words = searchWords(q.q);
  return words.length ? articlesMatching(db, q.lang, words, SUGGESTIONS) : [];
}
