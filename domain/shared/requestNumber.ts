/** The request number people read (notification subjects, replies by mail): the id's first 8 hex digits, upper case. */
export const requestNumber = (requestId: string) => requestId.slice(0, 8).toUpperCase();

/** The request number named in a text (an e-mail subject), if any. */
export function requestNumberIn(text: string): string | null {
  return /(?:^|[^0-9A-Za-z])([0-9A-F]{8})(?![0-9A-Za-z])/.exec(text)?.[1] ?? null;
}
