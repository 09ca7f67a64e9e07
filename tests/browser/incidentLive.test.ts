// The incident page in Chromium (issue 17): its executor edits the title and description and
// cancels the incident with a reason, and a supervisor watching the same page on a phone sees
// both without reloading (the board's live stream).
import type { Browser } from 'playwright-core';
import { fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { launchBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';
import { OLGA, roomAtOlga } from '../support/agentRoom';

const db = openDb();
roomAtOlga(db);
let browser: Browser;
afterAll(async () => {
  await browser?.close();
  await db.$disconnect();
});

test('an edit and a cancel on the incident page reach another viewer live', async () => {
  browser = await launchBrowser();
  const marker = `LV${Date.now().toString(36)}`;
  const requestId = await fileRequest('olga', 'it-laptop', `${marker} docking station is dead`, '+74950000013');
  const { id } = await waitFor('incident assigned to Olga', () => db.incident.findFirst({ where: { requestId, assigneeId: OLGA, status: 'ASSIGNED' } }), 30000);

  const watcher = await newPage(browser, { locale: 'ru-RU', ...PHONE });
  await signIn(watcher, 'sergey');
  await watcher.goto(`/incidents/${id}`);
  await watcher.getByTestId('workspace-title').waitFor();

  const agent = await newPage(browser, { locale: 'en-GB' });
  await signIn(agent, 'olga');
  await agent.goto(`/incidents/${id}`);
  await agent.getByTestId('incident-edit').click();
  await agent.getByTestId('incident-edit-title').fill(`${marker} Docking station replaced`);
  await agent.getByTestId('incident-edit-description').fill('The dock does not power the monitor');
  await agent.getByTestId('incident-edit-save').click();
  await agent
    .getByTestId('workspace-title')
    .filter({ hasText: `${marker} Docking station replaced` })
    .waitFor();

  // The watcher's page follows without a reload.
  await watcher
    .getByTestId('workspace-title')
    .filter({ hasText: `${marker} Docking station replaced` })
    .waitFor();
  await watcher.getByTestId('workspace-description').filter({ hasText: 'The dock does not power the monitor' }).waitFor();

  await agent.getByTestId('cancel-toggle').click();
  await agent.getByTestId('cancel-reason-input').fill('The client found a spare dock');
  await screenshot(agent, 'incident-cancel-en');
  await agent.getByTestId('cancel-submit').click();
  await agent.locator('[data-testid="incident-card"][data-status="CANCELLED"]').waitFor();
  await watcher.locator('[data-testid="incident-card"][data-status="CANCELLED"]').waitFor();
  expect(await watcher.getByTestId('incident-edit').count()).toBe(0);
  await screenshot(watcher, 'incident-cancelled-phone-ru');
  expect(await db.incident.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'CANCELLED', title: `${marker} Docking station replaced` });
}, 120000);
