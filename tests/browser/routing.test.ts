// An admin re-points a routing rule in the browser and the next QR report follows it: the seed's
// rule sends printers to the Repair service; the admin edits it to IT on the routing rules
// tab (the preview agrees), an employee reports a paper jam from the printer's label on a
// 360 px phone in two taps, and the incident opens in IT. The rule is put back through the API.
import { api } from '../support/api';
import { openDb } from '../support/db';
import { useBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';

const db = openDb();
const browser = useBrowser();
afterAll(() => db.$disconnect());
const PRINTER = 'demo-printer-3rd-floor';

interface Rule {
  id: string;
  serviceClass: string | null;
  serviceType: string | null;
  problemType: string | null;
  departmentId: string;
  priority: number;
}

test('an admin points the printer rule at IT; the next QR report from a phone lands in IT', async () => {
  const rules = (await api<{ items: Rule[] }>('admin', 'GET', '/api/admin/routing-rules')).body.items;
  const rule = rules.find((r) => r.serviceClass === 'hardware' && r.serviceType === 'printer' && r.problemType === null);
  if (!rule) throw new Error(`the seed's printer rule is missing: ${JSON.stringify(rules)}`);
  const repair = await db.department.findUniqueOrThrow({ where: { code: 'repair' } });
  const it = await db.department.findUniqueOrThrow({ where: { code: 'it' } });
  expect(rule.departmentId).toBe(repair.id);

  try {
    const admin = await newPage(browser(), { locale: 'en-US' });
    await signIn(admin, 'admin');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-tab-routing').click();
    const table = admin.getByTestId('admin-routing-rules');
    const row = table
      .getByTestId('admin-row')
      .filter({ has: admin.getByRole('cell', { name: 'hardware', exact: true }) })
      .filter({ has: admin.getByRole('cell', { name: 'printer', exact: true }) })
      .filter({ has: admin.getByRole('cell', { name: '*', exact: true }) });
    await row.getByRole('cell', { name: `${repair.name} (repair)`, exact: true }).waitFor();
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = table.getByTestId('admin-form');
    // The keyboard follows into the form, which opens above the table.
    await admin.waitForFunction(() => document.activeElement?.closest('[data-testid="admin-form"]') !== null);
    expect(await form.getByLabel('Service class').inputValue()).toBe('hardware');
    expect(await form.getByLabel('Service type').inputValue()).toBe('printer');
    await form.getByLabel('Department').selectOption(it.id);
    await form.getByTestId('admin-save').click();
    await table.getByTestId('admin-message').getByText('Saved').waitFor();
    await row.getByRole('cell', { name: `${it.name} (it)`, exact: true }).waitFor();
    expect((await db.routingRule.findUniqueOrThrow({ where: { id: rule.id } })).departmentId).toBe(it.id);

    // The preview names the department the edited rule now sends printers to.
    await admin.getByTestId('preview-class').fill('hardware');
    await admin.getByTestId('preview-type').fill('printer');
    await admin.getByTestId('preview-run').click();
    await admin.getByTestId('preview-result').getByText(it.name, { exact: true }).waitFor();
    await screenshot(admin, 'admin-routing-en');
    await admin.context().close();

    // An employee scans the printer's label with a phone: problem type, Report.
    const phone = await newPage(browser(), { locale: 'ru-RU', ...PHONE });
    await signIn(phone, 'maria');
    await phone.goto(`/q/${PRINTER}`);
    await phone.getByTestId('qr-device').waitFor();
    const filed = phone.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/qr/${PRINTER}/reports`));
    await phone.getByTestId('qr-type-paper-jam').tap();
    await phone.getByTestId('qr-report').tap();
    const response = await filed;
    expect(response.status()).toBe(201);
    const requestId = ((await response.json()) as { request: { id: string } }).request.id;
    await phone.getByTestId('qr-filed').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.context().close();

    const request = await db.serviceRequest.findUniqueOrThrow({ where: { id: requestId }, include: { asset: true } });
    expect(request).toMatchObject({ channel: 'QR', problemType: 'paper-jam', asset: { qrToken: PRINTER } });
    const incident = await waitFor('incident', () => db.incident.findFirst({ where: { requestId }, include: { department: true } }), 30000);
    expect(incident.department.code).toBe('it'); // the rule as edited, not the catalog's Repair
  } finally {
    const restored = await api('admin', 'PATCH', `/api/admin/routing-rules/${rule.id}`, { departmentId: rule.departmentId });
    expect(restored.status).toBe(200);
  }
  expect(await db.routingRule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({ departmentId: repair.id, priority: rule.priority });
});
