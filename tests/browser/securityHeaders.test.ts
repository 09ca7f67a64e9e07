// Security headers on every response, and the pages under that Content-Security-Policy in real
// Chromium: every page an admin can open loads with no CSP violation and no console error, and
// the sign-out button (a POST form) still signs out.
import { APP_URL, testEnv } from '../support/env';
import { useBrowser, newPage, signIn } from '../support/browser';

const browser = useBrowser();

test('pages, assets, the API and its errors all carry the security headers (no HSTS on http)', async () => {
  const html = await fetch(`${APP_URL}/board`);
  const asset = /src="(\/_app\/[^"]+\.js)"|import\("(\/_app\/[^"]+\.js)"\)/.exec(await html.text())!;
  for (const path of ['/board', asset[1] ?? asset[2]!, '/api/health', '/api/me', '/auth/logout']) {
    const res = await fetch(`${APP_URL}${path}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain(`form-action 'self' ${new URL(testEnv.OIDC_ISSUER!).origin}`);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  }
});

test('every page loads under the policy without a violation, and sign-out by POST works', async () => {
  const page = await newPage(browser(), { locale: 'en-US' });
  const problems: string[] = [];
  page.on('console', (message) => {
    // Signed out, the app's first /api/me is a 401 Chromium logs as an error: that one is expected.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  await signIn(page, 'admin');
  for (const nav of ['nav-portal', 'nav-journal', 'nav-clients', 'nav-reports', 'nav-assets', 'nav-admin']) {
    await page.getByTestId(nav).click();
    await page.waitForLoadState('networkidle');
  }
  await page.goto('/board');
  await page.getByTestId('current-user').waitFor();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in').waitFor();
  expect((await page.request.get(`${APP_URL}/api/me`)).status()).toBe(401);
  expect(problems).toEqual([]);
  await page.context().close();
});
