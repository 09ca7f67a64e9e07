// A delivery's insert deduplication token (relay.ts, chatRelay.ts): ClickHouse drops a batch
// whose token it has seen, so a batch shipped again after a lost answer changes no result.
import { createHash } from 'node:crypto';

/** The same rows give the same token, whatever order they come in. */
export function batchToken(rows: { id: string }[]): string {
  return createHash('sha256')
    .update(
      rows
        .map((r) => r.id)
        .sort()
        .join(','),
    )
    .digest('hex');
}
