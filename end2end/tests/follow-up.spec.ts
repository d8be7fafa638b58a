import { test, expect, expectAccessible, hydrated, medicalResultsInPastRound, ready, signIn, LANGS } from './fixtures';
import type { Browser, Locator, Page } from '@playwright/test';

/**
 * Follow-up on a phone, with JavaScript off and hydrated: a problem made of a
 * theme's figure on a unit's results, its risk assessment on the 5×5 grid,
 * its action plan, the overdue reminder, who may see which problem, bad
 * input, what employees are told before they answer, and the pages on a
 * tablet and a projector.
 *
 * Both projects share one server: a test finds its own problem by its id
 * (a problem made of a figure is named after the theme, unit and round, so
 * both projects make one of the same name), gives what it types a name no
 * other test uses, and never counts the problems of a unit.
 */

// Long journeys with an accessibility check on every step.
test.describe.configure({ timeout: 180_000 });

const COMMITTEE = 'udvalg@demo.trivsel.test';
const LEADER = 'leder@demo.trivsel.test';

/** What the demo seeds (see app/src/services/demo_follow_up.rs). */
const DEMO = {
  // Made of the medical department's results, assessed 3×3 and then 4×4.
  problem: /^Psykologisk tryghed i Medicinsk afdeling \(Trivselspuls \d{4}-\d{2}-\d{2}\)$/,
  done: 'Faste ugentlige tavlemøder på M1 og M2',
  overdue: 'Introduktionsforløb for nye nattevagter',
  owner: 'Lene Leder',
  // In the operating theatres (surgery) and the emergency department.
  surgery: 'Tre nærved-hændelser med personløftere i kvartalet',
  night: 'Uro og trusler i venteværelset om natten',
};

/** A title no other test (or project, or run) writes. */
function unique(what: string): string {
  return `${what} [${test.info().project.name} ${Date.now()} ${Math.random().toString(36).slice(2, 8)}]`;
}

/** A day (YYYY-MM-DD) some days after another (before, when negative). */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The last part of a path: a problem's id from its link. */
function idOf(href: string | null): string {
  expect(href).toMatch(/^\/follow-up\/[A-Za-z0-9_-]+$/);
  return href!.split('/').pop()!;
}

/**
 * Presses a form's button and waits for the server's answer before the page
 * is read. Hydrated, a save is a fetch to the server function: its status.
 * Without JavaScript the form posts, is sent back to the page, and the page
 * takes the status of the error (if any): the status of that page.
 */
async function submit(page: Page, endpoint: string, button: Locator): Promise<number> {
  const api = page.waitForResponse(
    (r) => new URL(r.url()).pathname === `/api/${endpoint}` && r.request().method() === 'POST',
  );
  if (hydrated()) {
    const [res] = await Promise.all([api, button.click()]);
    return res.status();
  }
  const back = page.waitForResponse((r) => r.request().resourceType() === 'document' && r.request().method() === 'GET');
  const [, res] = await Promise.all([api, back, button.click()]);
  return res.status();
}

/** The definition after a term of the page's facts. */
function fact(scope: Page | Locator, term: string): Locator {
  return scope
    .locator('dl.facts > dt')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** Fails when the page scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `${page.url()} is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(inner);
}

async function openFollowUp(page: Page) {
  const res = await page.goto('/follow-up');
  expect(res?.status()).toBe(200);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Follow-up');
}

/** The row of a problem in the table of /follow-up. */
function problemRow(page: Page, id: string): Locator {
  return page.locator('table.problems tbody tr').filter({ has: page.locator(`a[href="/follow-up/${id}"]`) });
}

/** A measure of the action plan, by its title. */
function measure(page: Page, title: string): Locator {
  return page.getByTestId('measure').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

/** A fresh phone (no cookies) with the project's JavaScript setting. */
async function phone(browser: Browser, like: Page): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: like.viewportSize() ?? undefined,
    javaScriptEnabled: hydrated(),
    isMobile: true,
    hasTouch: true,
  });
  return ctx.newPage();
}

/** The id of the surgery department's demo problem, as the committee member (whole hospital) sees it. */
async function surgeryProblemId(browser: Browser, like: Page): Promise<string> {
  const other = await phone(browser, like);
  await signIn(other, COMMITTEE);
  await openFollowUp(other);
  const id = idOf(await other.getByRole('link', { name: DEMO.surgery, exact: true }).getAttribute('href'));
  await expectAccessible(other);
  await other.context().close();
  return id;
}

/** A priority cell ("high (12)", "Not assessed yet") as a number to sort by. */
function score(priority: string): number {
  const m = priority.match(/\((\d+)\)$/);
  return m ? Number(m[1]) : 0;
}

test('a committee member makes a problem of a figure, assesses it and plans what to do', async ({ page }) => {
  await signIn(page, COMMITTEE);
  await ready(page);

  // The medical department's results, in the latest past round (the round
  // open now has too few answers to show a figure).
  const round = await medicalResultsInPastRound(page);
  const figure = (await page.getByTestId('score-psychological-safety').textContent())!.trim();
  expect(figure).toMatch(/^\d+$/);
  await expectAccessible(page);

  // One button per theme, named after its theme.
  const make = page.getByRole('button', { name: /^Make a problem of it ?: Psychological safety$/ });
  await expect(make).toHaveCount(1);
  await make.click();
  await expect(page).toHaveURL(/\/follow-up\/[A-Za-z0-9_-]+$/);
  await ready(page);
  const id = idOf(new URL(page.url()).pathname);
  const title = `Psychological safety in Medicinsk afdeling (${round})`;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(fact(page, 'Unit')).toHaveText('Medicinsk afdeling');
  await expect(fact(page, 'Source')).toHaveText(`Results: Psychological safety, ${round}`);
  await expect(page.getByTestId('problem-figure')).toHaveText(
    new RegExp(`^Score ${figure}( \\(the round before: \\d+\\))?$`),
  );
  await expect(page.getByTestId('problem-status')).toHaveText('Open');
  const created = (await fact(page, 'Created').textContent())!.trim();
  expect(created).toMatch(/^\d{4}-\d{2}-\d{2} by Ulla Udvalg$/);
  // The server's today.
  const today = created.slice(0, 10);
  const trend = page.getByRole('region', { name: 'Did it work?' });
  await expect(trend.getByTestId('trend-psychological-safety')).toBeVisible();
  await expect(trend.getByTestId('trend-psychological-safety')).toHaveAttribute(
    'aria-label',
    new RegExp(`to ${figure} in ${round.replace(/[()]/g, '\\$&')}\\.$`),
  );
  await expect(page.getByTestId('problem-priority')).toHaveText('Not assessed yet');
  await expect(page.getByTestId('problem-grid')).toHaveCount(0);
  await expect(page.getByText('No measures yet.')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);

  // Assessed: likelihood 4, consequence 3.
  await page.getByRole('group', { name: 'Likelihood' }).getByLabel('4 Likely', { exact: true }).check();
  await page.getByRole('group', { name: 'Consequence' }).getByLabel('3 Moderate', { exact: true }).check();
  await page.getByLabel('Reasoning (optional)').fill('Falling for three rounds on both wards.');
  expect(await submit(page, 'follow-up/assess', page.getByRole('button', { name: 'Save the assessment' }))).toBe(200);
  await expect(page.getByTestId('problem-priority')).toHaveText(
    `Priority high (12): likelihood 4 × consequence 3, assessed ${today}.`,
  );
  await expect(page.getByTestId('problem-grid')).toHaveAttribute(
    'aria-label',
    `Risk grid with one problem placed. 1: ${title}, likelihood 4, consequence 3, high priority.`,
  );
  const history = page.getByTestId('assessment-history').locator('tbody tr');
  await expect(history).toHaveCount(1);
  await expect(history.locator('th, td')).toHaveText([
    today,
    '4',
    '3',
    'high (12)',
    'Falling for three rounds on both wards.',
    'Ulla Udvalg',
  ]);
  // The form starts from the current assessment.
  await expect(page.getByRole('group', { name: 'Likelihood' }).getByLabel('4 Likely', { exact: true })).toBeChecked();
  await expect(
    page.getByRole('group', { name: 'Consequence' }).getByLabel('3 Moderate', { exact: true }),
  ).toBeChecked();
  await expectAccessible(page);

  // A new measure cannot be late already: refused, nothing added.
  const form = page.locator('form.new-measure');
  const late = unique('Late huddle');
  await form.getByLabel('Measure', { exact: true }).fill(late);
  await form.getByLabel('Owner', { exact: true }).fill('Ulla Udvalg');
  await form.getByLabel('Deadline').fill(addDays(today, -1));
  expect(await submit(page, 'follow-up/measure/new', form.getByRole('button', { name: 'Add the measure' }))).toBe(400);
  await expect(form.getByRole('alert')).toHaveText("A new measure's deadline cannot be in the past.");
  await expect(page.getByTestId('measure')).toHaveCount(0);
  await expect(page.getByText('No measures yet.')).toBeVisible();
  await expect(page.locator('main')).not.toContainText(late);
  await expectAccessible(page);

  // Two measures, two weeks ahead.
  const deadline = addDays(today, 14);
  const followUp = addDays(today, 42);
  expect(await form.getByLabel('Deadline').getAttribute('min')).toBe(today);
  const measures = [
    { title: unique('Weekly huddle on both wards'), owner: 'Ulla Udvalg', email: '' },
    { title: unique('Buddy for every new night nurse'), owner: 'Mette Mentor', email: 'mentor@example.org' },
  ];
  for (const [i, m] of measures.entries()) {
    await form.getByLabel('Measure', { exact: true }).fill(m.title);
    await form.getByLabel('Owner', { exact: true }).fill(m.owner);
    await form.getByLabel("Owner's e-mail (optional)").fill(m.email);
    await form.getByLabel('Deadline').fill(deadline);
    await form.getByLabel('Follow-up date').fill(followUp);
    expect(await submit(page, 'follow-up/measure/new', form.getByRole('button', { name: 'Add the measure' }))).toBe(
      200,
    );
    await expect(page.getByTestId('measure')).toHaveCount(i + 1);
    await expect(form.locator('[role=alert]')).toHaveText('');
    const item = measure(page, m.title);
    await expect(fact(item, 'Owner')).toHaveText(m.owner);
    await expect(fact(item, 'Deadline')).toHaveText(deadline);
    await expect(fact(item, 'Follow-up date')).toHaveText(followUp);
    await expect(item.getByTestId('measure-status')).toHaveText('Planned');
    await expect(item.getByText('Overdue', { exact: true })).toHaveCount(0);
  }
  await expect(page.getByTestId('measure').getByRole('heading', { level: 3 })).toHaveText(measures.map((m) => m.title));
  await expectAccessible(page);

  // The first is done, with what came of it.
  const first = measure(page, measures[0].title);
  await first.getByText(`Update "${measures[0].title}"`).click();
  await first.getByLabel('Status').selectOption({ label: 'Done' });
  await first.getByLabel('Outcome').fill('Held every Tuesday at 13.');
  expect(await submit(page, 'follow-up/measure/update', first.getByRole('button', { name: 'Save the measure' }))).toBe(
    200,
  );
  await expect(measure(page, measures[0].title).getByTestId('measure-status')).toHaveText('Done');
  await expect(fact(measure(page, measures[0].title), 'Done on')).toHaveText(today);
  await expect(fact(measure(page, measures[0].title), 'Outcome')).toHaveText('Held every Tuesday at 13.');
  await expect(measure(page, measures[1].title).getByTestId('measure-status')).toHaveText('Planned');
  await expectAccessible(page);

  // Back on the overview: the problem in the table and on the grid, under
  // the same number.
  const up = page.getByRole('navigation', { name: 'Where you are' }).getByRole('link', { name: 'Follow-up' });
  // The breadcrumb leads up to the overview; it is not this page.
  await expect(up).toHaveAttribute('href', '/follow-up');
  await expect(up).not.toHaveAttribute('aria-current', 'page');
  await up.click();
  await expect(page).toHaveURL(/\/follow-up$/);
  await ready(page);
  await expect(
    page.getByRole('table', { name: 'Problems in your units, open ones first, the highest priority first' }),
  ).toBeVisible();
  const row = problemRow(page, id);
  await expect(row).toHaveCount(1);
  await expect(row.locator('th, td')).toHaveText([/^\d+$/, title, 'Medicinsk afdeling', 'high (12)', '1 open of 2']);
  const number = (await row.locator('td').first().textContent())!.trim();
  const grid = page.getByTestId('risk-grid');
  await expect(grid).toBeVisible();
  await expect(grid).toHaveAttribute('aria-label', /^Risk grid with \d+ problems placed\. /);
  expect(await grid.getAttribute('aria-label')).toContain(
    ` ${number}: ${title}, likelihood 4, consequence 3, high priority.`,
  );
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
});

test('an overdue measure stands out, and its owner was reminded in Danish with a link', async ({ page }) => {
  await signIn(page, LEADER);
  await openFollowUp(page);
  const overdue = page.getByTestId('overdue');
  await expect(overdue.getByRole('heading', { name: 'Overdue measures' })).toBeVisible();
  const item = overdue.getByRole('listitem').filter({ hasText: DEMO.overdue });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(`Owner: ${DEMO.owner}.`);
  // The done measure of the same problem is not overdue.
  await expect(overdue).not.toContainText(DEMO.done);
  const line = (await item.textContent())!;
  const deadline = line.match(/Deadline (\d{4}-\d{2}-\d{2})\.$/)?.[1];
  expect(deadline, line).toBeTruthy();
  const problemTitle = line.match(/ — (.+) \(Medicinsk afdeling\)\. Owner/)?.[1];
  expect(problemTitle, line).toMatch(DEMO.problem);
  const id = idOf(await item.getByRole('link', { name: DEMO.overdue, exact: true }).getAttribute('href'));
  await expect(problemRow(page, id).locator('td').last()).toContainText('1 overdue');
  await expectAccessible(page);

  // The reminder, in the owner's language, once.
  const subject = `Tiltag over fristen: ${DEMO.overdue}`;
  const api = `http://127.0.0.1:${process.env.E2E_MAIL_WEB ?? 3180}/api/email`;
  type Mail = { to: Array<{ address: string }>; subject: string; text: string };
  let reminders: Mail[] = [];
  await expect
    .poll(
      async () => {
        const mails: Mail[] = await (await fetch(api)).json();
        reminders = mails.filter((m) => m.subject === subject && m.to.some((t) => t.address === LEADER));
        return reminders.length;
      },
      // The job's first pass is at start-up; a sink that came up late is
      // retried on the next pass (30 s).
      { timeout: 60_000, intervals: [500, 1000, 2000] },
    )
    .toBeGreaterThan(0);
  expect(reminders).toHaveLength(1);
  const text = reminders[0].text;
  expect(text).toContain(`"${DEMO.overdue}"`);
  expect(text).toContain(`(problem: ${problemTitle})`);
  expect(text).toContain(deadline!);
  const link = text.match(/http:\/\/\S+\/follow-up\/[A-Za-z0-9_-]+/)?.[0];
  expect(link, text).toBe(`${test.info().project.use.baseURL}/follow-up/${id}`);

  // The link opens the problem, where the measure is marked overdue.
  const res = await page.goto(link!);
  expect(res?.status()).toBe(200);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(problemTitle!);
  const today = await page.locator('form.new-measure').getByLabel('Deadline').getAttribute('min');
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // The demo's deadline was nine days ago.
  expect(deadline).toBe(addDays(today!, -9));
  const late = measure(page, DEMO.overdue);
  await expect(late.getByTestId('measure-status')).toHaveText('In progress');
  await expect(fact(late, 'Deadline')).toHaveText(`${deadline} Overdue`);
  await expect(late.locator('.badge-overdue')).toHaveText('Overdue');
  const done = measure(page, DEMO.done);
  await expect(done.getByTestId('measure-status')).toHaveText('Done');
  await expect(done.locator('.badge-overdue')).toHaveCount(0);
  await expectAccessible(page);
});

test("a leader sees the problems of their own units only; another unit's problem is refused", async ({
  page,
  browser,
}) => {
  const surgery = await surgeryProblemId(browser, page);

  await signIn(page, LEADER);
  await openFollowUp(page);
  await expect(page.getByRole('link', { name: DEMO.problem })).toHaveCount(1);
  await expect(page.getByRole('link', { name: DEMO.surgery })).toHaveCount(0);
  await expect(page.getByRole('link', { name: DEMO.night })).toHaveCount(0);
  await expect(page.locator(`a[href="/follow-up/${surgery}"]`)).toHaveCount(0);
  const grid = page.getByTestId('risk-grid');
  await expect(grid).toBeVisible();
  await expect(grid).toHaveAttribute('aria-label', /Psykologisk tryghed i Medicinsk afdeling/);
  await expect(grid).not.toHaveAttribute('aria-label', new RegExp(DEMO.surgery));
  // A new problem can only be for the medical department and the units below it.
  const units = (await page.locator('#problem-unit').locator('option').allTextContents()).map((u) => u.trim());
  expect(units).toEqual(['Medicinsk afdeling', 'Medicinsk ambulatorium', 'Sengeafsnit M1', 'Sengeafsnit M2']);
  await expectAccessible(page);

  const res = await page.goto(`/follow-up/${surgery}`);
  expect(res?.status()).toBe(403);
  await ready(page);
  await expect(page.getByRole('alert')).toHaveText('You do not have access to this.');
  await expect(page.locator('main')).not.toContainText(DEMO.surgery);
  await expect(page.getByRole('button', { name: 'Save the assessment' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add the measure' })).toHaveCount(0);
  await expectAccessible(page);
});

test('bad input is refused by the server, and the form says why', async ({ page, browser }) => {
  const surgery = await surgeryProblemId(browser, page);

  await signIn(page, LEADER);
  await openFollowUp(page);
  const own = idOf(await page.getByRole('link', { name: DEMO.problem }).getAttribute('href'));
  const unit = await page.locator('#problem-unit').locator('option').first().getAttribute('value');
  expect(unit).toBeTruthy();

  // A grid value outside 1–5.
  for (const [likelihood, consequence] of [
    ['6', '3'],
    ['3', '0'],
    ['x', '3'],
  ]) {
    const res = await page.request.post('/api/follow-up/assess', {
      form: { problem: own, likelihood, consequence, note: '' },
    });
    expect(res.status(), `${likelihood}×${consequence}`).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('error-grid-value');
  }
  // A problem without a title.
  const untitled = await page.request.post('/api/follow-up/problem/new', {
    form: { unit: unit!, title: '   ', description: '' },
  });
  expect(untitled.status()).toBe(400);
  expect(JSON.stringify(await untitled.json())).toContain('error-title-missing');
  // Another unit's problem: nothing may be done to it.
  const assess = await page.request.post('/api/follow-up/assess', {
    form: { problem: surgery, likelihood: '2', consequence: '2', note: '' },
  });
  expect(assess.status()).toBe(403);
  const add = await page.request.post('/api/follow-up/measure/new', {
    form: {
      problem: surgery,
      title: unique('Not mine'),
      owner_name: 'Lene Leder',
      owner_email: '',
      deadline: '2099-01-01',
      follow_up: '',
    },
  });
  expect(add.status()).toBe(403);
  const close = await page.request.post('/api/follow-up/problem/state', { form: { problem: surgery, to: 'close' } });
  expect(close.status()).toBe(403);
  const missing = await page.request.post('/api/follow-up/problem/state', {
    form: { problem: 'no-such-problem', to: 'close' },
  });
  expect(missing.status()).toBe(404);

  // None of it changed anything: the own problem keeps its assessment.
  await openFollowUp(page);
  await expect(problemRow(page, own).locator('td').nth(2)).toHaveText('very high (16)');

  // Through the form: no title (the browser does not check; the server does).
  const description = unique('No title given');
  await page.getByLabel('Problem', { exact: true }).fill('');
  await page.getByLabel('Description (optional)').fill(description);
  const status = await submit(page, 'follow-up/problem/new', page.getByRole('button', { name: 'Create the problem' }));
  expect(status).toBe(400);
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('Please give a title.');
  expect(new URL(page.url()).pathname).toBe('/follow-up');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Follow-up');
  await expect(page.locator('main')).not.toContainText(description);
  await expectAccessible(page);
});

test('a problem entered by hand is closed, leaves the grid, and is opened again', async ({ page }) => {
  await signIn(page, COMMITTEE);
  await openFollowUp(page);
  // Typed text is shown as text, never as markup.
  const title = unique('Draughty <b>night</b> entrance');
  const unit = page.locator('#problem-unit');
  const value = await unit.locator('option', { hasText: 'Sengeafsnit M2' }).getAttribute('value');
  await unit.selectOption(value!);
  await page.getByLabel('Problem', { exact: true }).fill(title);
  await page.getByLabel('Description (optional)').fill('The door by the lifts does not close.');
  await page.getByRole('button', { name: 'Create the problem' }).click();
  await expect(page).toHaveURL(/\/follow-up\/[A-Za-z0-9_-]+$/);
  await ready(page);
  const id = idOf(new URL(page.url()).pathname);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.locator('h1 b')).toHaveCount(0);
  await expect(fact(page, 'Unit')).toHaveText('Sengeafsnit M2');
  await expect(fact(page, 'Source')).toHaveText('Entered by hand');
  await expect(page.getByTestId('problem-figure')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Did it work?' })).toHaveCount(0);
  await expect(page.getByText('The door by the lifts does not close.')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('group', { name: 'Likelihood' }).getByLabel('2 Unlikely', { exact: true }).check();
  await page.getByRole('group', { name: 'Consequence' }).getByLabel('2 Minor', { exact: true }).check();
  expect(await submit(page, 'follow-up/assess', page.getByRole('button', { name: 'Save the assessment' }))).toBe(200);
  await expect(page.getByTestId('problem-priority')).toHaveText(/^Priority low \(4\): likelihood 2 × consequence 2, /);

  // Closed: no more assessing or planning, and off the grid.
  expect(await submit(page, 'follow-up/problem/state', page.getByRole('button', { name: 'Close the problem' }))).toBe(
    200,
  );
  await expect(page.getByTestId('problem-status')).toHaveText(/^Closed on \d{4}-\d{2}-\d{2}$/);
  await expect(page.getByRole('button', { name: 'Open the problem again' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save the assessment' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add the measure' })).toHaveCount(0);
  await expectAccessible(page);
  const refused = await page.request.post('/api/follow-up/measure/new', {
    form: { problem: id, title: unique('Too late'), owner_name: 'Ulla Udvalg', deadline: '2099-01-01' },
  });
  expect(refused.status()).toBe(400);
  expect(JSON.stringify(await refused.json())).toContain('error-problem-closed');

  await openFollowUp(page);
  const row = problemRow(page, id);
  await expect(row.locator('td').first()).toHaveText('—');
  await expect(row.locator('td').last()).toContainText('Closed');
  await expect(page.getByTestId('risk-grid')).not.toHaveAttribute(
    'aria-label',
    new RegExp(title.replace(/[[\]]/g, '\\$&')),
  );
  // Open ones first, the highest priority first.
  const rows = await page
    .locator('table.problems tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({ closed: tr.classList.contains('closed'), priority: tr.children[3].textContent ?? '' })),
    );
  const firstClosed = rows.findIndex((r) => r.closed);
  expect(firstClosed).toBeGreaterThan(0);
  expect(
    rows.slice(firstClosed).every((r) => r.closed),
    JSON.stringify(rows),
  ).toBe(true);
  const scores = rows.slice(0, firstClosed).map((r) => score(r.priority));
  expect(scores, JSON.stringify(rows)).toEqual([...scores].sort((a, b) => b - a));
  await expectAccessible(page);

  // Opened again: back on the grid.
  await row.getByRole('link', { name: title, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/follow-up/${id}$`));
  await ready(page);
  expect(
    await submit(page, 'follow-up/problem/state', page.getByRole('button', { name: 'Open the problem again' })),
  ).toBe(200);
  await expect(page.getByTestId('problem-status')).toHaveText('Open');
  await expect(page.getByRole('button', { name: 'Close the problem' })).toBeVisible();
  await openFollowUp(page);
  expect(await page.getByTestId('risk-grid').getAttribute('aria-label')).toContain(
    `: ${title}, likelihood 2, consequence 2, low priority.`,
  );
  await expect(problemRow(page, id).locator('td').first()).toHaveText(/^\d+$/);
  await expectAccessible(page);
});

test('staff without a leading role, and visitors, cannot open follow-up', async ({ page, browser }) => {
  const surgery = await surgeryProblemId(browser, page);

  // Not signed in: asked to sign in, and the server functions refuse.
  const visitor = await phone(browser, page);
  const first = await visitor.goto('/follow-up');
  expect(first?.status()).toBe(401);
  await ready(visitor);
  await expect(visitor.locator('main')).not.toContainText(DEMO.problem);
  await expectAccessible(visitor);
  const anonymous = await visitor.request.post('/api/follow-up/assess', {
    form: { problem: surgery, likelihood: '1', consequence: '1', note: '' },
  });
  expect(anonymous.status()).toBe(401);
  await visitor.context().close();

  // The report handler leads nothing and sits on no committee.
  await signIn(page, 'handler@demo.trivsel.test');
  await ready(page);
  await expect(page.getByRole('link', { name: 'Follow-up', exact: true })).toHaveCount(0);
  for (const path of ['/follow-up', `/follow-up/${surgery}`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await ready(page);
    await expect(page.getByRole('alert')).toHaveText('You do not have access to this.');
    await expect(page.locator('main')).not.toContainText(DEMO.surgery);
  }
  await expectAccessible(page);
  const state = await page.request.post('/api/follow-up/problem/state', { form: { problem: surgery, to: 'close' } });
  expect(state.status()).toBe(403);
});

// The demo accounts' pages follow the browser's language.
for (const [code, words] of [
  [
    'da',
    {
      title: 'Opfølgning',
      overdue: 'Tiltag over fristen',
      point: 'sandsynlighed 4, konsekvens 4, meget høj prioritet.',
    },
  ],
  [
    'sv',
    {
      title: 'Uppföljning',
      overdue: 'Försenade åtgärder',
      point: 'sannolikhet 4, konsekvens 4, mycket hög prioritet.',
    },
  ],
] as const) {
  test.describe(`in ${code}`, () => {
    const L = LANGS[code];
    test.use({ locale: L.locale });

    test('the follow-up page and the grid speak the language', async ({ page }) => {
      await signIn(page, LEADER, { email: L.email, password: L.password, submit: L.submit });
      const res = await page.goto('/follow-up');
      expect(res?.status()).toBe(200);
      await ready(page);
      await expect(page.locator('html')).toHaveAttribute('lang', code);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.title);
      await expect(page.getByTestId('overdue').getByRole('heading')).toHaveText(words.overdue);
      await expect(page.getByTestId('risk-grid')).toHaveAttribute(
        'aria-label',
        new RegExp(
          `: Psykologisk tryghed i Medicinsk afdeling \\(Trivselspuls \\d{4}-\\d{2}-\\d{2}\\), ${words.point}`,
        ),
      );
      await expectAccessible(page);
    });
  });
}

/** The "what happened since last time" section: titles, units and dates only. */
async function expectSinceLast(page: Page) {
  const since = page.getByTestId('since-last');
  await expect(since).toBeVisible();
  await expect(since.getByRole('heading', { level: 2 })).toHaveText('What happened since last time');
  const done = since.getByRole('listitem').filter({ hasText: DEMO.done });
  await expect(done).toHaveCount(1);
  await expect(done).toHaveText(new RegExp(`^${DEMO.done} \\(Medicinsk afdeling, \\d{4}-\\d{2}-\\d{2}\\)$`));
  // Never who owned a measure, nor a figure.
  await expect(since).not.toContainText(DEMO.owner);
  await expect(since).not.toContainText('Ulla Udvalg');
  await expect(since).not.toContainText('Score');
  for (const line of await since.getByRole('listitem').allTextContents()) {
    expect(line).toMatch(/^.+ \([^,()]+, \d{4}-\d{2}-\d{2}\)$/);
  }
  // Measures not done are not listed.
  await expect(since).not.toContainText(DEMO.overdue);
  // Before the first question.
  await expect(page.getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Step 1 of 2' })).toBeHidden();
}

/**
 * Through the server functions, as someone who may: a problem at a unit with
 * one measure, done today. Returns the measure's title.
 */
async function doneMeasureAt(page: Page, unitName: string): Promise<string> {
  await openFollowUp(page);
  await expectAccessible(page);
  const unit = await page.locator('#problem-unit').locator('option', { hasText: unitName }).getAttribute('value');
  const made = await page.request.post('/api/follow-up/problem/new', {
    form: { unit: unit!, title: unique(`Noise at night on ${unitName}`), description: '' },
    maxRedirects: 0,
  });
  expect(made.ok()).toBe(true);
  const problem = idOf(made.headers()['location']);
  const title = unique(`Quiet hours on ${unitName}`);
  const deadline = '2099-12-31';
  const added = await page.request.post('/api/follow-up/measure/new', {
    form: { problem, title, owner_name: 'Ulla Udvalg', owner_email: '', deadline, follow_up: '' },
  });
  expect(added.status()).toBe(200);
  const res = await page.goto(`/follow-up/${problem}`);
  expect(res?.status()).toBe(200);
  await ready(page);
  const id = await measure(page, title).locator('input[name="measure"]').getAttribute('value');
  const done = await page.request.post('/api/follow-up/measure/update', {
    form: { measure: id!, status: 'done', deadline, follow_up: '', outcome: '' },
  });
  expect(done.status()).toBe(200);
  await page.reload();
  await ready(page);
  await expect(measure(page, title).getByTestId('measure-status')).toHaveText('Done');
  await expectAccessible(page);
  return title;
}

test('before the questions, whoever has a code card for ward M1 reads what was done since last time', async ({
  page,
  browser,
}) => {
  await signIn(page, 'admin@demo.trivsel.test');
  // A measure done today on the neighbouring ward M2: not for M1's eyes.
  const neighbour = await doneMeasureAt(page, 'Sengeafsnit M2');

  await page.goto('/surveys');
  await ready(page);
  await page.getByRole('link', { name: 'Trivselspuls #1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trivselspuls #1');
  await ready(page);
  const value = await page.locator('#cards-unit option', { hasText: 'Sengeafsnit M1' }).getAttribute('value');
  await page.getByLabel('Unit').selectOption(value!);
  await page.getByLabel('Number of cards').fill('1');
  await page.getByRole('button', { name: 'Make the sheet' }).click();
  await expect(page.getByTestId('card-code')).toHaveCount(1);
  await expectAccessible(page);
  const code = (await page.getByTestId('card-code').textContent())!.trim();

  const respondent = await phone(browser, page);
  const res = await respondent.goto(`/a/${code}`);
  expect(res?.status()).toBe(200);
  await ready(respondent);
  await expectSinceLast(respondent);
  await expect(respondent.getByTestId('since-last')).not.toContainText(neighbour);
  await expectAccessible(respondent);
  await respondent.context().close();
});

for (const [name, viewport] of [
  ['a tablet', { width: 820, height: 1180 }],
  ['a projector', { width: 1920, height: 1080 }],
] as const) {
  test.describe(`on ${name}`, () => {
    test.use({ viewport });

    test(`the overview and a problem fit ${name}`, async ({ page }) => {
      expect(page.viewportSize()).toEqual(viewport);
      await signIn(page, COMMITTEE);
      await openFollowUp(page);
      const grid = page.getByTestId('risk-grid');
      await expect(grid).toBeVisible();
      const box = await grid.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      await expect(page.getByRole('table', { name: /^Problems in your units/ })).toBeVisible();
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);

      await page.getByRole('link', { name: DEMO.problem }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.problem);
      await ready(page);
      await expect(page.getByTestId('problem-grid')).toBeVisible();
      await expect(page.getByTestId('trend-psychological-safety')).toBeVisible();
      await expect(page.getByTestId('assessment-history')).toBeVisible();
      await expect(page.getByTestId('measure')).toHaveCount(2);
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
    });
  });
}
