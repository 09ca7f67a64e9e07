// Full-text search over incidents: PostgreSQL FTS with the Russian and English configurations
// over title, request description and comments, plus trigram word similarity so a typo or a
// word fragment still finds the incident. The search document is kept on the incident row.
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../infra/db';

type Sql = Pick<Db, '$executeRaw' | '$queryRaw'>;
/** Search hits fetched at a time; the list asks for more while the scope and filters leave too few. */
const SEARCH_BATCH = 300;

/** The search vector of a document: Russian and English stemming. */
export const searchVectorSql = (text: string) => `to_tsvector('russian', ${text}) || to_tsvector('english', ${text})`;

/** Rebuilds the incident's search document; called when its text changes. */
export async function refreshIncidentSearch(db: Sql, incidentId: string): Promise<void> {
  await db.$executeRaw`
    WITH doc AS (
      SELECT i.id, concat_ws(' ', i.title, r.description, (SELECT string_agg(c.body, ' ' ORDER BY c."createdAt") FROM "Comment" c WHERE c."incidentId" = i.id)) AS text
      FROM "Incident" i JOIN "ServiceRequest" r ON r.id = i."requestId" WHERE i.id = ${incidentId}::uuid)
    UPDATE "Incident" i SET "searchText" = doc.text, "searchVector" = ${Prisma.raw(searchVectorSql('doc.text'))}
    FROM doc WHERE i.id = doc.id`;
}

export interface SearchBatch {
  ids: string[];
  /** Full-text matches come newest first and can be paged; trigram (typo) matches cannot. */
  fullText: boolean;
  /** Where the next batch of full-text matches starts (older than this one), if there may be more. */
  next: { at: Date; id: string } | null;
}

/**
 * One batch of incidents matching the search, newest first: full-text matches (Russian and
 * English stemming, GIN index), older than `below` when given; when there are none at all,
 * trigram word similarity finds typos.
 */
export async function searchIncidents(db: Sql, text: string, below?: { at: Date; id: string } | null, size = SEARCH_BATCH): Promise<SearchBatch> {
  const fts = await db.$queryRaw<{ id: string; at: Date }[]>`
    SELECT i.id::text AS id, i."createdAt" AS at FROM "Incident" i
    WHERE i."searchVector" @@ (websearch_to_tsquery('russian', ${text}) || websearch_to_tsquery('english', ${text}))
      AND (${below?.at ?? null}::timestamptz IS NULL OR (i."createdAt", i.id) < (${below?.at ?? null}::timestamptz, ${below?.id ?? null}::uuid))
    ORDER BY i."createdAt" DESC, i.id DESC
    LIMIT ${size}`;
  const last = fts[fts.length - 1];
  if (fts.length || below) return { ids: fts.map((r) => r.id), fullText: true, next: fts.length === size && last ? { at: last.at, id: last.id } : null };
  const similar = await db.$queryRaw<{ id: string }[]>`
    SELECT i.id::text AS id FROM "Incident" i
    WHERE ${text} <% i."searchText"
    ORDER BY word_similarity(${text}, i."searchText") DESC, i."createdAt" DESC
    LIMIT ${size}`;
  return { ids: similar.map((r) => r.id), fullText: false, next: null };
}
