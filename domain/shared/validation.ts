// Parses input with a zod schema; failures become a 400 naming every offending field.
import { z } from 'zod';
import { invalid } from './errors';

/** A UUID as the database's uuid columns take it (any version). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(
    result.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = [...issue.path, ...(keys.length === 1 ? keys : [])].join('.');
      return { field: path || keys.join(',') || '(body)', message: issue.message };
    }),
  );
}

/** A phone number as the desk keeps it: E.164. */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 format, e.g. +74951234567');

/** An Idempotency-Key header: 8-200 printable ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** A calendar day as YYYY-MM-DD (a report's period, a day of time spent): 2026-02-30 and 0000-00-00 are not days. */
export const CALENDAR_DAY = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1970 && d.toISOString().startsWith(v);
  }, 'is not a calendar date');
