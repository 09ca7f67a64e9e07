// Full-text search over incidents: PostgreSQL FTS with the Russian and English configurations
// over title, request description and comments, plus trigram word similarity so a typo or a
// word fragment still finds the incident. The search document is kept on the incident row.
import type { Db } from '../infra/db';

type Sql = Pick<Db, '$executeRaw' | '$queryRaw'>;
/** Search hits considered before the other filters and the scope apply. */
const SEARCH_LIMIT = 5000;

/** Rebuilds the incident's search document; called when its text changes. */
export async function refreshIncidentSearch(db: Sql, incidentId: string): Promise<void> {
  await db.$executeRaw`
    WITH doc AS (
      SELECT i.id, concat_ws(' ', i.title, r.description, (SELECT string_agg(c.body, ' ' ORDER BY c."createdAt") FROM "Comment" c WHERE c."incidentId" = i.id)) AS text
      FROM "Incident" i JOIN "ServiceRequest" r ON r.id = i."requestId" WHERE i.id = ${incidentId}::uuid)
    UPDATE "Incident" i SET "searchText" = doc.text, "searchVector" = to_tsvector('russian', doc.text) || to_tsvector('english', doc.text)
    FROM doc WHERE i.id = doc.id`;
}

/** Ids of incidents whose text matches the search, best matches first. */
export async function searchIncidents(db: Sql, text: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH q AS (SELECT websearch_to_tsquery('russian', ${text}) || websearch_to_tsquery('english', ${text}) AS query)
    SELECT i.id::text AS id FROM "Incident" i, q
    WHERE i."searchVector" @@ q.query OR ${text} <% i."searchText"
    ORDER BY ts_rank(i."searchVector", q.query) DESC, word_similarity(${text}, i."searchText") DESC
    LIMIT ${SEARCH_LIMIT}`;
  return rows.map((r) => r.id);
}
