// Parses input with a zod schema; failures become a 400 naming every offending field.
import type { z } from 'zod';
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
