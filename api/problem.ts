// RFC 9457 problem details for every error the API returns.
import type { ErrorRequestHandler, Response } from 'express';
import { DomainError, type FieldError } from '../domain/shared/errors';
import { log } from '../infra/logger';
import { RETRY_AFTER_SECONDS, unavailableDependency } from './unavailable';

export function sendProblem(res: Response, status: number, title: string, detail: string, errors?: FieldError[], type = 'about:blank'): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type, title, status, detail, ...(errors?.length ? { errors } : {}) }));
}

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  if (error instanceof DomainError) return sendProblem(res, error.status, error.title, error.message, error.errors, error.type);
  const e = error as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed')
    return sendProblem(res, 400, 'Bad Request', 'request body is not valid JSON', [{ field: '(body)', message: e.message ?? 'invalid JSON' }]);
  if (e.type === 'entity.too.large') return sendProblem(res, 413, 'Payload Too Large', 'request body is too large');
  if (e.status && e.status >= 400 && e.status < 500) return sendProblem(res, e.status, 'Bad Request', e.message ?? 'bad request');
  const down = unavailableDependency(error);
  if (down) {
    log.warn('dependency unavailable', { dependency: down, path: req.path, error: String((error as Error)?.message ?? error) });
    if (res.headersSent) return void res.end();
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return sendProblem(res, 503, 'Service Unavailable', `a service the desk depends on (${down}) did not answer; retry in ${RETRY_AFTER_SECONDS} seconds`);
  }
  log.error('unhandled error', { path: req.path, error: String((error as Error)?.stack ?? error) });
  sendProblem(res, 500, 'Internal Server Error', 'unexpected error; it has been logged');
};
