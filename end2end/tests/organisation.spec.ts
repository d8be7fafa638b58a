import { test, expect, expectAccessible, ready, signIn, DEMO_PASSWORD } from './fixtures';
import type { Page } from '@playwright/test';
import { createHmac } from 'node:crypto';

/** What an authenticator app shows for a typed key (RFC 6238: HMAC-SHA1, 30 s, 6 digits). */
function totp(key: string, seconds = Date.now() / 1000): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = key
    .replace(/[\s=]/g, '')
    .toUpperCase()
    .split('')
    .map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0'))
    .join('');
  const secret = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const at = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * A demo hospital as an HR system exports it: 34 units, 540 people, a third
 * without e-mail. The people of the seeded demo organisation are not in it,
 * so they show up as leavers — the import is a complete list.
 */
function hospitalCsv(): { units: string; people: string } {
  const units = ['code,name,parent_code,kind', 'REG,Region Demo,,organisation', 'HOSP,Hospital Nord,REG,enterprise'];
  const teams: string[] = [];
  for (let d = 0; d < 4; d++) {
    units.push(`E2E-D${d},Afdeling ${d},HOSP,department`);
    for (let t = 0; t < 7; t++) {
      units.push(`E2E-D${d}-T${t},Team ${t} i afdeling ${d},E2E-D${d},team`);
      teams.push(`E2E-D${d}-T${t}`);
    }
  }
  // Keep the seeded tree's units too, so that only people change there.
  for (const code of ['MED', 'AKUT', 'KIR', 'SERV']) units.push(`${code},${code} (demo),HOSP,department`);
  const people = ['employee_no,name,email,unit_code,language'];
  for (let i = 0; i < 540; i++) {
    const email = i % 3 === 0 ? '' : `e2e${i}@region.test`;
    people.push(`X${10000 + i},Person ${i},${email},${teams[i % teams.length]},da`);
  }
  return { units: units.join('\n') + '\n', people: people.join('\n') + '\n' };
}

const signInAsAdmin = (page: Page) => signIn(page, 'admin@demo.trivsel.test');

async function upload(page: Page, files: { units: string; people: string }) {
  await page.goto('/organisation/import');
  await ready(page);
  await page.setInputFiles('#import-units', { name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(files.units) });
  await page.setInputFiles('#import-people', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(files.people) });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await expect(page).toHaveURL(/\/organisation\/import\/[^/]+$/);
}

async function waitUntilApplied(page: Page) {
  for (let i = 0; i < 60; i++) {
    const status = await page.getByTestId('import-status').textContent();
    if (status?.includes('Applied.')) return;
    await page.waitForTimeout(500);
    await page.reload();
  }
  throw new Error('the import was not applied in time');
}

// One worker at a time through the shared demo database.
test.describe.configure({ mode: 'serial' });

// First, while the demo leader still has an account: the import below makes
// the demo's people leavers. This spec's servers sign in through a real
// OpenID provider (oidc-provider, started by playwright.config.ts).
test("a leader signs in with the organisation's account at its identity provider", async ({ page }) => {
  // The provider's development pages load web fonts from the internet,
  // which this machine cannot reach: they get an empty answer here.
  await page.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }),
  );
  const atProvider = async (login: string) => {
    await page.goto('/login');
    await ready(page);
    await page.getByRole('link', { name: "Sign in with your organisation's account" }).click();
    // The provider's own forms (its development sign-in and consent pages).
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  };
  await page.goto('/login');
  await ready(page);
  await expectAccessible(page);
  await atProvider('leder@demo.trivsel.test');
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByText('Welcome, Lene Leder')).toBeVisible();
  await expectAccessible(page);

  // Someone the provider knows and Trivsel does not: told so, not let in.
  await page.context().clearCookies();
  await atProvider('stranger@elsewhere.example');
  await expect(page).toHaveURL(/\/login\?provider=no-account$/);
  // (The sign-in form's own, empty, alert region is there too.)
  await expect(page.getByRole('alert').filter({ hasText: 'you have no Trivsel account' })).toBeVisible();
  await expectAccessible(page);
});

test('an administrator imports a hospital, re-imports it unchanged, moves a person and sees the headcounts', async ({ page }) => {
  test.setTimeout(120_000);
  const files = hospitalCsv();
  await signInAsAdmin(page);
  await upload(page, files);
  await expectAccessible(page);
  await expect(page.getByTestId('import-status')).toHaveText('Not applied yet: nothing has been saved.');
  await expect(page.locator('tr[data-kind="import-people-new"] td.num')).toHaveText('540');
  await expect(page.locator('tr[data-kind="import-units-new"] td.num')).toHaveText('32');
  await page.getByRole('button', { name: 'Apply the changes' }).click();
  await waitUntilApplied(page);
  await expectAccessible(page);

  // The same files again: nothing to do.
  await upload(page, files);
  await expect(page.getByTestId('import-no-changes')).toBeVisible();
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(page).toHaveURL(/\/organisation\/import$/);

  // Move one person from team 0 to team 1 of department 0.
  await page.goto('/organisation');
  await page.getByRole('link', { name: 'Team 0 i afdeling 0' }).click();
  await ready(page);
  await expect(page.getByTestId('headcount-direct')).toHaveText('20');
  await expectAccessible(page);
  await page.getByLabel('To unit').selectOption({ label: '· · · Team 1 i afdeling 0' });
  await page.getByRole('button', { name: 'Move person' }).click();
  await expect(page.getByTestId('headcount-direct')).toHaveText('19');
  await page.goto('/organisation');
  await page.getByRole('link', { name: 'Team 1 i afdeling 0' }).click();
  await expect(page.getByTestId('headcount-direct')).toHaveText('21');
});

test('a file with bad rows is explained line by line and cannot be applied until they are skipped', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/organisation/import');
  await ready(page);
  await page.setInputFiles('#import-people', {
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('employee_no,name,email,unit_code\nQ1,Anne,,E2E-D0-T0\nQ1,Anne again,,E2E-D0-T0\nQ3,Carl,not-an-email,E2E-D0-T0\n'),
  });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await expect(page.locator('table.issues tbody tr')).toHaveCount(2);
  await expect(page.locator('table.issues')).toContainText('appears twice');
  await expect(page.locator('table.issues')).toContainText('not a valid e-mail address');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Apply the changes' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Some rows have problems');
  await page.getByRole('button', { name: 'Discard' }).click();
});

test('the thresholds refuse a value below three, on the server too', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/settings');
  await ready(page);
  await expectAccessible(page);
  // The form does not stop 2 itself (novalidate): the server must.
  await page.getByLabel('Minimum group size for scores').fill('2');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').first()).toContainText('from 3 to 1000');
  await page.getByLabel('Minimum group size for scores').fill('5');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Saved.');
});

test('an administrator sets how precisely reports may name a unit, and how long cases are kept', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('Months a closed case is kept').fill('0');
  await page.getByRole('button', { name: 'Save the report settings' }).click();
  await expect(page.getByRole('alert').first()).toContainText('between 1 and 120');
  await ready(page);
  await page.getByLabel('The finest unit a report may name').selectOption('organisation');
  await page.getByLabel('Months a closed case is kept').fill('24');
  // Wait for the save itself (hydrated, it is a fetch) before reading back.
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/reports/settings/save')),
    page.getByRole('button', { name: 'Save the report settings' }).click(),
  ]);
  await page.goto('/settings');
  await ready(page);
  await expect(page.getByLabel('Months a closed case is kept')).toHaveValue('24');
  await expect(page.getByLabel('The finest unit a report may name')).toHaveValue('organisation');
  await expectAccessible(page);
  // The reporting form now offers only the top of the organisation.
  await page.goto('/report');
  await ready(page);
  const options = await page.locator('#report-unit option').allTextContents();
  expect(options.length).toBeGreaterThan(1);
  expect(options.filter((o) => o.startsWith('\u2003'))).toEqual([]);
  // Back to the default for the other tests.
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('The finest unit a report may name').selectOption('department');
  await page.getByLabel('Months a closed case is kept').fill('12');
  // Wait for the save itself (hydrated, it is a fetch) before reading back.
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/reports/settings/save')),
    page.getByRole('button', { name: 'Save the report settings' }).click(),
  ]);
  await page.goto('/settings');
  await ready(page);
  await expect(page.getByLabel('Months a closed case is kept')).toHaveValue('12');
});

test('an administrator appoints a report handler, who is sent a link to choose a password', async ({ page }, info) => {
  await signInAsAdmin(page);
  await page.goto('/roles');
  await ready(page);
  await expectAccessible(page);
  const email = `handler-${info.project.name}@region.test`;
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Name (only for someone without an account)').fill('Helle Handler');
  await page.getByLabel('Role', { exact: true }).selectOption('handler');
  await page.getByRole('button', { name: 'Appoint' }).click();
  await expect(page.getByTestId('new-account')).toContainText(email);
  await expect(page.locator('table.data-table')).toContainText(email);
  await expectAccessible(page);
  await page.goto('/roles');
  await expect(page.getByTestId('new-account')).toHaveCount(0);
});

test('an administrator creates an API token for the HR system and sees it only once', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('Name of the system').fill('Payroll nightly');
  // The most powerful kind is not preselected: the choice is made.
  await expect(page.getByLabel('Import people and units (HR system)')).not.toBeChecked();
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Choose what the token may do.' })).toBeVisible();
  await ready(page);
  await page.getByLabel('Name of the system').fill('Payroll nightly');
  await page.getByLabel('Import people and units (HR system)').check();
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-api-token')).toHaveText(/^trv_/);
  await expect(page.getByText('Copy it into the HR system now.')).toBeVisible();
  await expect(page.locator('table.data-table')).toContainText('Payroll nightly');
  // A year's life unless chosen otherwise, and the table says until when.
  await expect(page.locator('table.data-table')).toContainText(String(new Date().getUTCFullYear() + 1));
  await expectAccessible(page);
  await page.goto('/settings');
  await expect(page.getByTestId('new-api-token')).toHaveCount(0);
  // A results token is copied into a BI tool, not an HR system.
  await ready(page);
  await page.getByLabel('Name of the system').fill('Dashboard reader');
  await page.getByLabel('Read results (BI tools; the same thresholds as the results pages)').check();
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-api-token')).toHaveText(/^trv_/);
  await expect(page.getByText('Copy it into the BI tool now.')).toBeVisible();
  await ready(page);
  // Revoking takes a second, deliberate click.
  const row = page.locator('table.data-table tbody tr').filter({ hasText: 'Dashboard reader' });
  await row.getByRole('link', { name: 'Revoke the token for Dashboard reader' }).click();
  await expect(page).toHaveURL(/\?revoke=/);
  const ask = page.locator('.confirm-panel');
  await expect(ask).toContainText('Revoking stops Dashboard reader from using the API at once.');
  await ready(page);
  await expectAccessible(page);
  await ask.getByRole('button', { name: 'Revoke the token for Dashboard reader' }).click();
  await expect(page.locator('table.data-table tbody tr').filter({ hasText: 'Dashboard reader' })).toHaveCount(0);
  await ready(page);
  // The audit log names who made it, and when.
  await page.getByRole('link', { name: 'See who changed what, and when' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  const line = page.locator('table.data-table tbody tr').filter({ hasText: 'Payroll nightly' });
  await expect(line).toContainText('API token created');
  await expect(line).toContainText('Astrid Admin');
  await expectAccessible(page);
});

// Only here, on this spec's own server: the handler's next sign-ins need a code.
test('a report handler sets up two-step sign-in and then signs in with a code', async ({ page }) => {
  const handler = 'handler@demo.trivsel.test';
  await signIn(page, handler);
  await page.goto('/account');
  await ready(page);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page).toHaveURL(/\/login\/step$/);
  await ready(page);
  await expect(page.getByRole('img', { name: 'QR code for setting up an authenticator app' })).toBeVisible();
  const key = (await page.getByTestId('totp-secret').textContent()) ?? '';
  await expectAccessible(page);
  await page.getByLabel('Code', { exact: true }).fill(totp(key));
  await page.getByRole('button', { name: 'Confirm and sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await expectAccessible(page);

  // The next sign-in asks for a code after the password.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('E-mail address').fill(handler);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/step$/);
  await ready(page);
  await page.getByLabel('Code', { exact: true }).fill('000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  await expectAccessible(page);
  // The code just used does not work twice; the app's next one does.
  await page.getByLabel('Code', { exact: true }).fill(totp(key, Date.now() / 1000 + 30));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview$/);
});

test('a survey refused for having no questions says so where the eye is', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/surveys/new');
  await ready(page);
  await page.getByLabel('Name', { exact: true }).fill('Pulse without questions');
  await page.getByRole('group', { name: 'Units asked' }).getByLabel('Region Demo', { exact: true }).check();
  // The suggested questions come checked; the administrator unticks them all.
  const checked = page.locator('input[name^="items["]:checked');
  for (const id of await checked.evaluateAll((bs) => bs.map((b) => b.id))) {
    await page.locator(`label[for="${id}"]`).click();
  }
  await expect(page.locator('input[name^="items["]:checked')).toHaveCount(0);
  await page.getByRole('button', { name: 'Create survey' }).click();
  const error = page.getByRole('alert').filter({ hasText: 'Choose at least one question.' });
  await expect(error).toBeVisible();
  // With script the view stayed at the button; the error is brought to it.
  await expect(error).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('survey-error.png') });
  await expectAccessible(page);
});
