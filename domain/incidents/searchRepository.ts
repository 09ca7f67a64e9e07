// The statements of full-text search over incidents (search.ts says how they are used): the
// match conditions over the two search documents kept on the incident row, their refresh, and
// the batches of matches.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../infra/db';

/** The search vector of a document: Russian and English stemming. */
export const searchVector = (text: RawBuilder<unknown>) => sql<string>`to_tsvector('russian', ${text}) || to_tsvector('english', ${text})`;

/** Which document a search reads: all of it (staff) or its public part. */
export type SearchDocument = 'all' | 'public';
const columns = (doc: SearchDocument) =>
  doc === 'all'
    ? { text: sql.ref('i.searchText'), vector: sql.ref('i.searchVector') }
    : { text: sql.ref('i.publicSearchText'), vector: sql.ref('i.publicSearchVector') };

/** What was searched, and how it matched: full text (stemmed words) or, when nothing did, trigram similarity. */
export interface SearchText {
  text: string;
  fullText: boolean;
}

/** Whether an incident i matches the search in the given document, as the batch that found it matched. */
export function searchMatches(search: SearchText, doc: SearchDocument): RawBuilder<boolean> {
  const c = columns(doc);
  return search.fullText
    ? sql<boolean>`${c.vector} @@ (websearch_to_tsquery('russian', ${search.text}) || websearch_to_tsquery('english', ${search.text}))`
    : sql<boolean>`${search.text} <% ${c.text}`;
}

/** The search documents rebuilt from the title, the request's description and the comments (the vectors are not in the typed schema). */
const refresh = (incidentId: string) => {
  const comments = (publicOnly: boolean) =>
    sql`(SELECT string_agg(c.body, ' ' ORDER BY c."createdAt") FROM "Comment" c WHERE c."incidentId" = i.id${publicOnly ? sql` AND c.public` : sql``})`;
  return sql`
    WITH doc AS (
      SELECT i.id, concat_ws(' ', i.title, r.description, ${comments(false)}) AS text,
             concat_ws(' ', i.title, r.description, ${comments(true)}) AS public
      FROM "Incident" i JOIN "ServiceRequest" r ON r.id = i."requestId" WHERE i.id = ${incidentId}::uuid)
    UPDATE "Incident" i SET "searchText" = doc.text, "searchVector" = ${searchVector(sql.ref('doc.text'))},
                            "publicSearchText" = doc.public, "publicSearchVector" = ${searchVector(sql.ref('doc.public'))}
    FROM doc WHERE i.id = doc.id`;
};

/** Rebuilds the incident's search documents. */
export async function refreshSearchDocuments(db: Database, incidentId: string): Promise<void> {
  await refresh(incidentId).execute(db);
}

/** Up to `size` full-text matches in a document, newest first, older than `below` when given (GIN index). */
export function fullTextMatches(db: Database, text: string, doc: SearchDocument, below: { at: Date; id: string } | null, size: number) {
  return db
    .selectFrom('Incident as i')
    .select([sql<string>`i.id::text`.as('id'), 'i.createdAt as at'])
    .where(searchMatches({ text, fullText: true }, doc))
    .where(sql<boolean>`(${below?.at ?? null}::timestamptz IS NULL OR (i."createdAt", i.id) < (${below?.at ?? null}::timestamptz, ${below?.id ?? null}::uuid))`)
    .orderBy(sql`i."createdAt" DESC, i.id DESC`)
    .limit(size)
    .execute();
}

/** Up to `size` trigram word-similarity matches in a document (typos, fragments), most similar first. */
export function similarMatches(db: Database, text: string, doc: SearchDocument, size: number) {
  return db
    .selectFrom('Incident as i')
    .select(sql<string>`i.id::text`.as('id'))
    .where(searchMatches({ text, fullText: false }, doc))
    .orderBy(sql`word_similarity(${text}, ${columns(doc).text}) DESC, i."createdAt" DESC`)
    .limit(size)
    .execute();
}
