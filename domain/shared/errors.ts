// Domain errors; the HTTP layer turns each into application/problem+json.
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly errors: FieldError[] = [],
    /** A problem type URI when clients must tell this problem apart (RFC 9457 "type"). */
    readonly type = 'about:blank',
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(404, 'Not Found', `${what} not found`);
export const forbidden = (detail: string) => new DomainError(403, 'Forbidden', detail);
export const conflict = (detail: string) => new DomainError(409, 'Conflict', detail);
export const unauthorized = (detail = 'sign in required') => new DomainError(401, 'Unauthorized', detail);
export const invalid = (errors: FieldError[]) =>
  new DomainError(400, 'Bad Request', `invalid input: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
