// Refuses text holding a NUL character (U+0000) in the path, the query or a JSON body, with a
// 400 naming the field. PostgreSQL cannot store it in a text column: before this guard, a
// fuzzer's "\u0000" in a note reached the database and came back as a 500.
import type { NextFunction, Request, Response } from 'express';
import { invalid } from '../domain/shared/errors';

/** The path (dot-separated) of the first string holding U+0000, or undefined. */
export function nulField(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
    const found = nulField(inner, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

export function rejectNulBytes(req: Request, _res: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(invalid([{ field: '(path)', message: 'not a valid percent-encoded path' }]));
  }
  const field = path.includes('\u0000') ? '(path)' : (nulField(req.query, '') ?? nulField(req.body, ''));
  next(field === undefined ? undefined : invalid([{ field: field || '(body)', message: 'must not contain the NUL character (U+0000)' }]));
}
