// How a view writes a moment: an ISO 8601 string in UTC, null for none.
export function iso(d: Date): string;
export function iso(d: Date | null): string | null;
export function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}
