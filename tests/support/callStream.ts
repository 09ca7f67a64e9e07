// An operator's stream of caller cards (GET /api/me/calls/stream), read as a browser's
// EventSource would: every "call" event's card is collected, in order.
import { APP_URL, testEnv } from './env';
import { tokenFor } from './api';
import { waitFor } from './processes';

export interface CallStream {
  cards: any[];
  /** The first card (after those already taken) for which `match` holds. */
  next(match: (card: any) => boolean): Promise<any>;
  close(): void;
}

export async function openCallStream(username: string): Promise<CallStream> {
  const abort = new AbortController();
  const res = await fetch(`${APP_URL}/api/me/calls/stream`, { headers: { authorization: `Bearer ${await tokenFor(username)}` }, signal: abort.signal });
  if (res.status !== 200) throw new Error(`stream refused: ${res.status}`);
  const cards: any[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let connected: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (message.startsWith(': connected')) connected();
        const data = /^event: call\ndata: (.*)$/m.exec(message);
        if (data) cards.push(JSON.parse(data[1]!));
      }
    }
  })();
  await ready;
  let taken = 0;
  return {
    cards,
    next: (match) =>
      waitFor('a caller card', async () => {
        const i = cards.findIndex((c, n) => n >= taken && match(c));
        if (i < 0) return undefined;
        taken = i + 1;
        return cards[i];
      }),
    close: () => abort.abort(),
  };
}

/** Posts a call event to the webhook as the PBX does (with the shared secret, unless `secret` says otherwise). */
export async function callEvent(body: unknown, secret: string | null = testEnv.TELEPHONY_WEBHOOK_SECRET!): Promise<{ status: number; body: any }> {
  const res = await fetch(`${APP_URL}/api/telephony/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telephony-secret': secret }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
