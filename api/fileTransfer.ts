// File bytes over HTTP (incident attachments, chat files): the multipart upload and the safe download.
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import type { IncomingFile } from '../domain/shared/fileStorage';
import { DomainError, invalid } from '../domain/shared/errors';

/** Streams the multipart field "file" into store; anything else is a 415 or a 400. */
export function receiveFile<T>(req: Request, store: (file: IncomingFile) => Promise<T>): Promise<T> {
  if (!req.is('multipart/form-data'))
    throw new DomainError(415, 'Unsupported Media Type', 'send the file as multipart/form-data in the field "file"', [
      { field: 'file', message: 'multipart/form-data expected' },
    ]);
  // A broken multipart body (no boundary, a bad part header, cut off) is the sender's fault: 400, not 500.
  const unreadable = (error: Error) => invalid([{ field: 'file', message: `not a readable multipart body: ${error.message}` }]);
  let form: busboy.Busboy;
  try {
    form = busboy({ headers: req.headers, limits: { files: 1, fields: 5 }, defParamCharset: 'utf8' }); // browsers send UTF-8 file names
  } catch (error) {
    throw unreadable(error as Error);
  }
  return new Promise((resolve, reject) => {
    let handled = false;
    form.on('file', (name, stream, info) => {
      if (name !== 'file' || handled) return void stream.resume();
      handled = true;
      store({ fileName: info.filename ?? 'file', contentType: info.mimeType, stream }).then(resolve, (error: unknown) => {
        req.unpipe(form);
        req.resume();
        reject(error);
      });
    });
    form.on('error', (error: Error) => reject(unreadable(error)));
    form.on('close', () => {
      if (!handled) reject(invalid([{ field: 'file', message: 'required' }]));
    });
    req.pipe(form);
  });
}

/** RFC 6266 / 5987: an ASCII fallback name and the exact UTF-8 name. */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Sends a stored file as a download that no browser renders; a read error rejects (a problem response). */
export function sendFile(res: Response, attachment: { contentType: string; size: number; fileName: string }, content: Readable): Promise<void> {
  res.status(200).set({
    'Content-Type': attachment.contentType,
    'Content-Length': String(attachment.size),
    'Content-Disposition': disposition(attachment.fileName),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  });
  return new Promise((resolve, reject) => {
    content
      .on('error', reject)
      .on('close', () => resolve())
      .pipe(res);
  });
}
