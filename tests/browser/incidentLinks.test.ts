// The incident page's links block on a 360 px phone, by keyboard only (issue 17): a supervisor
// marks an incident as a mass incident, links another incident by pasting its address, relates a
// third; the child shows its parent, the related one shows the link back; a bad paste is named.
import { api } from '../support/api';
import { openDb } from '../support/db';
import { useBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';
import { letterMarker } from '../support/marker';

const db = openDb();
const browser = useBrowser();
afterAll(() => db.$disconnect());

async function incident(description: string): Promise<string> {
  const phone = `+7916${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
  const res = await api('sergey', 'POST', '/api/requests', {
    phone,
    serviceCode: 'it-network',
    description,
    client: { name: `Caller ${letterMarker('', 5)}` },
  });
  expect(res.status).toBe(201);
  return (await waitFor('incident', () => db.incident.findFirst({ where: { requestId: res.body.request.id } }), 30000)).id;
}

test('a supervisor marks a mass incident, links and relates incidents by keyboard on a phone', async () => {
  const parent = await incident('Switch in building B is down');
  const child = await incident('No network at desk 4');
  const related = await incident('Wi-Fi drops on floor 2');
  const page = await newPage(browser(), { locale: 'en-GB', ...PHONE });
  await signIn(page, 'sergey');
  await page.goto(`/incidents/${parent}`);
  const block = page.getByTestId('incident-links');
  await block.waitFor();

  await page.getByTestId('links-mark').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('links-mass').waitFor();

  await page.getByTestId('links-children-input').focus();
  await page.keyboard.type('nothing useful');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect(await page.getByTestId('links-error').textContent()).toContain('Paste an incident link or id');

  await page.getByTestId('links-children-input').fill(`${page.url().replace(parent, child)}`);
  await page.getByTestId('links-children-input').press('Tab');
  await page.keyboard.press('Enter');
  await page.getByTestId('links-children').getByRole('link').first().waitFor();
  expect(await page.getByTestId('links-children').getByRole('link').count()).toBe(1);

  await page.getByTestId('links-related-input').focus();
  await page.keyboard.type(related);
  await page.keyboard.press('Enter');
  await page.getByTestId('links-related').getByRole('link').first().waitFor();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'incident-links-phone-en');

  await page.goto(`/incidents/${child}`);
  await page.getByTestId('links-parent').waitFor();
  expect(await page.getByTestId('links-parent').getByRole('link').getAttribute('href')).toBe(`/incidents/${parent}`);
  await page.goto(`/incidents/${related}`);
  await page.getByTestId('links-related').getByRole('link').first().waitFor();
  expect(await page.getByTestId('links-related').getByRole('link').getAttribute('href')).toBe(`/incidents/${parent}`);
}, 180000);
