// Sends a CSV export as a download; the rows are written as the domain produces them.
import type { Response } from 'express';

export async function sendCsv(res: Response, name: string, produce: (write: (chunk: string) => void) => Promise<void>): Promise<void> {
  // Collected first so that a failure (bad filter, lost database) still becomes a problem
  // response instead of a truncated file.
  const chunks: string[] = [];
  await produce((chunk) => chunks.push(chunk));
  const day = new Date().toISOString().slice(0, 10);
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .setHeader('Content-Disposition', `attachment; filename="${name}-${day}.csv"`)
    .setHeader('X-Content-Type-Options', 'nosniff')
    .send(chunks.join(''));
}

/** The reply of an endpoint answering with a CSV download. */
export const csvReply = (name: string, produce: (write: (chunk: string) => void) => Promise<void>) => ({
  sent: (res: Response) => sendCsv(res, name, produce),
});
