// One HTTP call to a ticket system, its failures sorted the one way every connector uses: the
// side is away (retry) or it refused us (hold). JSON in and out unless a raw body is given.
import { SyncRejected, SyncUnavailable } from './connector';

export interface HttpCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  body?: Buffer;
  contentType?: string;
  /** Answer null on 404 instead of refusing (a ticket that is gone). */
  absentIsNull?: boolean;
}

export async function callJson(url: string, headers: Record<string, string>, call: HttpCall, timeoutMs: number): Promise<unknown> {
  const bytes = await callBytes(url, { accept: 'application/json', ...headers }, call, timeoutMs);
  if (bytes === null) return null;
  const text = bytes.toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

/** The answer's raw bytes (a file's download), null on 404 with absentIsNull; failures sorted as callJson's. */
export async function callBytes(url: string, headers: Record<string, string>, call: HttpCall, timeoutMs: number): Promise<Buffer | null> {
  const init: RequestInit = { method: call.method ?? 'GET', headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs) };
  if (call.json !== undefined) {
    init.body = JSON.stringify(call.json);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  } else if (call.body) {
    init.body = new Uint8Array(call.body);
    (init.headers as Record<string, string>)['content-type'] = call.contentType ?? 'application/octet-stream';
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new SyncUnavailable(`${init.method} ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let body: Buffer;
  try {
    body = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw new SyncUnavailable(`${init.method} ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (res.ok) return body;
  if (res.status === 404 && call.absentIsNull) return null;
  const text = body.toString('utf8');
  const detail = `${init.method} ${url} answered ${res.status}: ${text.slice(0, 300)}`;
  if (res.status >= 500 || res.status === 408 || res.status === 429) throw new SyncUnavailable(detail);
  throw new SyncRejected(detail);
}
