// Full-text search over incidents: PostgreSQL FTS with the Russian and English configurations
// over title, request description and comments, plus trigram word similarity so a typo or a
// word fragment still finds the incident. Two search documents are kept on the incident row:
// everything (staff search it) and the public part without internal comments (what a
// requester or an observer searches: a word of an internal note never finds them anything).
import { Prisma } from '../../generated/prisma/client';
import { CompiledQuery, Kysely } from 'kysely';
import type { Database, Db } from '../../infra/db';

type Sql = Pick<Db, '$executeRaw' | '$queryRaw'>;
/** Search hits fetched at a time; the list asks for more while the scope and filters leave too few. */
const SEARCH_BATCH = 300;

/** The search vector of a document: Russian and English stemming. */
export const searchVectorSql = (text: string) => `to_tsvector('russian', ${text}) || to_tsvector('english', ${text})`;

/** Which document a search reads: all of it (staff) or its public part. */
export type SearchDocument = 'all' | 'public';
const columns = (doc: SearchDocument) =>
  doc === 'all'
    ? { text: Prisma.raw('i."searchText"'), vector: Prisma.raw('i."searchVector"') }
    : { text: Prisma.raw('i."publicSearchText"'), vector: Prisma.raw('i."publicSearchVector"') };

/** What was searched, and how it matched: full text (stemmed words) or, when nothing did, trigram similarity. */
export interface SearchText {
  text: string;
  fullText: boolean;
}

/** Whether an incident i matches the search in the given document, as the batch that found it matched. */
export function searchMatches(search: SearchText, doc: SearchDocument): Prisma.Sql {
  const c = columns(doc);
  return search.fullText
    ? Prisma.sql`${c.vector} @@ (websearch_to_tsquery('russian', ${search.text}) || websearch_to_tsquery('english', ${search.text}))`
    : Prisma.sql`${search.text} <% ${c.text}`;
}

/** Rebuilds the incident's search documents; called when its text changes. */
export async function refreshIncidentSearch(db: Sql | Database, incidentId: string): Promise<void> {
  const comments = (filter: string) =>
    Prisma.raw(`(SELECT string_agg(c.body, ' ' ORDER BY c."createdAt") FROM "Comment" c WHERE c."incidentId" = i.id${filter})`);
  const statement = Prisma.sql`
    WITH doc AS (
      SELECT i.id, concat_ws(' ', i.title, r.description, ${comments('')}) AS text,
             concat_ws(' ', i.title, r.description, ${comments(' AND c.public')}) AS public
      FROM "Incident" i JOIN "ServiceRequest" r ON r.id = i."requestId" WHERE i.id = ${incidentId}::uuid)
    UPDATE "Incident" i SET "searchText" = doc.text, "searchVector" = ${Prisma.raw(searchVectorSql('doc.text'))},
                            "publicSearchText" = doc.public, "publicSearchVector" = ${Prisma.raw(searchVectorSql('doc.public'))}
    FROM doc WHERE i.id = doc.id`;
  // TRANSITION (issue 11 item 2): comments.ts refreshes inside its Kysely transaction (searchRepository.ts takes this over).
  if (db instanceof Kysely) await db.executeQuery(CompiledQuery.raw(statement.text, statement.values));
  else await db.$executeRaw(statement);
}

export interface SearchBatch {
  ids: string[];
  search: SearchText;
  /** Where the next batch of full-text matches starts (older than this one), if there may be more. */
  next: { at: Date; id: string } | null;
}

/**
 * One batch of incidents matching the search in a document, newest first: full-text matches
 * (Russian and English stemming, GIN index), older than `below` when given; when there are
 * none at all, trigram word similarity finds typos.
 */
export async function searchIncidents(
  db: Sql,
  text: string,
  doc: SearchDocument,
  below?: { at: Date; id: string } | null,
  size = SEARCH_BATCH,
): Promise<SearchBatch> {
  const fullText = { text, fullText: true };
  const fts = await db.$queryRaw<{ id: string; at: Date }[]>`
    SELECT i.id::text AS id, i."createdAt" AS at FROM "Incident" i
    WHERE ${searchMatches(fullText, doc)}
      AND (${below?.at ?? null}::timestamptz IS NULL OR (i."createdAt", i.id) < (${below?.at ?? null}::timestamptz, ${below?.id ?? null}::uuid))
    ORDER BY i."createdAt" DESC, i.id DESC
    LIMIT ${size}`;
  const last = fts[fts.length - 1];
  if (fts.length || below) return { ids: fts.map((r) => r.id), search: fullText, next: fts.length === size && last ? { at: last.at, id: last.id } : null };
  const similar = { text, fullText: false };
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT i.id::text AS id FROM "Incident" i
    WHERE ${searchMatches(similar, doc)}
    ORDER BY word_similarity(${text}, ${columns(doc).text}) DESC, i."createdAt" DESC
    LIMIT ${size}`;
  return { ids: rows.map((r) => r.id), search: similar, next: null };
}
