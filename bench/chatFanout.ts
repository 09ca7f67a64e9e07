// Live chat fan-out (issue 15), beside a baseline in the same run through the same server:
//   ours: a visitor's message frame -> stored -> pg_notify chat_changes -> the app's LISTEN ->
//         the hub -> the agent's socket, with 500 conversations open, each with its visitor's
//         socket connected and the agent's socket following all of them;
//   raw:  a bare echo over the same socket and server: the visitor's `ping` -> `pong`.
// One message at a time (latencies, not throughput), each from another visitor (the flood limit
// is per visitor). Also the widget's weight: the bytes of /chat/widget.js, /chat/embed and
// /chat/embed.js as sent and gzipped, and the time to fetch them. Writes bench/results/chat-fanout-*.json.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { loadConfig } from '../infra/config';
import { start, waitUntil } from './processes';
import { keycloakToken } from './keycloakToken';
import { p50p99, pool, round } from './stats';
import { writeResult } from './results';

const CONVERSATIONS = Number(process.env.BENCH_CHAT_CONVERSATIONS ?? 500);
const SENDS = Number(process.env.BENCH_CHAT_SENDS ?? 300);

type Frame = { type: string; [k: string]: unknown };

/** A socket that hands each frame to whoever waits for it. */
function open(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; next: (match: (f: Frame) => boolean) => Promise<Frame> }> {
  const ws = new WebSocket(url, { headers });
  const waiting = new Set<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    for (const w of waiting)
      if (w.match(frame)) {
        waiting.delete(w);
        w.resolve(frame);
      }
  });
  const next = (match: (f: Frame) => boolean) => new Promise<Frame>((resolve) => waiting.add({ match, resolve }));
  const hello = next((f) => f.type === 'hello');
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => void hello.then(() => resolve({ ws, next })));
  });
}

async function main() {
  const config = loadConfig();
  const base = config.PUBLIC_URL;
  const socketUrl = `${base.replace(/^http/, 'ws')}/api/chat/socket`;
  const app = start('dist/api/main.js', 'bench-chat-app');
  const worker = start('dist/worker/main.js', 'bench-chat-worker');
  try {
    await waitUntil('app health', async () => (await fetch(`${base}/api/health`)).ok, 120000);
    const admin = await keycloakToken(config.OIDC_ISSUER, 'admin');
    const asAdmin = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const settings = await fetch(`${base}/api/admin/chat-settings`, {
      method: 'PUT',
      headers: asAdmin,
      body: JSON.stringify({
        department: 'it',
        greeting: 'Hello',
        offlineMessage: 'Offline',
        allowedOrigins: [],
        capacity: 3,
        acceptSeconds: 600,
        escalateSeconds: 3600,
        opensAt: 0,
        closesAt: 1440,
      }),
    });
    if (!settings.ok) throw new Error(`chat settings: ${settings.status} ${await settings.text()}`);

    // 500 visitors, each with an open conversation and a connected socket following it.
    console.log(`opening ${CONVERSATIONS} conversations`);
    const visitors: { conversationId: string; socket: Awaited<ReturnType<typeof open>> }[] = [];
    await pool(CONVERSATIONS, 16, async (i) => {
      const v = (await (
        await fetch(`${base}/api/chat/visitor`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Bench ${i}` }),
        })
      ).json()) as {
        token: string;
      };
      const started = await fetch(`${base}/api/chat/visitor/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Chat-Visitor': v.token },
        body: '{}',
      });
      const { conversation } = (await started.json()) as { conversation: { id: string } };
      const socket = await open(`${socketUrl}?token=${encodeURIComponent(v.token)}`);
      socket.ws.send(JSON.stringify({ type: 'subscribe', conversationId: conversation.id }));
      await socket.next((f) => f.type === 'history');
      visitors.push({ conversationId: conversation.id, socket });
    });
    // The admin's socket follows every conversation (supervisors see all of them).
    const agent = await open(socketUrl, { authorization: `Bearer ${admin}` });
    for (const v of visitors) {
      agent.ws.send(JSON.stringify({ type: 'subscribe', conversationId: v.conversationId }));
      await agent.next((f) => f.type === 'history' && (f.conversation as { id: string }).id === v.conversationId);
    }

    const fanout: number[] = [];
    const echo: number[] = [];
    for (let i = 0; i < SENDS + 10; i++) {
      const v = visitors[i % visitors.length]!;
      // raw: the same socket and server, no store, no NOTIFY
      let t0 = performance.now();
      v.socket.ws.send(JSON.stringify({ type: 'ping' }));
      await v.socket.next((f) => f.type === 'pong');
      const rawMs = performance.now() - t0;
      // ours: the visitor's message until the agent's socket has it
      const clientMessageId = randomUUID();
      const heard = agent.next((f) => f.type === 'message' && (f.message as { clientMessageId: string }).clientMessageId === clientMessageId);
      t0 = performance.now();
      v.socket.ws.send(JSON.stringify({ type: 'message', conversationId: v.conversationId, clientMessageId, body: `bench ${i}` }));
      await heard;
      const oursMs = performance.now() - t0;
      if (i >= 10) {
        echo.push(rawMs);
        fanout.push(oursMs);
      }
    }

    // The widget's weight and fetch time (10 fetches each, the median).
    const widget: Record<string, { bytes: number; gzipBytes: number; fetchMsP50: number }> = {};
    for (const path of ['/chat/widget.js', '/chat/embed', '/chat/embed.js']) {
      const times: number[] = [];
      let body = Buffer.alloc(0);
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        body = Buffer.from(await (await fetch(`${base}${path}`)).arrayBuffer());
        times.push(performance.now() - t0);
      }
      widget[path] = { bytes: body.length, gzipBytes: gzipSync(body).length, fetchMsP50: p50p99(times).p50 };
    }

    const ours = p50p99(fanout);
    const raw = p50p99(echo);
    const result = {
      at: new Date().toISOString(),
      conversations: visitors.length,
      sends: fanout.length,
      fanoutMs: ours,
      rawEchoMs: raw,
      ratios: { p50: round(ours.p50 / raw.p50, 2), p99: round(ours.p99 / raw.p99, 2) },
      widget,
      widgetTotal: {
        bytes: Object.values(widget).reduce((s, w) => s + w.bytes, 0),
        gzipBytes: Object.values(widget).reduce((s, w) => s + w.gzipBytes, 0),
      },
    };
    console.log(`written to ${writeResult('chat-fanout', result)}`);
    for (const v of visitors) v.socket.ws.close();
    agent.ws.close();
  } finally {
    app.kill();
    worker.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
