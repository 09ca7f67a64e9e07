// Which errors mean "a service the desk depends on did not answer" (PostgreSQL, Temporal,
// Keycloak): the one place that tells them apart from bugs, so the API answers them with 503
// and Retry-After (problem.ts) instead of a 500 that asks nobody to retry.
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** Seconds a client is asked to wait: PostgreSQL restarts in about 3 s, Temporal's dev server in about 5 s. */
export const RETRY_AFTER_SECONDS = 10;

// Socket-level failures (Node, undici) of any client library.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
// PostgreSQL: connection exceptions (class 08), the server shutting down or starting (57P01-57P03), too many connections.
const POSTGRES_CODES = /^(08...|57P0[123]|53300)$/;
// pg's own messages when a connection dies or the pool cannot get one in time.
const POSTGRES_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;
// gRPC: UNAVAILABLE (14) and DEADLINE_EXCEEDED (4), the call deadline of workflows/client.ts.
const GRPC_CODES = new Set([4, 14]);

function unavailableHere(error: unknown): string | null {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'temporal';
  if (isGrpcServiceError(error) && GRPC_CODES.has(error.code)) return 'temporal';
  const e = error as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof e.code === 'string' && POSTGRES_CODES.test(e.code)) return 'database';
  if (typeof e.message === 'string' && POSTGRES_MESSAGES.test(e.message)) return 'database';
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return 'network';
  if (e.name === 'TimeoutError') return 'network';
  return null;
}

/** The dependency that did not answer (temporal, database, network), looking through causes; null for any other error. */
export function unavailableDependency(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const found = unavailableHere(e);
    if (found) return found;
  }
  return null;
}
