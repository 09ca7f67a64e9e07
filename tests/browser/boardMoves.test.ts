// Moving cards on the board with the mouse: each drop asks the workflow for the matching
// update; a move the process refuses leaves the card where it was and says why; supervisors
// work in a swimlane per agent and reassign by dropping a card into another agent's lane.
import type { Page } from 'playwright-core';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { roomAtOlga, OLGA } from '../support/agentRoom';
import { useBrowser, newPage, screenshot, signIn } from '../support/browser';
import { waitFor } from '../support/processes';

const db = openDb();
roomAtOlga(db);
const browser = useBrowser();
afterAll(() => db.$disconnect());

/** Files a request and waits until Olga holds its incident. */
async function olgasIncident(description: string): Promise<string> {
  const requestId = await fileRequest('sergey', 'it-laptop', description);
  const incident = await waitFor('incident opened', () => db.incident.findFirst({ where: { requestId } }), 30000);
  if (incident.assigneeId !== OLGA) await api('sergey', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'assign', assigneeId: OLGA });
  await waitFor('assigned to Olga', () => db.incident.findFirst({ where: { id: incident.id, assigneeId: OLGA, status: 'ASSIGNED' } }), 30000);
  return incident.id;
}

const card = (page: Page, id: string) => page.locator(`[data-testid="incident-card"][data-incident-id="${id}"]`);
const statusOf = (page: Page, id: string) => card(page, id).getAttribute('data-status');
async function dragTo(page: Page, id: string, status: string, lane?: string) {
  const scope = lane === undefined ? page : page.locator(`[data-testid="lane"][data-agent="${lane}"]`);
  await card(page, id).dragTo(scope.getByTestId(`column-${status}`));
}

test('an agent drags a card through the process; refused moves snap back with the reason', async () => {
  const marker = `Drag ${Date.now()}`;
  const id = await olgasIncident(marker);
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'olga');
  await page.goto(`/board?q=${encodeURIComponent(marker)}`); // this card alone: every column in view
  await card(page, id).waitFor();

  await dragTo(page, id, 'IN_PROGRESS');
  await waitFor('started', async () => ((await statusOf(page, id)) === 'IN_PROGRESS' ? true : null));

  // Nothing leads back to NEW: refused on the page, nothing asked.
  await dragTo(page, id, 'NEW');
  await page.getByTestId('move-error').waitFor();
  expect(await page.getByTestId('move-error').textContent()).toContain('No step of the process leads from');
  // Closing needs a resolution first: the workflow refuses, and the card stays. A full run saw
  // the page still saying the NEW refusal a minute after this drop: the drop never reached the
  // column (a drag under load can miss). A refused drop changes nothing, so it is made again.
  let said = '';
  for (let attempt = 0; attempt < 3 && !said.includes('not allowed while the incident is IN_PROGRESS'); attempt++) {
    await dragTo(page, id, 'CLOSED');
    await waitFor(
      'the workflow refusing to close',
      async () => {
        said = (await page.getByTestId('move-error').textContent({ timeout: 1000 })) ?? '';
        return said.includes('not allowed while the incident is IN_PROGRESS');
      },
      20000,
    ).catch(() => undefined);
  }
  expect(said).toContain('not allowed while the incident is IN_PROGRESS');
  expect(await statusOf(page, id)).toBe('IN_PROGRESS');
  expect((await db.incident.findUniqueOrThrow({ where: { id } })).status).toBe('IN_PROGRESS');
  await screenshot(page, 'board-move-refused-en');

  // Dropped on "Resolved": the card asks for the resolution text, then resolves.
  await dragTo(page, id, 'RESOLVED');
  await card(page, id).getByTestId('resolution-input').fill('Replaced the cable');
  await card(page, id).getByTestId('resolve-submit').click();
  await waitFor('resolved', async () => ((await statusOf(page, id)) === 'RESOLVED' ? true : null));
  expect((await db.incident.findUniqueOrThrow({ where: { id } })).resolution).toBe('Replaced the cable');
  await page.context().close();
});

test("a supervisor sees a lane per agent and reassigns by dropping into another agent's lane", async () => {
  const marker = `Lanes ${Date.now()}`;
  const id = await olgasIncident(marker);
  const sergey = (await db.employee.findUniqueOrThrow({ where: { username: 'sergey' } })).id;
  const page = await newPage(browser(), { locale: 'ru-RU', viewport: { width: 1600, height: 2400 } }); // every lane in view
  await signIn(page, 'sergey');
  await page.goto(`/board?q=${encodeURIComponent(marker)}`);
  const olgasLane = page.locator(`[data-testid="lane"][data-agent="${OLGA}"]`);
  await olgasLane.locator(`[data-incident-id="${id}"]`).waitFor();
  expect(await page.locator('[data-testid="lane"][data-agent=""]').count()).toBe(1); // the queue

  // Back to the queue is not a step of the process.
  await dragTo(page, id, 'ASSIGNED', '');
  await page.getByTestId('move-error').waitFor();
  expect((await db.incident.findUniqueOrThrow({ where: { id } })).assigneeId).toBe(OLGA);

  // Into Sergey's own lane, same column: reassigned through the workflow.
  await dragTo(page, id, 'ASSIGNED', sergey);
  await page.locator(`[data-testid="lane"][data-agent="${sergey}"] [data-incident-id="${id}"]`).waitFor();
  await waitFor('reassigned in the database', () => db.incident.findFirst({ where: { id, assigneeId: sergey } }));
  const transition = await db.incidentTransition.findFirst({ where: { incidentId: id, action: 'assign', actorId: sergey } });
  expect(transition).not.toBeNull();
  await screenshot(page, 'board-lanes-ru');
  await page.context().close();
});
