// How long a trained operator takes to file a known caller's request on the board's intake
// form in Chromium, typing at a fixed human pace, beside the baseline of the same run: the
// same keystrokes at the same pace into a bare text field (pure typing, no system behind it).
// The difference is what the system makes the operator wait (the caller's card, the catalog,
// filing). Keys besides the phone and the text are counted from the page's keydown events.
// Run by scripts/bench.sh; writes bench/results/intake-speed-*.json.
import { randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { loadConfig } from '../infra/config';
import { median, round } from './stats';
import { start, waitUntil } from './processes';
import { keycloakToken } from './keycloakToken';
import { launchBrowser, signInPage } from './browser';
import { writeResult } from './results';

const RUNS = Number(process.env.BENCH_INTAKE_RUNS ?? 5);
/** A trained operator: about 400 characters a minute, a little slower on digits. */
const PHONE_KEY_MS = 180;
const TEXT_KEY_MS = 150;
const ENTER_MS = 300; // deciding to press Enter after looking at the screen
// Latin text: Playwright types other alphabets as inserted text, without keydown events.
const DESCRIPTION = 'Printer shows a red light, does not print';

async function countKeys(page: Page): Promise<void> {
  await page.evaluate(`(() => { window.keys = []; document.addEventListener('keydown', (e) => window.keys.push(e.key), true); })()`);
}

async function main() {
  const config = loadConfig();
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  const app = start('dist/api/main.js', 'bench-intake-app');
  const browser = await launchBrowser();
  try {
    await waitUntil('app health', async () => (await fetch(`${config.PUBLIC_URL}/api/health`)).ok);
    const context = await browser.newContext({ baseURL: config.PUBLIC_URL, viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    await signInPage(page, 'elena');

    const intake: number[] = [];
    const typing: number[] = [];
    let extraKeys = 0;
    for (let run = 0; run < RUNS; run++) {
      // A caller the desk knows, with an earlier printer request closed by staff.
      const phone = `+7944${randomInt(1_000_000, 9_999_999)}`;
      const auth = { authorization: `Bearer ${await keycloakToken(config.OIDC_ISSUER, 'elena')}` };
      const created = await fetch(`${config.PUBLIC_URL}/api/clients`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench caller ${run}`, phones: [{ phone }] }),
      });
      const clientId = ((await created.json()) as { client: { id: string } }).client.id;
      // The earlier request is a fixture row (no process behind it is needed to show it).
      await sql.query(
        `INSERT INTO "ServiceRequest" (id, "clientId", "serviceId", channel, description, status, "closeReason", "closedAt", "workflowId", "updatedAt")
         SELECT $1::uuid, $2::uuid, s.id, 'PHONE', 'earlier', 'CLOSED', 'done', now(), $1::text, now() FROM "Service" s WHERE s.code = 'repair-printer'`,
        [randomUUID(), clientId],
      );

      await page.goto('/board');
      await page.getByTestId('intake-phone').focus();
      await countKeys(page);
      const description = `${DESCRIPTION} ${run}`;
      const t0 = Date.now();
      await page.keyboard.type(phone, { delay: PHONE_KEY_MS });
      await page.getByTestId('client-card').waitFor();
      await page.waitForTimeout(ENTER_MS);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(ENTER_MS);
      await page.keyboard.press('Enter');
      await page.keyboard.type(description, { delay: TEXT_KEY_MS });
      await page.waitForTimeout(ENTER_MS);
      await page.keyboard.press('Enter');
      await page.getByTestId('intake-filed').waitFor();
      intake.push(Date.now() - t0);
      const keys = await page.evaluate<string[]>('window.keys');
      extraKeys = Math.max(extraKeys, keys.length - phone.length - description.length);

      // Baseline: the same keys at the same pace into a bare field.
      await page.setContent('<textarea autofocus></textarea>');
      await page.locator('textarea').focus();
      const t1 = Date.now();
      await page.keyboard.type(phone, { delay: PHONE_KEY_MS });
      for (let enter = 0; enter < 2; enter++) {
        await page.waitForTimeout(ENTER_MS);
        await page.keyboard.press('Enter');
      }
      await page.keyboard.type(description, { delay: TEXT_KEY_MS });
      await page.waitForTimeout(ENTER_MS);
      await page.keyboard.press('Enter');
      typing.push(Date.now() - t1);
    }
    const result = {
      at: new Date().toISOString(),
      runs: RUNS,
      pace: { phoneKeyMs: PHONE_KEY_MS, textKeyMs: TEXT_KEY_MS, enterMs: ENTER_MS, descriptionChars: DESCRIPTION.length + 2 },
      keystrokesBesidesPhoneAndText: extraKeys,
      intakeMsMedian: median(intake),
      intakeMsMax: Math.max(...intake),
      typingOnlyMsMedian: median(typing),
      intakeToTypingRatio: round(median(intake) / median(typing)),
      systemWaitMsMedian: median(intake.map((ms, i) => ms - typing[i]!)),
    };
    writeResult('intake-speed', result);
  } finally {
    await browser.close();
    app.kill();
    await sql.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
