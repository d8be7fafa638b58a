import {
  test,
  expect,
  deliverReports,
  expectAccessible,
  hydrated,
  ready,
  signIn,
  withoutDelivery,
} from './fixtures';
import type { Browser, Page } from '@playwright/test';

/**
 * Anonymous reporting (whistleblowing, harassment, near misses) on a phone,
 * with JavaScript off and hydrated: filing without an account, the receipt,
 * the reporter's side of the case by receipt, the handler's side, and who
 * may not see cases at all.
 *
 * Both projects share one server: every test files its own report with a
 * description no other test uses, and finds its case by the receipt's first
 * eight symbols, which are the case id (see services/reports/receipt.rs).
 */

// Long journeys with an accessibility check on every step; receipt checks
// cost an argon2id verification each on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;

function symbols(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += CROCKFORD[Math.floor(Math.random() * 32)];
  return s;
}

/** A description no other test (or project, or run) writes. */
function unique(what: string): string {
  return `${what} [${test.info().project.name} ${Date.now()} ${symbols(6)}]`;
}

/**
 * What went wrong in pages outside the fixture's `page`: console errors (as
 * the fixture counts them) and any alert/confirm/prompt — a dialog means a
 * script ran that nobody wrote.
 */
const problems: string[] = [];

function watch(page: Page): Page {
  page.on('dialog', (d) => {
    problems.push(`unexpected dialog on ${page.url()}: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/responded with a status of 4\d\d/.test(m.text())) {
      problems.push(`console error on ${page.url()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e}`));
  return page;
}

test.beforeEach(() => {
  problems.length = 0;
});

test.afterEach(() => {
  expect(problems, 'dialogs or errors in the reporter\'s browser').toEqual([]);
});

/** A fresh phone (no cookies) with the project's JavaScript setting. */
async function phone(browser: Browser, like: Page): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: like.viewportSize() ?? undefined,
    javaScriptEnabled: hydrated(),
    isMobile: true,
    hasTouch: true,
  });
  return watch(await ctx.newPage());
}

/** Files a report through the form (as an anonymous visitor) and returns the receipt. */
async function fileReport(
  reporter: Page,
  opts: { category: string; unit?: string; description: string; checkAxe?: boolean },
): Promise<string> {
  const res = await reporter.goto('/report');
  expect(res?.status()).toBe(200);
  await ready(reporter);
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText(
    'Report discrimination, harassment or a near miss',
  );
  await expect(reporter.getByRole('heading', { name: 'Before you write' })).toBeVisible();
  await expect(reporter.getByRole('link', { name: 'I have a receipt code' })).toHaveAttribute('href', '/report/case');
  const unit = reporter.getByLabel('Where did it happen?');
  await expect(unit.locator('option').first()).toHaveText('Not stated');
  const month = reporter.getByLabel('When did it happen?');
  await expect(month.locator('option').first()).toHaveText('Not stated');
  if (opts.checkAxe) await expectAccessible(reporter);

  await reporter
    .getByRole('group', { name: 'What is it about?' })
    .getByLabel(opts.category, { exact: true })
    .check();
  if (opts.unit) {
    const value = await unit.locator('option', { hasText: opts.unit }).first().getAttribute('value');
    expect(value).toBeTruthy();
    await unit.selectOption(value!);
  }
  // The most recent month offered.
  const monthValue = await month.locator('option').nth(1).getAttribute('value');
  expect(monthValue).toMatch(/^\d{4}-\d{2}$/);
  await month.selectOption(monthValue!);
  await reporter.getByLabel('What happened?').fill(opts.description);
  await reporter.getByRole('button', { name: 'Send the report' }).click();

  // The answer is a redirect: the receipt page can be reloaded safely.
  await expect(reporter).toHaveURL(/\/report\/sent$/);
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('Your report has been received');
  await ready(reporter);
  const receipt = (await reporter.getByTestId('receipt').innerText()).trim();
  expect(receipt).toMatch(RECEIPT);
  // On a phone the code breaks only between its groups of four.
  const groups = reporter.locator('.receipt-group');
  await expect(groups).toHaveCount(6);
  for (const lines of await groups.evaluateAll((gs) => gs.map((g) => g.getClientRects().length))) {
    expect(lines, 'a group on one line').toBe(1);
  }
  // With script, a button copies it; without, one tap selects it all.
  await expect(reporter.getByRole('button', { name: 'Copy the code' })).toHaveCount(hydrated() ? 1 : 0);
  expect(await reporter.getByTestId('receipt').evaluate((e) => getComputedStyle(e).userSelect)).toBe('all');
  await expect(reporter.getByText('This device can show it again for 15 minutes')).toBeVisible();
  await expect(reporter.getByText('Nobody can find or restore a lost receipt code')).toBeVisible();
  await expect(reporter.getByRole('link', { name: 'Open your case' })).toHaveAttribute('href', '/report/case');
  if (opts.checkAxe) await expectAccessible(reporter);
  // A reload shows the same receipt and sends nothing again.
  await reporter.reload();
  await ready(reporter);
  expect((await reporter.getByTestId('receipt').innerText()).trim()).toBe(receipt);
  return receipt;
}

/**
 * The only cookies a reporter's browser gets: the receipt just shown or the
 * case just opened, sealed (never the receipt in the clear), HttpOnly,
 * SameSite=Strict, only for /report.
 */
async function expectOnlyVisitCookies(reporter: Page, receipt: string) {
  for (const c of await reporter.context().cookies()) {
    expect(['trivsel_receipt', 'trivsel_case', 'trivsel_lang']).toContain(c.name);
    if (c.name === 'trivsel_lang') continue;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Strict');
    expect(c.path).toBe('/report');
    expect(c.value).not.toContain(receipt.replaceAll('-', '').slice(8));
  }
}

/** The case id a receipt names: its first eight symbols. */
function caseIdOf(receipt: string): string {
  return receipt.replaceAll('-', '').slice(0, 8);
}

/**
 * Opens the case with the receipt through /report/case; returns the HTTP
 * status of the page that answers (the case after a redirect, or a refusal).
 * A case this browser still holds open is left first.
 */
async function openCase(reporter: Page, typed: string): Promise<number> {
  await reporter.goto('/report/case');
  await ready(reporter);
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('Your case');
  const leave = reporter.getByRole('button', { name: 'Leave the case' });
  if (await leave.count()) {
    await leave.click();
    await expect(reporter).toHaveURL(/\/report\/case\?left=1$/);
    await expect(reporter.getByRole('status')).toContainText('This device no longer shows the case.');
    await ready(reporter);
  }
  await expectAccessible(reporter);
  await reporter.getByLabel('Receipt code').fill(typed);
  const [res] = await Promise.all([
    reporter.waitForResponse(
      (r) => r.url().includes('/report/case') && r.request().isNavigationRequest() && r.status() !== 303,
    ),
    reporter.getByRole('button', { name: 'Open the case' }).click(),
  ]);
  // The answer is a page of its own, without the entry field.
  await expect(reporter.locator('input#receipt[type=text]')).toHaveCount(0);
  return res.status();
}

/** Opens the case page from the handler's list, by its row's link. */
async function openFromList(page: Page, caseId: string, description: string) {
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reports');
  const row = page.locator('table.cases tbody tr').filter({ has: page.locator(`a[href="/reports/${caseId}"]`) });
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(0)).toHaveText('Harassment');
  await expect(row.locator('td').nth(1)).toHaveText('Medicinsk afdeling');
  await expect(row.locator('td').nth(2)).toHaveText('Received, not yet acknowledged');
  await expect(row.locator('td').nth(3)).toContainText('acknowledge by');
  await expectAccessible(page);
  await row.getByRole('rowheader').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/reports/${caseId}$`));
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harassment');
  // The report is the case the test filed (the list is shared by both projects).
  await expect(page.locator('ol.messages li').first()).toContainText(description);
}

test('a report is filed anonymously, answered back and forth, closed, and audited', async ({ page, browser }) => {
  watch(page);
  const description = unique('Shouted at in the corridor <script>alert(1)</script>');

  // The reporter files without an account. Until the night, the case
  // waits sealed: the reporter reads it as on its way.
  const filing = await phone(browser, page);
  const receipt = await withoutDelivery(async () => {
    const receipt = await fileReport(filing, {
      category: 'Harassment',
      unit: 'Medicinsk afdeling',
      description,
      checkAxe: true,
    });
    // Nothing about the visit is kept on the server; the browser holds
    // the receipt, sealed, for a while.
    await expectOnlyVisitCookies(filing, receipt);
    expect(await openCase(filing, receipt)).toBe(200);
    await expect(filing.getByTestId('case-status')).toHaveText('Received, not yet acknowledged');
    const waiting = filing.locator('ol.messages li');
    await expect(waiting).toHaveCount(1);
    await expect(waiting.locator('.message-body')).toHaveText(description);
    await expect(waiting).toContainText('On its way — the handlers see it tomorrow');
    await expect(filing.getByText('so that nothing stored tells the time of day anyone wrote')).toBeVisible();
    await expectAccessible(filing);
    return receipt;
  });
  await filing.context().close();
  const caseId = caseIdOf(receipt);
  // The night's delivery.
  await deliverReports();

  // The handler finds the case, reads the text literally, acknowledges,
  // asks a question and writes an internal note.
  await signIn(page, 'handler@demo.trivsel.test');
  await ready(page);
  await expectAccessible(page);
  await openFromList(page, caseId, description);
  const handlerReport = page.locator('ol.messages li').first();
  await expect(handlerReport.locator('.message-body')).toHaveText(description);
  await expect(handlerReport).toContainText('Reporter');
  await expect(page.locator('main script')).toHaveCount(0);
  await expect(page.getByTestId('case-status')).toHaveText('Received, not yet acknowledged');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Acknowledge receipt' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('Acknowledged');
  await ready(page);
  await expect(page.getByRole('button', { name: 'Acknowledge receipt' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Mark as being handled' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Message to the reporter').fill('Which shift was it?');
  await page.getByRole('button', { name: 'Send to the reporter' }).click();
  await expect(page.locator('ol.messages li', { hasText: 'Which shift was it?' })).toHaveCount(1);
  await ready(page);
  // Sent, the box is empty: a second click cannot send the question again.
  await expect(page.getByLabel('Message to the reporter')).toHaveValue('');
  // A question is not the feedback: the three-month clock stays in view.
  await expect(page.getByTestId('case-due')).toContainText('feedback by');
  await page.getByLabel('Internal note').fill('Note only for handlers');
  await page.getByRole('button', { name: 'Add the note' }).click();
  await expect(page.locator('ol.messages li', { hasText: 'Note only for handlers' })).toHaveCount(1);
  await ready(page);
  await expect(page.locator('ol.messages li', { hasText: 'Note only for handlers' })).toContainText('Internal note by');
  await expectAccessible(page);

  // The reporter comes back on a fresh phone and types the receipt sloppily.
  const reporter = await phone(browser, page);
  const sloppy = receipt.toLowerCase().replaceAll('-', ' ');
  expect(await openCase(reporter, sloppy)).toBe(200);
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('Your case');
  await expect(reporter.getByTestId('case-status')).toHaveText('Acknowledged');
  const messages = reporter.locator('ol.messages li');
  await expect(messages.first().locator('.message-body')).toHaveText(description);
  await expect(messages.first()).toContainText('You');
  await expect(messages.filter({ hasText: 'Your report has been received and will be handled' })).toContainText(
    'Report handler',
  );
  const question = messages.filter({ hasText: 'Which shift was it?' });
  await expect(question).toHaveCount(1);
  await expect(question).toContainText('Report handler');
  // The handler's name is not shown to the reporter, nor the note.
  await expect(reporter.locator('main')).not.toContainText('Hanne Handler');
  await expect(reporter.locator('main')).not.toContainText('Note only for handlers');
  await expect(reporter.locator('main script')).toHaveCount(0);
  await expectAccessible(reporter);

  await withoutDelivery(async () => {
    await reporter.getByLabel('Your message').fill('The night shift.');
    // The form as the browser sends it, to send it again below.
    const sent = {
      pass: (await reporter.locator('input[name=pass]').getAttribute('value'))!,
      once: (await reporter.locator('input[name=once]').getAttribute('value'))!,
      message: 'The night shift.',
    };
    await reporter.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(reporter).toHaveURL(/\/report\/case\?sent=1$/);
    await expect(reporter.getByRole('status').filter({ hasText: 'Your message has been added.' })).toBeVisible();
    await expect(messages.filter({ hasText: 'The night shift.' })).toHaveCount(1);
    await expect(messages.filter({ hasText: 'The night shift.' })).toContainText('On its way');
    // A reload shows the case again and sends nothing twice.
    await reporter.reload();
    await ready(reporter);
    await expect(messages.filter({ hasText: 'The night shift.' })).toHaveCount(1);
    // The same form sent again (a browser restoring it, a double tap) is
    // recognised: the case says so, and the message is there once.
    const again = await reporter.request.post('/report/case', { form: sent, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(again.headers()['location']).toBe('/report/case?error=message-sent');
    await reporter.goto('/report/case?error=message-sent');
    await ready(reporter);
    await expect(
      reporter.getByRole('status').filter({ hasText: 'This message had already been sent. It is in the case once.' }),
    ).toBeVisible();
    await expect(messages.filter({ hasText: 'The night shift.' })).toHaveCount(1);
  });
  await expect(reporter.getByTestId('case-status')).toHaveText('Acknowledged');
  await expectAccessible(reporter);
  await expectOnlyVisitCookies(reporter, receipt);
  await reporter.screenshot({ path: test.info().outputPath('reporter-case.png'), fullPage: true });

  // The language switch keeps the case open, in the language chosen.
  await reporter.getByRole('link', { name: 'Dansk' }).click();
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('Din sag');
  await expect(messages.filter({ hasText: 'The night shift.' })).toHaveCount(1);
  await ready(reporter);
  await reporter.getByRole('link', { name: 'English' }).click();
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('Your case');
  await ready(reporter);

  // After the night, the handler sees the answer and closes the case.
  await deliverReports();
  // The overview says what needs the handler: this case has a reply.
  await page.goto('/overview');
  await ready(page);
  const today = page.getByTestId('reports-today').locator('li').filter({
    has: page.locator(`a[href="/reports/${caseId}"]`),
  });
  await expect(today).toContainText('reply from the reporter');
  await expect(today).toContainText('feedback by');
  await expectAccessible(page);
  // So does the list, and the case.
  await page.goto('/reports');
  await ready(page);
  const listed = page.locator('table.cases tbody tr').filter({ has: page.locator(`a[href="/reports/${caseId}"]`) });
  await expect(listed).toContainText('reply from the reporter');
  await listed.getByRole('rowheader').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/reports/${caseId}$`));
  await ready(page);
  await expect(page.locator('ol.messages li', { hasText: 'The night shift.' })).toContainText('Reporter');
  await expect(page.getByTestId('case-status')).toContainText('reply from the reporter');
  // The feedback, marked as such, stops the clock and says when.
  await page.getByLabel('Message to the reporter').fill('We have spoken with the night shift.');
  await page.getByLabel('This message is the feedback on the report').check();
  await page.getByRole('button', { name: 'Send to the reporter' }).click();
  await expect(page.getByTestId('case-due')).toContainText('feedback given');
  await expect(page.getByTestId('case-status')).not.toContainText('reply from the reporter');
  await ready(page);
  await expect(page.getByLabel('Message to the reporter')).toHaveValue('');
  await page.screenshot({ path: test.info().outputPath('handler-case.png'), fullPage: true });
  // No outcome is chosen for the handler.
  await expect(page.getByLabel('Outcome')).toHaveValue('');
  await page.getByLabel('Outcome').selectOption({ label: 'Resolved' });
  await page.getByRole('button', { name: 'Close the case' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('Closed');
  await ready(page);
  await expect(page.getByRole('button', { name: 'Close the case' })).toHaveCount(0);
  await expect(page.getByLabel('Message to the reporter')).toHaveCount(0);
  await expect(page.getByText('Resolved', { exact: true })).toBeVisible();
  await expectAccessible(page);

  // The reporter reads the closed case; there is no reply form any more.
  expect(await openCase(reporter, receipt)).toBe(200);
  await expect(reporter.getByTestId('case-status')).toHaveText('Closed');
  await expect(reporter.getByText('Outcome: Resolved')).toBeVisible();
  await expect(reporter.getByLabel('Your message')).toHaveCount(0);
  await expect(reporter.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
  await expect(reporter.getByText('The case is closed.')).toBeVisible();
  await expectAccessible(reporter);
  await reporter.context().close();

  // Every read by the handler is in the case's audit trail.
  await page.getByRole('link', { name: 'Audit trail of this case' }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/audit\\?case=${caseId}$`));
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit trail');
  const what = page.locator('table tbody tr td:nth-child(3)');
  await expect(what.filter({ hasText: new RegExp(`^${caseId}: read$`) }).first()).toBeVisible();
  const texts = await what.allInnerTexts();
  // Only this case's lines.
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) expect(t.startsWith(`${caseId}: `), t).toBe(true);
  for (const a of ['acknowledged', 'message to the reporter', 'feedback to the reporter', 'internal note', 'closed: resolved']) {
    expect(texts, a).toContain(`${caseId}: ${a}`);
  }
  // The reads: opening the case, and again after every change.
  expect(texts.filter((t) => t === `${caseId}: read`).length).toBeGreaterThanOrEqual(2);
  await expect(page.locator('table tbody tr td:nth-child(2)').first()).toHaveText('Hanne Handler');
  await expectAccessible(page);
});

// Wrong receipts lock nothing: a lock would let a stranger (or a handler,
// who sees case ids) shut the reporter out of their own case.
test('a wrong receipt gets one neutral refusal; guesses never lock the reporter out', async ({ page, browser }) => {
  const description = unique('Guessed at, never locked');
  const filing = await phone(browser, page);
  const receipt = await fileReport(filing, { category: 'Harassment', unit: 'Medicinsk afdeling', description });
  await filing.context().close();
  const id = caseIdOf(receipt);
  const guess = () => `${id}${symbols(16)}`.match(/.{4}/g)!.join('-');

  expect(await openCase(page, guess())).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your case');
  await expect(page.getByRole('alert')).toContainText('We could not open a case with that receipt code.');
  await expect(page.getByRole('link', { name: 'Go back' })).toHaveAttribute('href', '/report/case');
  await expectAccessible(page);

  // Malformed receipts get the same words and status.
  const malformed = await page.request.post('/report/case', { form: { receipt: 'not a receipt' } });
  expect(malformed.status()).toBe(404);
  expect(await malformed.text()).toContain('We could not open a case with that receipt code.');

  // Guesses at the very case: each refused the same way, none locks it.
  for (let i = 0; i < 25; i++) {
    const res = await page.request.post('/report/case', { form: { receipt: guess() } });
    expect(res.status()).toBe(404);
  }
  expect(await openCase(page, receipt)).toBe(200);
  await expect(page.getByText(description)).toBeVisible();
  await expectAccessible(page);
});

test('a leader and a committee member cannot open the reports, even about their own unit', async ({ page, browser }) => {
  const description = unique('The ward leader is rude');
  const filing = await phone(browser, page);
  const receipt = await fileReport(filing, { category: 'Harassment', unit: 'Medicinsk afdeling', description });
  await filing.context().close();
  const caseId = caseIdOf(receipt);
  await deliverReports();

  for (const email of ['leder@demo.trivsel.test', 'udvalg@demo.trivsel.test']) {
    await page.context().clearCookies();
    await signIn(page, email);
    await ready(page);
    await expect(page.getByRole('link', { name: 'Reports', exact: true })).toHaveCount(0);

    for (const path of ['/reports', `/reports/${caseId}`, `/reports/audit?case=${caseId}`, '/reports/audit']) {
      const res = await page.goto(path);
      expect(res?.status(), `${email} ${path}`).toBe(403);
      await ready(page);
      await expect(page.getByRole('alert')).toHaveText('You do not have access to this.');
      await expect(page.locator('table')).toHaveCount(0);
      await expect(page.locator('main')).not.toContainText(description);
      await expect(page.locator('main')).not.toContainText(caseId);
      await expect(page.getByRole('button', { name: 'Acknowledge receipt' })).toHaveCount(0);
    }
    await expectAccessible(page);
  }

  // The handler (who leads nothing) does see it.
  await page.context().clearCookies();
  await signIn(page, 'handler@demo.trivsel.test');
  await ready(page);
  await expect(page.getByRole('link', { name: 'Reports', exact: true })).toHaveCount(1);
  await openFromList(page, caseId, description);
});

test('a report with bad input is refused with reasons, and nothing is filed', async ({ page }) => {
  const bad = await page.request.post('/report/submit', { form: { category: 'nonsense', description: '' } });
  expect(bad.status()).toBe(400);
  const badText = await bad.text();
  expect(badText).toContain('The report could not be sent');
  expect(badText).toContain('Choose what the report is about.');
  expect(badText).toContain('Write what happened.');
  expect(badText).not.toContain('data-testid="receipt"');

  const longText = 'x'.repeat(10_001);
  const long = await page.request.post('/report/submit', {
    form: { category: 'harassment', description: longText },
  });
  expect(long.status()).toBe(400);
  const longBody = await long.text();
  expect(longBody).toContain('The text is too long');
  expect(longBody).not.toContain('Choose what the report is about.');
  expect(longBody).not.toContain('data-testid="receipt"');

  const unitAndMonth = await page.request.post('/report/submit', {
    form: { category: 'harassment', unit: 'no-such-unit', happened: '1999-01', description: unique('Bad unit') },
  });
  expect(unitAndMonth.status()).toBe(400);
  const umText = await unitAndMonth.text();
  expect(umText).toContain('Choose a unit from the list, or none.');
  expect(umText).toContain('Choose a month from the list, or none.');

  const huge = await page.request.post('/report/submit', {
    form: { category: 'harassment', description: 'y'.repeat(300 * 1024) },
  });
  expect(huge.status()).toBe(413);

  // Through the form: a description of blanks passes the browser's
  // "required" but not the server; the refusal is a page that passes axe.
  await page.goto('/report');
  await ready(page);
  await page.getByRole('group', { name: 'What is it about?' }).getByLabel('Accident or near miss').check();
  await page.getByLabel('What happened?').fill('   ');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/report/submit') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Send the report' }).click(),
  ]);
  expect(res.status()).toBe(400);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The report could not be sent');
  await expect(page.getByRole('alert')).toHaveText('Write what happened.');
  await expect(page.getByRole('link', { name: 'Go back' })).toHaveAttribute('href', '/report');
  await expectAccessible(page);
});
