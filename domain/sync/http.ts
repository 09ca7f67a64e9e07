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
  const init: RequestInit = { method: call.method ?? 'GET', headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) };
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
  const text = await res.text();
  if (res.ok) return text ? (JSON.parse(text) as unknown) : {};
  if (res.status === 404 && call.absentIsNull) return null;
  const detail = `${init.method} ${url} answered ${res.status}: ${text.slice(0, 300)}`;
  if (res.status >= 500 || res.status === 408 || res.status === 429) throw new SyncUnavailable(detail);
  throw new SyncRejected(detail);
}
