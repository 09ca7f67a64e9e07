// Ring event to caller card on screen, in Chromium: the operator's board is open, the PBX posts
// "ringing" for their extension to the webhook, and the time runs until the caller's card (with
// that number) is in the page's DOM, read by a MutationObserver in the page against the same
// wall clock. The baseline of the same run is the floor of any pushed card: the same Chromium,
// a bare page of a tiny server in this process with one EventSource, a POST that the server
// turns into one event, and the element inserted on it (no database, no access rule, no card).
// Goal (issue 13): p99 under 1 s. Run by scripts/bench.sh; writes bench/results/ring-to-card-*.json.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { loadConfig } from '../infra/config';
import { percentile, round } from './stats';
import { start, waitUntil } from './processes';
import { keycloakToken } from './keycloakToken';
import { launchBrowser, signInPage } from './browser';
import { writeResult } from './results';

const RINGS = Number(process.env.BENCH_RINGS ?? 100);
/** Between rings, as calls come to one operator (and so one ring never overtakes the last). */
const GAP_MS = 150;

/** Keeps, per number shown, when its element first appeared (Date.now() in the page). */
async function watch(page: Page, selector: string): Promise<void> {
  await page.evaluate(`(() => {
    window.seen = {};
    new MutationObserver(() => {
      for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
        const n = el.textContent.match(/\\+\\d+/)?.[0];
        if (n && !(n in window.seen)) window.seen[n] = Date.now();
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
}

/** When the number's element appeared (read every 20 ms; the time itself is the page's, so the reading adds nothing). */
async function seenAt(page: Page, number: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const at = await page.evaluate<number | undefined>(`window.seen[${JSON.stringify(number)}]`);
    if (at) return at;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no card for ${number}`);
}

async function ringsToCards(page: Page, ring: (number: string, i: number) => Promise<void>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < RINGS; i++) {
    const number = `+7933${randomInt(1_000_000, 9_999_999)}`;
    const t0 = Date.now();
    await ring(number, i);
    ms.push((await seenAt(page, number)) - t0);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(GAP_MS);
  }
  return ms;
}

/** The baseline's server: GET / a page with an EventSource, GET /events the stream, POST /ring?n= one event. */
async function bareServer(): Promise<{ url: string; close: () => void }> {
  const streams = new Set<http.ServerResponse>();
  const page = `<!doctype html><body><script>new EventSource('/events').addEventListener('call', (e) => {
    const el = document.createElement('p'); el.className = 'card'; el.textContent = e.data; document.body.replaceChildren(el); });</script></body>`;
  const server = http.createServer((req, res) => {
    if (req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
    } else if (req.method === 'POST' && req.url?.startsWith('/ring')) {
      const n = new URL(req.url, 'http://x').searchParams.get('n') ?? '';
      for (const s of streams) s.write(`event: call\ndata: ${n}\n\n`);
      res.end('{}');
    } else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => (server.closeAllConnections(), server.close()) };
}

async function main() {
  const config = loadConfig();
  const app = start('dist/api/main.js', 'bench-ring-app');
  const browser = await launchBrowser();
  const bare = await bareServer();
  try {
    await waitUntil('app health', async () => (await fetch(`${config.PUBLIC_URL}/api/health`)).ok);
    const extension = `75${randomInt(10_000, 99_999)}`;
    const put = await fetch(`${config.PUBLIC_URL}/api/me/extension`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await keycloakToken(config.OIDC_ISSUER, 'olga')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ extension }),
    });
    if (!put.ok) throw new Error(`extension not set: ${put.status}`);

    const context = await browser.newContext({ baseURL: config.PUBLIC_URL, viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    const stream = page.waitForResponse((r) => r.url().endsWith('/api/me/calls/stream'));
    await signInPage(page, 'olga');
    await stream;
    await watch(page, '[data-testid="call-card-number"]');
    const tag = Date.now().toString(36);
    const desk = await ringsToCards(page, async (caller, i) => {
      const res = await fetch(`${config.PUBLIC_URL}/api/telephony/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telephony-secret': config.TELEPHONY_WEBHOOK_SECRET },
        body: JSON.stringify({ event: 'ringing', callId: `bench-${tag}-${i}`, caller, called: '+74950000000', extension }),
      });
      if (!res.ok) throw new Error(`ring refused: ${res.status}`);
    });

    const bareContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const barePage = await bareContext.newPage();
    const bareStream = barePage.waitForResponse((r) => r.url().endsWith('/events'));
    await barePage.goto(bare.url);
    await bareStream;
    await watch(barePage, '.card');
    const floor = await ringsToCards(barePage, async (number) => {
      await fetch(`${bare.url}/ring?n=${encodeURIComponent(number)}`, { method: 'POST' });
    });

    const p = (values: number[], q: number) => round(percentile(values, q));
    const result = {
      at: new Date().toISOString(),
      rings: RINGS,
      gapMs: GAP_MS,
      deskMs: { p50: p(desk, 50), p95: p(desk, 95), p99: p(desk, 99), max: Math.max(...desk) },
      bareSseMs: { p50: p(floor, 50), p95: p(floor, 95), p99: p(floor, 99), max: Math.max(...floor) },
      p99Ratio: round(percentile(desk, 99) / Math.max(1, percentile(floor, 99))),
      goalP99Ms: 1000,
      goalMet: percentile(desk, 99) < 1000,
    };
    writeResult('ring-to-card', result);
  } finally {
    bare.close();
    await browser.close();
    app.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
