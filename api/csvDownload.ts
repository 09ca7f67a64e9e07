// Sends a CSV export as a download, streamed: rows go out as the domain reads them (pages of
// 1,000 rows, domain/lists/listQuery.ts allPages), and the next page waits while the client is
// slow (backpressure), so an export of 100,000 rows never sits in memory whole.
import type { Response } from 'express';

/**
 * Bytes held back before the first byte is sent: a failure (bad filter, lost database) before
 * this much is written still becomes a problem response instead of a truncated file. 64 KiB is
 * about 300 rows, so a screenful's export still answers in one piece.
 */
const HOLD_BYTES = 64 * 1024;

export type CsvWrite = (chunk: string) => void | Promise<void>;

export async function sendCsv(res: Response, name: string, produce: (write: CsvWrite) => Promise<void>): Promise<void> {
  let held: string[] = [];
  let heldBytes = 0;
  const flush = async () => {
    if (!res.headersSent) {
      const day = new Date().toISOString().slice(0, 10);
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="${name}-${day}.csv"`)
        .setHeader('X-Content-Type-Options', 'nosniff');
    }
    const chunk = held.join('');
    held = [];
    heldBytes = 0;
    if (chunk && !res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
  };
  try {
    await produce(async (chunk) => {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= HOLD_BYTES) await flush();
      if (res.destroyed) throw new Error('the client closed the export');
    });
  } catch (error) {
    // Once bytes are out a problem response is impossible: cutting the connection (no final
    // chunk) makes the client see a failed download, never a file that looks complete.
    if (res.headersSent) return void res.destroy(error as Error);
    throw error;
  }
  await flush();
  res.end();
}

/** The reply of an endpoint answering with a CSV download. */
export const csvReply = (name: string, produce: (write: CsvWrite) => Promise<void>) => ({
  sent: (res: Response) => sendCsv(res, name, produce),
});
