// The statements of canned replies and knowledge-base articles (Article).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

const COLUMNS = ['id', 'kind', 'lang', 'title', 'body', 'published', 'updatedAt'] as const;

export const allArticles = (db: Database) => db.selectFrom('Article').select(COLUMNS).orderBy('kind').orderBy('lang').orderBy('title').execute();

export const publishedReplies = (db: Database) =>
  db.selectFrom('Article').select(COLUMNS).where('kind', '=', 'reply').where('published', '=', true).orderBy('lang').orderBy('title').execute();

export interface ArticleFields {
  kind: string;
  lang: string;
  title: string;
  body: string;
  published: boolean;
}

export const insertArticle = (db: Database, values: ArticleFields) =>
  db
    .insertInto('Article')
    .values({ id: randomUUID(), ...values })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();

export const updateArticle = (db: Database, id: string, changes: Partial<ArticleFields>) =>
  db
    .updateTable('Article')
    .set({ ...changes, updatedAt: new Date() })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();

export async function deleteArticle(db: Database, id: string): Promise<boolean> {
  const done = await db.deleteFrom('Article').where('id', '=', id).executeTakeFirst();
  return done.numDeletedRows > 0n;
}

/**
 * Published articles in the language that contain any of the words (in the title or the body,
 * any case), those with more of the words first, then the title's matches.
 */
export function articlesMatching(db: Database, lang: string, words: string[], limit: number) {
  const hits = words.map((w) => sql<number>`(CASE WHEN (title || ' ' || body) ILIKE ${`%${w}%`} THEN 1 ELSE 0 END)`);
  const inTitle = words.map((w) => sql<number>`(CASE WHEN title ILIKE ${`%${w}%`} THEN 1 ELSE 0 END)`);
  const sum = (parts: typeof hits) => sql<number>`(${sql.join(parts, sql` + `)})`;
  return db
    .selectFrom('Article')
    .select(['id', 'title', 'body'])
    .where('kind', '=', 'article')
    .where('published', '=', true)
    .where('lang', '=', lang)
    .where(sql<boolean>`${sum(hits)} > 0`)
    .orderBy(sum(hits), 'desc')
    .orderBy(sum(inTitle), 'desc')
    .orderBy('title')
    .limit(limit)
    .execute();
}
