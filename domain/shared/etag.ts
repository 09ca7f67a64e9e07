// Optimistic concurrency for edits (RFC 9110 ETag / If-Match): a row's version is its last
// change; an edit sent with If-Match of an older version is refused (409) instead of silently
// overwriting what someone else changed meanwhile. Pure: the web app reads versions too.

/** The version of a row for ETag / If-Match: its last change, compact. */
export const versionTag = (row: { updatedAt: string }): string => `"${Date.parse(row.updatedAt).toString(36)}"`;

/** Whether an If-Match header (absent, "*", or a list of possibly weak tags) accepts this version. */
export function ifMatchAccepts(ifMatch: string | undefined, tag: string): boolean {
  if (ifMatch === undefined || ifMatch === '*') return true;
  return ifMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .includes(tag);
}
