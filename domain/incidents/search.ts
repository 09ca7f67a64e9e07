// Full-text search over incidents: PostgreSQL FTS with the Russian and English configurations
// over title, request description and comments, plus trigram word similarity so a typo or a
// word fragment still finds the incident. Two search documents are kept on the incident row:
// everything (staff search it) and the public part without internal comments (what a
// requester or an observer searches: a word of an internal note never finds them anything).
// The statements are in searchRepository.ts.
import { type Database } from '../../infra/db';
import { fullTextMatches, refreshSearchDocuments, similarMatches, type SearchDocument, type SearchText } from './searchRepository';

export type { SearchDocument, SearchText } from './searchRepository';

/** Search hits fetched at a time; the list asks for more while the scope and filters leave too few. */
const SEARCH_BATCH = 300;

/** Rebuilds the incident's search documents; called when its text changes (in the change's transaction). */
export async function refreshIncidentSearch(db: Parameters<typeof refreshSearchDocuments>[0], incidentId: string): Promise<void> {
  await refreshSearchDocuments(db, incidentId);
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
  db: Database,
  text: string,
  doc: SearchDocument,
  below?: { at: Date; id: string } | null,
  size = SEARCH_BATCH,
): Promise<SearchBatch> {
  const fullText = { text, fullText: true };
  const fts = await fullTextMatches(db, text, doc, below ?? null, size);
  const last = fts[fts.length - 1];
  if (fts.length || below) return { ids: fts.map((r) => r.id), search: fullText, next: fts.length === size && last ? { at: last.at, id: last.id } : null };
  const similar = { text, fullText: false };
  const rows = await similarMatches(db, text, doc, size);
  return { ids: rows.map((r) => r.id), search: similar, next: null };
}
