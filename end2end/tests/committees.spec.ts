import { test, expect, expectAccessible, hydrated, medicalResultsInPastRound, ready, signIn } from './fixtures';
import type { Browser, Locator, Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Committees on a phone, with JavaScript off and hydrated: a committee's
 * year from a result to a problem, its risk assessment and action plan, the
 * overdue reminder, a yearly goal that serves a goal of the committee above
 * with a linked measure, a good story and a status; then the annual
 * working-environment discussion written, prepared (the material mailed),
 * locked and downloaded as a PDF of real text. Also last year's signed-off
 * demo discussion, who may open what, bad input, and the pages on a tablet
 * and a projector.
 *
 * Both projects share one server and database, and other specs run beside
 * them: whatever a test types carries a name no other test uses, no test
 * counts goals, problems or mails of others, and each project writes, locks
 * and mails the discussion of its own far-off year (the current year's HMU
 * discussion stays open for the demo and the other specs).
 */

test.describe.configure({ timeout: 240_000 });

const MEMBER = 'udvalg@demo.trivsel.test';
const LEADER = 'leder@demo.trivsel.test';
const ADMIN = 'admin@demo.trivsel.test';
const HANDLER = 'handler@demo.trivsel.test';

/** What the demo seeds (see app/src/services/demo_committees.rs). */
const DEMO = {
  rmuWellbeing: 'En arbejdsplads med psykologisk tryghed og fleksibilitet',
  rmuSafety: 'Kommunikation og sikkerhed',
  rmuErgonomics: 'Bedre rammer og oplæring',
  hmuWellbeing: 'Psykologisk tryghed på sengeafsnittene',
  hmuErgonomics: 'Færre nærved-hændelser med personløftere',
  story: 'Tavlemødet der blev til en fast pause',
  lastYearGoal: 'Et godt samarbejde mellem dag- og nattevagt',
  lastYearEvaluation: 'Fælles overlap kl. 7 er indført på alle sengeafsnit.',
  lastYearParticipants:
    'Ulla Udvalg (formand), Lene Leder, Hanne Handler, arbejdsmiljørepræsentanterne fra M1, M2 og Operationsgangen',
};

/** A day (YYYY-MM-DD) as the Danish document writes it: "14. marts 2026". */
function daDate(day: string): string {
  const months = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
  const [y, m, d] = day.split('-').map(Number);
  return `${d}. ${months[m - 1]} ${y}`;
}

/** The annual document's headings in HMU's language, Danish (app/locales/da/main.ftl). */
const DA = {
  title: (year: number) => `Årlig arbejdsmiljødrøftelse ${year}: HMU`,
  goals: 'Årets mål, status og evaluering',
  results: 'Resultater og udvikling',
  reports: 'Indberetninger (kun antal, der er store nok til at blive vist)',
  problems: 'Problemer, risikovurderinger og handlingsplaner',
  absence: 'Sygefravær',
  stories: 'Gode historier',
  nextGoals: 'Næste års mål',
  fields: 'Udvalgets drøftelse',
  signatures: 'Underskrifter',
  signed: (date: string) => `Låst som den godkendte version den ${daDate(date)} af Ulla Udvalg.`,
  signedPrefix: 'Låst som den godkendte version',
  materialSubject: (year: number) => `Materiale til den årlige arbejdsmiljødrøftelse ${year}: HMU`,
  overdueSubject: (measure: string) => `Tiltag over fristen: ${measure}`,
};

/**
 * The years whose discussions a project writes: far off, so that no other
 * test, the demo or the other project touches them. `own` is saved,
 * prepared and locked; `incomplete` is saved without participants and must
 * not lock; `empty` and `badDate` are never saved by anyone.
 */
function years() {
  const own = test.info().project.name === 'phone-hydrated' ? 2091 : 2090;
  return { own, incomplete: own + 2, empty: 2095, badDate: 2096 };
}

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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
    const [res] = await Promise.all([api, activate(button)]);
    return res.status();
  }
  const back = page.waitForResponse((r) => r.request().resourceType() === 'document' && r.request().method() === 'GET');
  const [, res] = await Promise.all([api, back, activate(button)]);
  return res.status();
}

/**
 * Presses a button, link or summary with the keyboard (focus, Enter).
 *
 * On a phone the committee's page is wider than the screen (see the test
 * "the committee's page fits a phone"), so the browser zooms the page out
 * and a tap lands beside its target; the keyboard reaches every control
 * whatever the zoom, and is how many people use these pages anyway.
 */
async function activate(target: Locator) {
  await target.focus();
  await target.press('Enter');
}

/** The definition after a term of a list of facts or document lines. */
function fact(scope: Page | Locator, term: string, list = 'dl.facts'): Locator {
  return scope
    .locator(`${list} > dt`)
    .filter({ hasText: new RegExp(`^${escapeRegExp(term)}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** Fails when the page scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `${page.url()} is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(inner);
  // A phone's browser zooms a page that is too wide out until it fits, so
  // the window grows with it: it must stay the screen's width.
  const screen = page.viewportSize()!.width;
  expect(inner, `${page.url()} was zoomed out to ${inner}px on a ${screen}px screen`).toBe(screen);
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

/** Opens /committees and returns the id of the committee of that name. */
async function committeeId(page: Page, name = 'HMU'): Promise<string> {
  const res = await page.goto('/committees');
  expect(res?.status()).toBe(200);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Committees');
  const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
  expect(href).toMatch(/^\/committees\/[A-Za-z0-9_-]+$/);
  return href!.split('/').pop()!;
}

/** Opens a committee's page (the current year unless one is given). */
async function openCommittee(page: Page, id: string, year?: number) {
  const res = await page.goto(year ? `/committees/${id}?year=${year}` : `/committees/${id}`);
  expect(res?.status()).toBe(200);
  await ready(page);
}

/** The year a committee page shows, from its "Goals for YYYY" heading. */
async function shownYear(page: Page): Promise<number> {
  const heading = page.getByRole('heading', { level: 2, name: /^Goals for \d{4}$/ });
  await expect(heading).toHaveCount(1);
  return Number((await heading.textContent())!.trim().slice(-4));
}

/** A goal on the committee page, by its theme and title. */
function goal(page: Page, theme: string, title: string): Locator {
  return page
    .getByTestId('goal')
    .filter({ has: page.getByRole('heading', { level: 3, name: `${theme}: ${title}`, exact: true }) });
}

/** A goal of the committees above, in "Goals of the committees above". */
function aboveGoal(page: Page, title: string): Locator {
  return page
    .getByRole('region', { name: 'Goals of the committees above' })
    .getByRole('listitem')
    .filter({ has: page.locator('strong', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
}

/** Opens a goal's "Work on" forms (a save renders the page anew, closed). */
async function work(g: Locator): Promise<Locator> {
  const details = g.locator('details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await activate(details.locator('summary'));
  }
  await expect(details.getByRole('button', { name: 'Save the status' })).toBeVisible();
  return details;
}

/** The id of a goal, from the hidden field of its forms. */
async function goalId(g: Locator): Promise<string> {
  const id = await g.locator('input[name="goal"]').first().getAttribute('value');
  expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  return id!;
}

/** Opens a discussion page. */
async function openDiscussion(page: Page, committee: string, year: number, status = 200) {
  const res = await page.goto(`/committees/${committee}/discussion/${year}`);
  expect(res?.status()).toBe(status);
  await ready(page);
}

type Mail = { to: Array<{ address: string }>; subject: string; text: string };

/** Waits (up to `timeout`) for the mails to `to` with this subject; the job runs every 30 s. */
async function mailsTo(to: string, subject: string, timeout = 90_000): Promise<Mail[]> {
  const api = `http://127.0.0.1:${process.env.E2E_MAIL_WEB ?? 3180}/api/email`;
  let found: Mail[] = [];
  await expect
    .poll(
      async () => {
        const mails: Mail[] = await (await fetch(api)).json();
        found = mails.filter((m) => m.subject === subject && m.to.some((t) => t.address === to));
        return found.length;
      },
      { timeout, intervals: [1000, 2000, 3000] },
    )
    .toBeGreaterThan(0);
  return found;
}

type Pdf = { text: string; title: string | undefined; pages: number };

/**
 * Downloads a discussion's PDF as the signed-in user and extracts its text
 * (lines joined by spaces, whitespace collapsed, so that a wrapped line reads
 * as it was written).
 */
async function pdfOf(page: Page, path: string): Promise<Pdf> {
  const res = await page.request.get(path);
  expect(res.status(), path).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="discussion-[A-Za-z0-9_-]+-\d{4}\.pdf"$/);
  const body = await res.body();
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // verbosity 0: errors only (the standard fonts' data is not needed for text).
  const doc = await getDocument({ data: new Uint8Array(body), verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) {
      if ('str' in item) parts.push(item.str);
    }
  }
  const info = (await doc.getMetadata()).info as { Title?: string };
  const pages = doc.numPages;
  await doc.destroy();
  return { text: parts.join(' ').replace(/\s+/g, ' '), title: info.Title, pages };
}

/** A field of the committee's words in the document. */
function docField(page: Page, label: string): Locator {
  return fact(page.getByTestId('document-fields'), label, 'dl.doc-lines');
}

/** The discussion's form, "The committee's words". */
function wordsForm(page: Page): Locator {
  return page.getByRole('region', { name: "The committee's words" });
}

test("a committee's year: a result becomes a problem with a plan and a goal, and the year ends signed off", async ({
  page,
}) => {
  await signIn(page, MEMBER);
  await ready(page);

  // ── From a result to a problem: the medical department's psychological
  // safety in the latest past round (the open round has too few answers).
  const round = await medicalResultsInPastRound(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: /^Make a problem of it ?: Psychological safety$/ }).click();
  await expect(page).toHaveURL(/\/follow-up\/[A-Za-z0-9_-]+$/);
  await ready(page);
  const problemId = new URL(page.url()).pathname.split('/').pop()!;
  const problemTitle = `Psychological safety in Medicinsk afdeling (${round})`;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(problemTitle);
  const created = (await fact(page, 'Created').textContent())!.trim();
  expect(created).toMatch(/^\d{4}-\d{2}-\d{2} by Ulla Udvalg$/);
  // The server's today.
  const today = created.slice(0, 10);
  const yesterday = addDays(today, -1);
  await expectAccessible(page);

  // ── The risk assessment.
  await page.getByRole('group', { name: 'Likelihood' }).getByLabel('4 Likely', { exact: true }).check();
  await page.getByRole('group', { name: 'Consequence' }).getByLabel('3 Moderate', { exact: true }).check();
  await page.getByLabel('Reasoning (optional)').fill('Lower on both wards since the spring.');
  expect(await submit(page, 'follow-up/assess', page.getByRole('button', { name: 'Save the assessment' }))).toBe(200);
  await expect(page.getByTestId('problem-priority')).toHaveText(
    `Priority high (12): likelihood 4 × consequence 3, assessed ${today}.`,
  );
  await expectAccessible(page);

  // ── The action plan: two measures, two weeks ahead; the committee member
  // owns the first, with their e-mail address.
  const deadline = addDays(today, 14);
  const form = page.locator('form.new-measure');
  const measures = [
    { title: unique('Check-in on psychological safety at every handover'), owner: 'Ulla Udvalg', email: MEMBER },
    { title: unique('Speaking-up training for both wards'), owner: 'Lene Leder', email: '' },
  ];
  for (const [i, m] of measures.entries()) {
    await form.getByLabel('Measure', { exact: true }).fill(m.title);
    await form.getByLabel('Owner', { exact: true }).fill(m.owner);
    await form.getByLabel("Owner's e-mail (optional)").fill(m.email);
    await form.getByLabel('Deadline').fill(deadline);
    await form.getByLabel('Follow-up date').fill(addDays(today, 42));
    expect(await submit(page, 'follow-up/measure/new', form.getByRole('button', { name: 'Add the measure' }))).toBe(
      200,
    );
    await expect(page.getByTestId('measure')).toHaveCount(i + 1);
  }
  const measure = (title: string) =>
    page.getByTestId('measure').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
  for (const m of measures) {
    await expect(measure(m.title).getByTestId('measure-status')).toHaveText('Planned');
    await expect(fact(measure(m.title), 'Deadline')).toHaveText(deadline);
  }
  await expectAccessible(page);

  // ── The first one slips: in progress, its deadline moved to yesterday.
  // Now it is overdue.
  const first = measure(measures[0].title);
  await first.getByText(`Update "${measures[0].title}"`).click();
  await first.getByLabel('Status').selectOption({ label: 'In progress' });
  await first.getByLabel('Deadline').fill(yesterday);
  expect(await submit(page, 'follow-up/measure/update', first.getByRole('button', { name: 'Save the measure' }))).toBe(
    200,
  );
  await expect(measure(measures[0].title).getByTestId('measure-status')).toHaveText('In progress');
  await expect(fact(measure(measures[0].title), 'Deadline')).toHaveText(`${yesterday} Overdue`);
  await expect(measure(measures[0].title).locator('.badge-overdue')).toHaveText('Overdue');
  await expect(measure(measures[1].title).locator('.badge-overdue')).toHaveCount(0);

  // ── Did it work? The theme's trend, on the problem.
  const trend = page.getByRole('region', { name: 'Did it work?' });
  await expect(trend.getByTestId('trend-psychological-safety')).toBeVisible();
  await expect(trend.getByTestId('trend-psychological-safety')).toHaveAttribute(
    'aria-label',
    new RegExp(`in ${escapeRegExp(round)}\\.$`),
  );
  await expectAccessible(page);

  // ── The hospital's committee (HMU), through the main menu.
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Committees' }).click();
  await expect(page).toHaveURL(/\/committees$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Committees');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'HMU', exact: true }).click();
  await expect(page).toHaveURL(/\/committees\/[A-Za-z0-9_-]+$/);
  await ready(page);
  const hmu = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('HMU');
  const year = await shownYear(page);
  expect(year).toBe(Number(today.slice(0, 4)));
  await expect(fact(page, 'Scope')).toHaveText('Hospital Nord');
  // Its documents are written in Danish (left as it is: other tests rely on it).
  await expect(page.getByLabel("Language of the committee's documents")).toHaveValue('da');
  await expect(page.getByRole('button', { name: 'Save the language' })).toBeVisible();
  await expect(page.getByRole('link', { name: `Go to ${year - 1}` })).toHaveAttribute(
    'href',
    `/committees/${hmu}?year=${year - 1}`,
  );
  await expect(page.getByRole('link', { name: `Go to ${year + 1}` })).toHaveAttribute(
    'href',
    `/committees/${hmu}?year=${year + 1}`,
  );
  await expect(goal(page, 'Wellbeing', DEMO.hmuWellbeing).getByTestId('goal-parent')).toHaveText(
    `Serves "${DEMO.rmuWellbeing}" (RMU).`,
  );
  await expectAccessible(page);

  // ── A yearly goal serving the region's wellbeing goal.
  const title = unique('Everyone dares to speak up on the wards');
  const newGoal = page.getByRole('region', { name: 'New goal' });
  await newGoal.getByLabel('Theme').selectOption({ label: 'Wellbeing' });
  await newGoal.getByLabel('Goal', { exact: true }).fill(title);
  await newGoal.getByLabel('Description (optional)').fill('A check-in at every handover, and training in speaking up.');
  await expect(newGoal.getByLabel('First year')).toHaveValue(String(year));
  await newGoal.getByLabel('First year').fill(String(year));
  await newGoal.getByLabel('Period').selectOption({ label: 'One year' });
  const parent = newGoal.getByLabel('Serves a goal of a committee above (optional)');
  // Only the goals of the committee above (the region's RMU) can be chosen.
  const parentOptions = (await parent.locator('option').allTextContents()).map((o) => o.trim());
  expect(parentOptions[0]).toBe('No goal above');
  expect(parentOptions).toContain(`RMU – ${DEMO.rmuWellbeing}`);
  expect(parentOptions.slice(1).every((o) => o.startsWith('RMU – '))).toBe(true);
  expect(parentOptions).not.toContain(`HMU – ${DEMO.hmuWellbeing}`);
  await parent.selectOption({ label: `RMU – ${DEMO.rmuWellbeing}` });
  expect(await submit(page, 'committees/goal/new', newGoal.getByRole('button', { name: 'Create the goal' }))).toBe(200);
  const mine = goal(page, 'Wellbeing', title);
  await expect(mine).toHaveCount(1);
  await expect(mine.getByTestId('goal-parent')).toHaveText(`Serves "${DEMO.rmuWellbeing}" (RMU).`);
  await expect(mine.getByText(`Period: ${year}`, { exact: true })).toBeVisible();
  await expect(mine.getByTestId(`goal-status-${year}`)).toHaveText('Not started');
  await expect(aboveGoal(page, DEMO.rmuWellbeing)).toContainText(/Served by: .*HMU – /);
  await expect(aboveGoal(page, DEMO.rmuWellbeing)).toContainText(`HMU – ${title}`);
  // Not under the region's other goals.
  await expect(aboveGoal(page, DEMO.rmuSafety)).not.toContainText(title);
  await expectAccessible(page);

  // ── The overdue measure serves the goal.
  let forms = await work(mine);
  await forms.getByLabel('Measure', { exact: true }).selectOption({ label: `${measures[0].title} (${problemTitle})` });
  expect(await submit(page, 'committees/goal/act', forms.getByRole('button', { name: 'Link the measure' }))).toBe(200);
  const linked = mine.getByRole('listitem').filter({ has: page.getByRole('link', { name: measures[0].title }) });
  await expect(linked).toHaveCount(1);
  await expect(linked).toHaveText(`${measures[0].title} · In progress · ${yesterday}`);
  await expect(linked.getByRole('link')).toHaveAttribute('href', `/follow-up/${problemId}`);

  // ── A good story.
  const story = unique('The handover where the new nurse spoke up');
  forms = await work(mine);
  await forms.getByLabel('Title', { exact: true }).fill(story);
  await forms
    .getByLabel('What happened, and what worked')
    .fill('She asked about a dose, and the check-in made room for it.');
  expect(await submit(page, 'committees/goal/act', forms.getByRole('button', { name: 'Add the story' }))).toBe(200);
  const told = mine.getByTestId('story');
  await expect(told).toHaveCount(1);
  await expect(told).toContainText(story);
  await expect(told).toContainText('She asked about a dose, and the check-in made room for it.');
  await expect(told).toContainText(`(${today})`);

  // ── The status, with the committee's evaluation.
  const evaluation = 'Check-ins are held on both wards; the training starts in the new year.';
  forms = await work(mine);
  await expect(forms.getByLabel('Year', { exact: true })).toHaveValue(String(year));
  await forms.getByLabel('Status', { exact: true }).selectOption({ label: 'On track' });
  await forms.getByLabel("The committee's evaluation").fill(evaluation);
  expect(await submit(page, 'committees/goal/act', forms.getByRole('button', { name: 'Save the status' }))).toBe(200);
  await expect(mine.getByTestId(`goal-status-${year}`)).toHaveText(`On track — ${evaluation}`);
  // Everything is still there after a fresh load.
  await openCommittee(page, hmu);
  await expect(mine.getByTestId('goal-parent')).toHaveText(`Serves "${DEMO.rmuWellbeing}" (RMU).`);
  await expect(mine.getByTestId(`goal-status-${year}`)).toHaveText(`On track — ${evaluation}`);
  await expect(mine.getByTestId('story')).toContainText(story);
  await expect(linked).toHaveCount(1);
  await expect(aboveGoal(page, DEMO.rmuWellbeing)).toContainText(`HMU – ${title}`);
  await expectAccessible(page);

  // ── The reminder of the overdue measure went to its owner, in Danish,
  // with a link to the problem (the job runs every 30 s).
  const reminders = await mailsTo(MEMBER, DA.overdueSubject(measures[0].title));
  expect(reminders).toHaveLength(1);
  expect(reminders[0].text).toContain(`"${measures[0].title}" (problem: ${problemTitle})`);
  expect(reminders[0].text).toContain(yesterday);
  expect(reminders[0].text).toContain(`${test.info().project.use.baseURL}/follow-up/${problemId}`);
  // Not for the measure on time.
  const api = `http://127.0.0.1:${process.env.E2E_MAIL_WEB ?? 3180}/api/email`;
  const all: Mail[] = await (await fetch(api)).json();
  expect(all.filter((m) => m.subject.includes(measures[1].title))).toEqual([]);

  // ── This year's discussion (a draft, left open) already holds the goal,
  // its status, the measure and the story — in Danish, the committee's
  // language, while the page around it speaks English.
  await openDiscussion(page, hmu, year);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DA.title(year));
  await expect(page.getByTestId('discussion-state')).toHaveText(
    /^(Draft|Prepared; the material was sent to the members.*)$/,
  );
  const doc = page.getByTestId('document');
  await expect(doc).toHaveAttribute('lang', 'da');
  const goalLine = fact(doc, `Trivsel: ${title}`, 'dl.doc-lines');
  await expect(goalLine).toHaveText(
    `Status ${year}: På rette spor. Evaluering: ${evaluation} Understøtter "${DEMO.rmuWellbeing}" (RMU). ` +
      `Tiltag: ${measures[0].title} (I gang).`,
  );
  await expect(fact(doc, story, 'dl.doc-lines')).toHaveText(
    `She asked about a dose, and the check-in made room for it. (Mål: ${title})`,
  );
  await expect(doc).toContainText(`Tiltag "${measures[0].title}": I gang, frist ${daDate(yesterday)}.`);
  await expect(doc).toContainText(`Tiltag "${measures[1].title}": Planlagt, frist ${daDate(deadline)}.`);
  // The grid and the charts inside the document speak its language too.
  await expect(doc.getByTestId('doc-grid')).toContainText('Sandsynlighed');
  await expect(doc.getByText('Tal for Trivsel', { exact: true })).toHaveCount(1);
  await expectAccessible(page);
  const draft = await pdfOf(page, `/committees/${hmu}/discussion/${year}/pdf`);
  expect(draft.text).toContain(DA.title(year));
  expect(draft.text).toContain(`Trivsel: ${title}`);
  expect(draft.text).toContain(story);
  expect(draft.text).not.toContain(DA.signedPrefix);

  // ── The annual discussion of this project's own year: written, prepared,
  // locked and downloaded.
  const Y = years().own;
  await openCommittee(page, hmu, Y);
  await activate(page.getByRole('link', { name: `The discussion of ${Y}` }));
  await expect(page).toHaveURL(new RegExp(`/committees/${hmu}/discussion/${Y}$`));
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DA.title(Y));
  await expect(page.getByTestId('discussion-state')).toHaveText('Draft');
  await expect(page.getByRole('link', { name: 'Download as PDF' })).toHaveAttribute(
    'href',
    `/committees/${hmu}/discussion/${Y}/pdf`,
  );
  await expect(doc.getByRole('heading', { level: 2 })).toHaveText([
    DA.goals,
    DA.results,
    DA.reports,
    DA.problems,
    DA.absence,
    DA.stories,
    DA.nextGoals,
    DA.fields,
    DA.signatures,
  ]);
  await expect(page.getByTestId('signed')).toHaveCount(0);
  await expectAccessible(page);

  const words = {
    'Date of the meeting': addDays(today, -2),
    'Who took part': unique('Ulla Udvalg (chair), Lene Leder, the safety reps of M1 and M2'),
    "Evaluation of the year's goals": 'The wellbeing goal is on track; the check-ins hold.',
    'Have we worked with the goals?': 'Yes, at every meeting.',
    'Are we where we expected to be?': 'Nearly: the training was postponed.',
    'What still challenges us?': 'Night shifts and the lifts.',
    'Organisation of the cooperation in the coming year': 'Six meetings, the groups report before each.',
    'Competence development of the members in the coming year': 'Two new reps take the statutory course.',
    "Decisions on next year's goals and focus": 'Keep psychological safety; add the night shifts.',
  };
  const writing = wordsForm(page);
  for (const [label, value] of Object.entries(words)) {
    await writing.getByLabel(label, { exact: true }).fill(value);
  }
  const saveButton = writing.getByRole('button', { name: 'Save', exact: true });
  expect(await submit(page, 'committees/discussion/save', saveButton)).toBe(200);
  // The document shows the words under their Danish labels; the form keeps them.
  await expect(docField(page, 'Mødets dato')).toHaveText(daDate(words['Date of the meeting']));
  await expect(docField(page, 'Hvem deltog')).toHaveText(words['Who took part']);
  await expect(docField(page, 'Evaluering af årets mål')).toHaveText(words["Evaluation of the year's goals"]);
  await expect(docField(page, 'Har vi arbejdet med målene?')).toHaveText(words['Have we worked with the goals?']);
  await expect(docField(page, 'Er vi dér, hvor vi forventede at være?')).toHaveText(
    words['Are we where we expected to be?'],
  );
  await expect(docField(page, 'Hvad udfordrer os stadig?')).toHaveText(words['What still challenges us?']);
  await expect(docField(page, 'Tilrettelæggelse af samarbejdet i det kommende år')).toHaveText(
    words['Organisation of the cooperation in the coming year'],
  );
  await expect(docField(page, 'Medlemmernes kompetenceudvikling i det kommende år')).toHaveText(
    words['Competence development of the members in the coming year'],
  );
  await expect(docField(page, 'Beslutninger om næste års mål og fokus')).toHaveText(
    words["Decisions on next year's goals and focus"],
  );
  for (const [label, value] of Object.entries(words)) {
    await expect(wordsForm(page).getByLabel(label, { exact: true })).toHaveValue(value);
  }
  await expect(page.getByTestId('discussion-state')).toHaveText('Draft');
  await expectAccessible(page);

  // Prepared: the material goes to the members, once.
  expect(
    await submit(
      page,
      'committees/discussion/step',
      page.getByRole('button', { name: 'Prepare: send the material to the members' }),
    ),
  ).toBe(200);
  await expect(page.getByTestId('discussion-state')).toHaveText(
    /^Prepared; the material was sent to the members( · e-mails sent)?$/,
  );
  await expect(page.getByRole('button', { name: 'Prepare: send the material to the members' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lock as the signed-off version' })).toBeVisible();
  await expectAccessible(page);
  const material = await mailsTo(MEMBER, DA.materialSubject(Y));
  expect(material).toHaveLength(1);
  const link = `${test.info().project.use.baseURL}/committees/${hmu}/discussion/${Y}`;
  expect(material[0].text).toContain(link);
  expect(material[0].text).toContain(`Materialet til den årlige arbejdsmiljødrøftelse ${Y} i HMU er klar.`);
  // The mail's link opens the discussion, which now says the mails went out.
  const opened = await page.goto(link);
  expect(opened?.status()).toBe(200);
  await ready(page);
  await expect(page.getByTestId('discussion-state')).toHaveText(
    'Prepared; the material was sent to the members · e-mails sent',
  );

  // Locked as the signed-off version.
  expect(
    await submit(
      page,
      'committees/discussion/step',
      page.getByRole('button', { name: 'Lock as the signed-off version' }),
    ),
  ).toBe(200);
  await expect(page.getByTestId('discussion-state')).toHaveText('Locked: the signed-off version');
  await expect(page.getByTestId('signed')).toHaveText(DA.signed(today));
  await expect(page.getByRole('heading', { name: "The committee's words" })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lock as the signed-off version' })).toHaveCount(0);
  await expect(page.locator('main textarea, main input[type=date]')).toHaveCount(0);
  await expect(docField(page, 'Hvem deltog')).toHaveText(words['Who took part']);
  await expectAccessible(page);

  // Nothing changes it any more, whatever is posted.
  const save = await page.request.post('/api/committees/discussion/save', {
    form: {
      committee: hmu,
      year: String(Y),
      meeting_on: today,
      participants: 'Somebody else',
      evaluation: 'Rewritten afterwards',
    },
  });
  expect(save.status()).toBe(400);
  expect(JSON.stringify(await save.json())).toContain('error-locked');
  for (const step of ['lock', 'prepare']) {
    const again = await page.request.post('/api/committees/discussion/step', {
      form: { committee: hmu, year: String(Y), step },
    });
    expect(again.status(), step).toBe(400);
    expect(JSON.stringify(await again.json())).toContain('error-locked');
  }
  await page.reload();
  await ready(page);
  await expect(docField(page, 'Hvem deltog')).toHaveText(words['Who took part']);
  await expect(docField(page, 'Evaluering af årets mål')).toHaveText(words["Evaluation of the year's goals"]);
  await expect(page.getByTestId('signed')).toHaveText(DA.signed(today));

  // The PDF: real text, in Danish.
  const pdf = await pdfOf(page, `/committees/${hmu}/discussion/${Y}/pdf`);
  for (const text of [
    DA.title(Y),
    'Område: Hospital Nord',
    DA.goals,
    DA.results,
    DA.problems,
    DA.absence,
    DA.stories,
    DA.nextGoals,
    DA.fields,
    'Hvem deltog',
    words['Who took part'],
    words["Decisions on next year's goals and focus"],
    DA.signed(today),
    'Side 1 af',
  ]) {
    expect(pdf.text, text).toContain(text);
  }
  expect(pdf.text).not.toContain('Somebody else');

  // On the committee's page, the year's discussion is listed as locked.
  await openCommittee(page, hmu);
  const listed = page
    .getByRole('region', { name: 'Annual working-environment discussion' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: `The discussion of ${Y}`, exact: true }) });
  await expect(listed).toHaveText(`The discussion of ${Y} · Locked: the signed-off version`);
  await expectAccessible(page);
});

test("last year's discussion is the signed-off version, on the page and in the PDF", async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await expectAccessible(page);
  await openCommittee(page, hmu);
  const year = await shownYear(page);
  const last = year - 1;

  // Last year's goal, achieved, one click away.
  await activate(page.getByRole('link', { name: `Go to ${last}` }));
  await expect(page).toHaveURL(new RegExp(`/committees/${hmu}\\?year=${last}$`));
  await ready(page);
  expect(await shownYear(page)).toBe(last);
  const old = goal(page, 'Collaboration', DEMO.lastYearGoal);
  await expect(old).toHaveCount(1);
  await expect(old.getByTestId(`goal-status-${last}`)).toHaveText(`Achieved — ${DEMO.lastYearEvaluation}`);
  // This year's goals are not last year's.
  await expect(goal(page, 'Wellbeing', DEMO.hmuWellbeing)).toHaveCount(0);
  await expectAccessible(page);

  const item = page
    .getByRole('region', { name: 'Annual working-environment discussion' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: `The discussion of ${last}`, exact: true }) });
  await expect(item).toHaveText(`The discussion of ${last} · Locked: the signed-off version`);
  await activate(item.getByRole('link'));
  await expect(page).toHaveURL(new RegExp(`/committees/${hmu}/discussion/${last}$`));
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DA.title(last));
  await expect(page.getByTestId('discussion-state')).toHaveText('Locked: the signed-off version');
  await expect(page.getByTestId('signed')).toHaveText(DA.signed(`${last}-12-10`));
  // No form, no steps: nobody can edit it.
  await expect(page.getByRole('heading', { name: "The committee's words" })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Prepare: send the material to the members' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lock as the signed-off version' })).toHaveCount(0);
  const doc = page.getByTestId('document');
  await expect(doc.getByRole('heading', { level: 2 })).toHaveText([
    DA.goals,
    DA.results,
    DA.reports,
    DA.problems,
    DA.absence,
    DA.stories,
    DA.nextGoals,
    DA.fields,
    DA.signatures,
  ]);
  await expect(fact(doc, `Samarbejde: ${DEMO.lastYearGoal}`, 'dl.doc-lines')).toHaveText(
    `Status ${last}: Nået. Evaluering: ${DEMO.lastYearEvaluation}`,
  );
  await expect(docField(page, 'Mødets dato')).toHaveText(daDate(`${last}-12-10`));
  await expect(docField(page, 'Hvem deltog')).toHaveText(DEMO.lastYearParticipants);
  // As signed: no round in it closed after the day it was locked.
  const rounds = [...(await doc.innerText()).matchAll(/Trivselspuls (\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]);
  for (const opened of rounds) expect(opened <= `${last}-12-10`, opened).toBe(true);
  // The breadcrumb leads back to the committee's page of that year.
  await expect(
    page.getByRole('navigation', { name: 'Where you are' }).getByRole('link', { name: 'HMU' }),
  ).toHaveAttribute('href', `/committees/${hmu}?year=${last}`);
  await expectAccessible(page);

  const pdf = await pdfOf(page, `/committees/${hmu}/discussion/${last}/pdf`);
  for (const text of [
    DA.title(last),
    DA.signed(`${last}-12-10`),
    DA.goals,
    `Samarbejde: ${DEMO.lastYearGoal}`,
    `Status ${last}: Nået.`,
    DA.fields,
    DEMO.lastYearParticipants,
    'Næste års mål: psykologisk tryghed på sengeafsnittene og færre nærved-hændelser med personløftere.',
  ]) {
    expect(pdf.text, text).toContain(text);
  }
  expect(pdf.text).toMatch(/Side 1 af \d/);
});

test('only members (and administrators) open a committee; the others are refused', async ({ page, browser }) => {
  // The HMU's id and a goal of it, as a member sees them.
  const member = await phone(browser, page);
  await signIn(member, MEMBER);
  const hmu = await committeeId(member);
  await expect(member.getByRole('link', { name: 'RMU', exact: true })).toHaveCount(0);
  await openCommittee(member, hmu);
  const demoGoal = await goalId(goal(member, 'Wellbeing', DEMO.hmuWellbeing));
  const year = await shownYear(member);
  await member.context().close();
  const last = year - 1;

  // A leader of the medical department sits on no committee.
  await signIn(page, LEADER);
  await ready(page);
  await expect(page.getByRole('link', { name: 'Committees', exact: true })).toHaveCount(0);
  for (const path of ['/committees', `/committees/${hmu}`, `/committees/${hmu}/discussion/${last}`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await ready(page);
    await expect(page.getByRole('alert')).toHaveText('You do not have access to this.');
    await expect(page.locator('main')).not.toContainText(DEMO.hmuWellbeing);
    await expect(page.locator('main')).not.toContainText(DEMO.lastYearParticipants);
  }
  await expectAccessible(page);
  const pdf = await page.request.get(`/committees/${hmu}/discussion/${last}/pdf`);
  expect(pdf.status()).toBe(403);
  expect(pdf.headers()['content-type']).not.toContain('application/pdf');
  expect(await pdf.text()).not.toContain(DEMO.lastYearParticipants);
  for (const [endpoint, form] of [
    ['committees/goal/new', { committee: hmu, theme: 'wellbeing', title: unique('Not mine'), first_year: `${year}` }],
    ['committees/goal/act', { goal: demoGoal, action: 'story', title: unique('Not mine'), body: 'No.' }],
    ['committees/goal/act', { goal: demoGoal, action: 'remove', reason: 'Not mine to remove.' }],
    ['committees/discussion/save', { committee: hmu, year: String(year), participants: 'Not me' }],
    ['committees/discussion/step', { committee: hmu, year: String(year), step: 'prepare' }],
    ['committees/lang', { committee: hmu, lang: 'en' }],
  ] as const) {
    const res = await page.request.post(`/api/${endpoint}`, { form });
    expect(res.status(), `${endpoint} ${JSON.stringify(form)}`).toBe(403);
  }

  // Not signed in: asked to sign in; the PDF and the server functions refuse.
  const visitor = await phone(browser, page);
  const first = await visitor.goto(`/committees/${hmu}`);
  expect(first?.status()).toBe(401);
  await ready(visitor);
  await expect(visitor.locator('main')).not.toContainText(DEMO.hmuWellbeing);
  await expectAccessible(visitor);
  const anonymousPdf = await visitor.request.get(`/committees/${hmu}/discussion/${last}/pdf`);
  expect(anonymousPdf.status()).toBe(401);
  expect(await anonymousPdf.text()).not.toContain(DEMO.lastYearParticipants);
  const anonymous = await visitor.request.post('/api/committees/discussion/save', {
    form: { committee: hmu, year: String(year), participants: 'Nobody' },
  });
  expect(anonymous.status()).toBe(401);
  await visitor.context().close();

  // The report handler has no committees link and no committees.
  const handler = await phone(browser, page);
  await signIn(handler, HANDLER);
  await ready(handler);
  await expect(handler.getByRole('link', { name: 'Committees', exact: true })).toHaveCount(0);
  const refused = await handler.goto(`/committees/${hmu}`);
  expect(refused?.status()).toBe(403);
  await ready(handler);
  await expect(handler.getByRole('alert')).toHaveText('You do not have access to this.');
  await expectAccessible(handler);
  await handler.context().close();

  // An administrator may work on every committee: the region's too.
  const admin = await phone(browser, page);
  await signIn(admin, ADMIN);
  await ready(admin);
  await expect(admin.getByRole('link', { name: 'Committees', exact: true })).toBeVisible();
  const rmu = await committeeId(admin, 'RMU');
  await expect(admin.getByRole('link', { name: 'HMU', exact: true })).toBeVisible();
  await openCommittee(admin, rmu);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('RMU');
  await expect(fact(admin, 'Scope')).toHaveText('Region Demo');
  for (const [theme, t] of [
    ['Wellbeing', DEMO.rmuWellbeing],
    ['Safety', DEMO.rmuSafety],
    ['Ergonomics', DEMO.rmuErgonomics],
  ]) {
    await expect(goal(admin, theme, t)).toHaveCount(1);
    await expect(goal(admin, theme, t).getByText(`Period: ${year}–${year + 1}`, { exact: true })).toBeVisible();
  }
  // The hospital's goals serve the region's.
  await expect(goal(admin, 'Wellbeing', DEMO.rmuWellbeing)).toContainText(`HMU – ${DEMO.hmuWellbeing}`);
  await expect(goal(admin, 'Ergonomics', DEMO.rmuErgonomics)).toContainText(`HMU – ${DEMO.hmuErgonomics}`);
  // Nothing is above the region.
  await expect(admin.getByText('The committees above have no goals for this year.')).toBeVisible();
  await expectAccessible(admin);
  await admin.context().close();
});

test('bad input is refused by the server, nothing changes, and the forms say why', async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await openCommittee(page, hmu);
  const year = await shownYear(page);
  const { empty, badDate, incomplete } = years();
  const ownDemoGoal = await goalId(goal(page, 'Wellbeing', DEMO.hmuWellbeing));

  // A goal of one's own, to try wrong changes on.
  const mine = unique('Quieter night shifts');
  const made = await page.request.post('/api/committees/goal/new', {
    form: { committee: hmu, theme: 'workload', title: mine, description: '', first_year: String(year), years: '1' },
  });
  expect(made.status()).toBe(200);
  await page.reload();
  await ready(page);
  const own = goal(page, 'Workload', mine);
  await expect(own).toHaveCount(1);
  const ownId = await goalId(own);

  const refused: string[] = [];
  const expectRefused = async (endpoint: string, form: Record<string, string>, status: number, key?: string) => {
    const res = await page.request.post(`/api/${endpoint}`, { form });
    expect(res.status(), `${endpoint} ${JSON.stringify(form)}`).toBe(status);
    if (key) expect(JSON.stringify(await res.json()), `${endpoint} ${JSON.stringify(form)}`).toContain(key);
  };
  const newGoal = (over: Record<string, string>, status: number, key?: string) => {
    const title = unique('Refused goal');
    refused.push(title);
    const form = { committee: hmu, theme: 'wellbeing', title, description: '', first_year: String(year), years: '1' };
    return expectRefused('committees/goal/new', { ...form, parent: '', reason: '', ...over }, status, key);
  };
  const act = (form: Record<string, string>, status: number, key?: string) =>
    expectRefused('committees/goal/act', { goal: ownId, ...form }, status, key);
  const step = (y: number, s: string, key: string) =>
    expectRefused('committees/discussion/step', { committee: hmu, year: String(y), step: s }, 400, key);
  // A goal can only serve a goal of a committee above: not one of its own
  // committee's, not one that does not exist.
  await newGoal({ parent: ownDemoGoal }, 400, 'error-goal-parent');
  await newGoal({ parent: ownId }, 400, 'error-goal-parent');
  await newGoal({ parent: 'no-such-goal' }, 400, 'error-goal-parent');
  // A theme, years and a period from the lists; a title; a committee.
  await newGoal({ theme: 'nonsense' }, 400, 'error-goal-theme');
  await newGoal({ first_year: '1999' }, 400, 'error-goal-year');
  await newGoal({ first_year: String(year + 3) }, 400, 'error-goal-year');
  await newGoal({ first_year: 'next' }, 400, 'error-goal-year');
  await newGoal({ years: '3' }, 400, 'error-goal-years');
  await newGoal({ title: '   ' }, 400, 'error-title-missing');
  await newGoal({ committee: 'no-such-committee' }, 404);
  // Changes mid-way need their reason.
  await act({ action: 'remove', reason: '  ' }, 400, 'error-reason-missing');
  await act({ action: 'adjust', title: unique('Renamed without a reason'), reason: '' }, 400, 'error-reason-missing');
  // A status from the list, for one of the goal's years; a story told; a
  // measure in the committee's scope; an action that exists.
  await act({ action: 'status', year: String(year), status: 'finished' }, 400);
  await act({ action: 'status', year: String(year + 1), status: 'achieved' }, 400, 'error-goal-year');
  await act({ action: 'story', title: unique('A story'), body: '' }, 400, 'error-story-missing');
  await act({ action: 'link', measure: 'no-such-measure' }, 400, 'error-measure-scope');
  await act({ action: 'shout' }, 400);
  // A discussion never saved cannot be locked or prepared; a date is a date.
  await step(empty, 'lock', 'error-discussion-empty');
  await step(empty, 'prepare', 'error-discussion-empty');
  await expectRefused(
    'committees/discussion/save',
    { committee: hmu, year: String(badDate), meeting_on: '31-12-2026', participants: 'Ulla Udvalg' },
    400,
    'error-date',
  );
  await expectRefused('committees/discussion/save', { committee: hmu, year: '1999', participants: 'Ulla Udvalg' }, 404);
  await expectRefused('committees/lang', { committee: hmu, lang: 'fr' }, 400, 'error-malformed-form');

  // Nothing changed: the goal keeps its title, is not removed, has no story;
  // none of the refused goals exists; the two years have no discussion.
  await openCommittee(page, hmu);
  await expect(own).toHaveCount(1);
  await expect(own.getByTestId(`goal-status-${year}`)).toHaveText('Not started');
  await expect(own.getByText(/^Removed on /)).toHaveCount(0);
  await expect(own.getByTestId('story')).toHaveCount(0);
  await expect(own.getByRole('heading', { name: 'Adjustments' })).toHaveCount(0);
  await expect(goal(page, 'Wellbeing', DEMO.hmuWellbeing).getByTestId('goal-parent')).toHaveText(
    `Serves "${DEMO.rmuWellbeing}" (RMU).`,
  );
  for (const t of refused) await expect(page.locator('main')).not.toContainText(t);
  const discussions = page.getByRole('region', { name: 'Annual working-environment discussion' });
  for (const y of [empty, badDate]) {
    await expect(discussions.getByRole('link', { name: `The discussion of ${y}` })).toHaveCount(0);
  }
  await expect(page.getByLabel("Language of the committee's documents")).toHaveValue('da');

  // Through the form: a goal without a title (the browser does not check;
  // the server does).
  const described = unique('A goal with no title');
  const form = page.getByRole('region', { name: 'New goal' });
  await form.getByLabel('Goal', { exact: true }).fill('');
  await form.getByLabel('Description (optional)').fill(described);
  expect(await submit(page, 'committees/goal/new', form.getByRole('button', { name: 'Create the goal' }))).toBe(400);
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('Please give a title.');
  expect(new URL(page.url()).pathname).toBe(`/committees/${hmu}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('HMU');
  await expect(page.getByTestId('goal').filter({ hasText: described })).toHaveCount(0);
  await expectAccessible(page);

  // Through the form: removing a goal without saying why.
  const forms = await work(goal(page, 'Workload', mine));
  expect(await submit(page, 'committees/goal/act', forms.getByRole('button', { name: 'Remove the goal' }))).toBe(400);
  // (Hydrated, the new-goal form still says what was wrong with it.)
  const said = page.getByRole('alert').filter({ hasText: /\S/ });
  await expect(said.filter({ hasText: 'Please give the reason for the change.' })).toHaveText(
    'Please give the reason for the change.',
  );
  await expect(said.filter({ hasNotText: 'Please give a title.' })).toHaveCount(1);
  await expect(goal(page, 'Workload', mine)).toHaveCount(1);
  await expect(goal(page, 'Workload', mine).getByText(/^Removed on /)).toHaveCount(0);
  await expectAccessible(page);

  // Through the form: locking before the meeting's date and participants
  // are given. The words are saved; the lock is refused.
  await openDiscussion(page, hmu, incomplete);
  await wordsForm(page).getByLabel('Date of the meeting').fill(`${incomplete}-03-01`);
  await wordsForm(page).getByLabel('Who took part').fill('');
  await wordsForm(page).getByLabel("Evaluation of the year's goals").fill('Written before the meeting.');
  const saveButton = wordsForm(page).getByRole('button', { name: 'Save', exact: true });
  expect(await submit(page, 'committees/discussion/save', saveButton)).toBe(200);
  await expect(docField(page, 'Mødets dato')).toHaveText(daDate(`${incomplete}-03-01`));
  await expect(docField(page, 'Hvem deltog')).toHaveText('—');
  const lock = page.getByRole('button', { name: 'Lock as the signed-off version' });
  expect(await submit(page, 'committees/discussion/step', lock)).toBe(400);
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText(
    "Give the meeting's date and who took part before locking.",
  );
  await expect(page.getByTestId('discussion-state')).toHaveText('Draft');
  await expect(page.getByTestId('signed')).toHaveCount(0);
  await expect(wordsForm(page).getByRole('button', { name: 'Save', exact: true })).toBeVisible();
  await expectAccessible(page);
  // The same through the server function.
  await step(incomplete, 'lock', 'error-lock-incomplete');
  // After a fresh load: still a draft, with the words as saved.
  await openDiscussion(page, hmu, incomplete);
  await expect(page.getByTestId('discussion-state')).toHaveText('Draft');
  await expect(docField(page, 'Mødets dato')).toHaveText(daDate(`${incomplete}-03-01`));
  await expect(docField(page, 'Evaluering af årets mål')).toHaveText('Written before the meeting.');
});

test('a goal is added mid-way, adjusted and removed, and every change keeps its date and reason', async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await openCommittee(page, hmu);
  const year = await shownYear(page);

  // Added mid-way, for two years, serving the region's safety goal.
  const title = unique('Report every near miss on the same day');
  const added = 'Three near misses with the lifts in the spring.';
  const form = page.getByRole('region', { name: 'New goal' });
  await form.getByLabel('Theme').selectOption({ label: 'Safety' });
  await form.getByLabel('Goal', { exact: true }).fill(title);
  await form.getByLabel('Period').selectOption({ label: 'Two years' });
  await form
    .getByLabel('Serves a goal of a committee above (optional)')
    .selectOption({ label: `RMU – ${DEMO.rmuSafety}` });
  await form.getByLabel('Reason, when the goal is added mid-way (optional)').fill(added);
  expect(await submit(page, 'committees/goal/new', form.getByRole('button', { name: 'Create the goal' }))).toBe(200);
  let g = goal(page, 'Safety', title);
  await expect(g).toHaveCount(1);
  const id = await goalId(g);
  await expect(g.getByText(`Period: ${year}–${year + 1}`, { exact: true })).toBeVisible();
  await expect(g.getByTestId(`goal-status-${year}`)).toHaveText('Not started');
  await expect(g.getByTestId(`goal-status-${year + 1}`)).toHaveText('Not started');
  await expect(g.getByTestId('goal-parent')).toHaveText(`Serves "${DEMO.rmuSafety}" (RMU).`);
  const adjustments = () => g.locator('h4:text-is("Adjustments") + ul > li');
  await expect(adjustments()).toHaveText([
    new RegExp(`^Added mid-way on \\d{4}-\\d{2}-\\d{2}: ${escapeRegExp(added)}$`),
  ]);
  const today = (await adjustments().first().textContent())!.match(/\d{4}-\d{2}-\d{2}/)![0];
  await expect(aboveGoal(page, DEMO.rmuSafety)).toContainText(`HMU – ${title}`);
  await expectAccessible(page);

  // Adjusted: a new wording, with the reason.
  const renamed = unique('Report every near miss within the shift');
  const why = 'The night shift cannot report the same day.';
  let forms = await work(g);
  await forms.getByLabel('Goal', { exact: true }).fill(renamed);
  await forms.getByLabel('Description (optional)').fill('Reported before the shift ends.');
  await forms.getByLabel('Reason').first().fill(why);
  const saveAdjustment = forms.getByRole('button', { name: 'Save the adjustment' });
  expect(await submit(page, 'committees/goal/act', saveAdjustment)).toBe(200);
  await expect(goal(page, 'Safety', title)).toHaveCount(0);
  g = goal(page, 'Safety', renamed);
  await expect(g).toHaveCount(1);
  await expect(g.locator(':scope > p').filter({ hasText: /^Reported before the shift ends\.$/ })).toBeVisible();
  await expect(adjustments()).toHaveText([
    `Added mid-way on ${today}: ${added}`,
    `Adjusted on ${today}: ${why}`,
  ]);
  await expect(aboveGoal(page, DEMO.rmuSafety)).toContainText(`HMU – ${renamed}`);
  await expect(aboveGoal(page, DEMO.rmuSafety)).not.toContainText(title);

  // The second year's status is set from the first year's page.
  forms = await work(g);
  await forms.getByLabel('Year', { exact: true }).selectOption(String(year + 1));
  await forms.getByLabel('Status', { exact: true }).selectOption({ label: 'At risk' });
  await forms.getByLabel("The committee's evaluation").fill('Depends on the new reporting app.');
  expect(await submit(page, 'committees/goal/act', forms.getByRole('button', { name: 'Save the status' }))).toBe(200);
  await expect(g.getByTestId(`goal-status-${year + 1}`)).toHaveText('At risk — Depends on the new reporting app.');
  await expect(g.getByTestId(`goal-status-${year}`)).toHaveText('Not started');

  // Removed: it stays on record, with the reason, and no longer serves the
  // region's goal.
  const gone = 'Merged into the hospital-wide reporting goal.';
  forms = await work(g);
  await forms.getByRole('textbox', { name: 'Reason' }).last().fill(gone);
  expect(await submit(page, 'committees/goal/act', forms.getByRole('button', { name: 'Remove the goal' }))).toBe(200);
  await expect(g).toHaveCount(1);
  await expect(g.getByText(`Removed on ${today}.`, { exact: true })).toBeVisible();
  await expect(g.locator('details')).toHaveCount(0);
  await expect(adjustments()).toHaveText([
    `Added mid-way on ${today}: ${added}`,
    `Adjusted on ${today}: ${why}`,
    `Removed on ${today}: ${gone}`,
  ]);
  await expect(aboveGoal(page, DEMO.rmuSafety)).not.toContainText(renamed);
  // A goal of its own committee cannot be chosen to serve, removed or not.
  await expect(
    form.getByLabel('Serves a goal of a committee above (optional)').locator('option', { hasText: renamed }),
  ).toHaveCount(0);
  await expectAccessible(page);
  // Also on the second year's page.
  await openCommittee(page, hmu, year + 1);
  await expect(goal(page, 'Safety', renamed).getByText(`Removed on ${today}.`, { exact: true })).toBeVisible();
  await expect(goal(page, 'Safety', renamed).getByTestId(`goal-status-${year + 1}`)).toHaveText(
    'At risk — Depends on the new reporting app.',
  );
  // It cannot be removed (or adjusted) again.
  for (const form of [
    { goal: id, action: 'remove', reason: 'Again.' },
    { goal: id, action: 'adjust', title: unique('Renamed when removed'), reason: 'Again.' },
  ]) {
    const again = await page.request.post('/api/committees/goal/act', { form });
    expect(again.status(), form.action).toBe(400);
    expect(JSON.stringify(await again.json())).toContain('error-goal-removed');
  }
  await expectAccessible(page);
});

// ── App bugs: these assert the correct behaviour (see the report).

test('a removed goal cannot be changed: no new story, no new status', async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await openCommittee(page, hmu);
  const year = await shownYear(page);
  const title = unique('A goal given up');
  const made = await page.request.post('/api/committees/goal/new', {
    form: { committee: hmu, theme: 'other', title, first_year: String(year), years: '1' },
  });
  expect(made.status()).toBe(200);
  await page.reload();
  await ready(page);
  const g = goal(page, 'Other', title);
  const id = await goalId(g);
  const removed = await page.request.post('/api/committees/goal/act', {
    form: { goal: id, action: 'remove', reason: 'Given up.' },
  });
  expect(removed.status()).toBe(200);

  const story = unique('Told after the goal was removed');
  const attempts = [
    { action: 'story', title: story, body: 'It still happened.' },
    { action: 'status', year: String(year), status: 'achieved', evaluation: 'Achieved after removal?' },
    { action: 'adjust', title: unique('Renamed after removal'), reason: 'Why not.' },
    { action: 'link', measure: 'no-such-measure' },
  ];
  const answers: string[] = [];
  for (const a of attempts) {
    const res = await page.request.post('/api/committees/goal/act', { form: { goal: id, ...a } });
    answers.push(`${a.action}: ${res.status()} ${await res.text()}`);
  }
  expect(answers).toEqual(attempts.map((a) => `${a.action}: 400 {"BadRequest":"error-goal-removed"}`));
  await page.reload();
  await ready(page);
  await expect(g.getByText(/^Removed on \d{4}-\d{2}-\d{2}\.$/)).toBeVisible();
  await expect(g.getByTestId('story')).toHaveCount(0);
  await expect(g.getByTestId(`goal-status-${year}`)).toHaveText('Not started');
});

test("the PDF's title is the document's title", async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await openCommittee(page, hmu);
  const last = (await shownYear(page)) - 1;
  const pdf = await pdfOf(page, `/committees/${hmu}/discussion/${last}/pdf`);
  expect(pdf.text).toContain(DA.title(last));
  // What a PDF reader shows in its title bar and reads out first.
  expect(pdf.title).toBe(DA.title(last));
});

test("the committee's page fits a phone", async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await expectNoSidewaysScroll(page);
  await openCommittee(page, hmu);
  await expect(page.getByRole('button', { name: 'Save the language' })).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('the year links are links to other pages, not the current page', async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await openCommittee(page, hmu);
  const year = await shownYear(page);
  // "Go to" another year is a link to another page, not the page itself.
  for (const y of [year - 1, year + 1]) {
    await expect(page.getByRole('link', { name: `Go to ${y}` })).not.toHaveAttribute('aria-current', 'page');
  }
});

test("the discussion's Danish title is marked as Danish on an English page", async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await openCommittee(page, hmu);
  const year = await shownYear(page);
  await openDiscussion(page, hmu, year - 1);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('document')).toHaveAttribute('lang', 'da');
  // The heading and the scope line above the document are Danish text too.
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText(DA.title(year - 1));
  expect(await h1.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))).toBe('da');
  const scope = page.getByText('Område: Hospital Nord', { exact: true });
  expect(await scope.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))).toBe('da');
});

for (const [name, viewport] of [
  ['a tablet', { width: 820, height: 1180 }],
  ['a projector', { width: 1920, height: 1080 }],
] as const) {
  test.describe(`on ${name}`, () => {
    test.use({ viewport });

    test(`the committee's page and last year's discussion fit ${name}`, async ({ page }) => {
      expect(page.viewportSize()).toEqual(viewport);
      await signIn(page, MEMBER);
      const hmu = await committeeId(page);
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);

      await openCommittee(page, hmu);
      const year = await shownYear(page);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('HMU');
      await expect(goal(page, 'Wellbeing', DEMO.hmuWellbeing).getByTestId('story').first()).toContainText(DEMO.story);
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
      // With a goal's forms open.
      await work(goal(page, 'Wellbeing', DEMO.hmuWellbeing));
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);

      await openDiscussion(page, hmu, year - 1);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(DA.title(year - 1));
      await expect(page.getByTestId('signed')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
    });
  });
}

test('a goal form sent twice makes one goal, and says the second was already sent', async ({ page }) => {
  await signIn(page, MEMBER);
  const hmu = await committeeId(page);
  await openCommittee(page, hmu);
  const year = await shownYear(page);
  const title = unique('Handovers face to face');
  const form = page.getByRole('region', { name: 'New goal' });
  await form.getByLabel('Theme').selectOption({ label: 'Safety' });
  await form.getByLabel('Goal', { exact: true }).fill(title);
  // What the browser would send again on a reload, Back and Send, or a
  // second press: the same fields, the same one-time value.
  const once = await form.locator('input[name="__once"]').inputValue();
  expect(once.length).toBeGreaterThanOrEqual(16);
  const button = form.getByRole('button', { name: 'Create the goal' });
  if (hydrated()) {
    // Two presses before the first answer: two fetches, one goal.
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/committees/goal/new' && r.request().method() === 'POST') {
        statuses.push(r.status());
      }
    });
    await button.focus();
    await Promise.all([button.press('Enter'), button.press('Enter')]);
    await expect.poll(() => statuses.length).toBe(2);
    expect(statuses.sort()).toEqual([200, 400]);
    // Edited, the form is a new form.
    await form.getByLabel('Goal', { exact: true }).fill(`${title} (2)`);
    await expect(form.locator('input[name="__once"]')).not.toHaveValue(once);
  } else {
    expect(await submit(page, 'committees/goal/new', button)).toBe(200);
  }
  const again = await page.request.post('/api/committees/goal/new', {
    form: {
      committee: hmu,
      theme: 'safety',
      title,
      first_year: String(year),
      years: '1',
      parent: '',
      __once: once,
    },
  });
  expect(again.status()).toBe(400);
  expect(JSON.stringify(await again.json())).toContain('error-already-sent');
  await page.reload();
  await ready(page);
  await expect(goal(page, 'Safety', title)).toHaveCount(1);
  // The form is new again: its next goal goes through.
  await expect(form.locator('input[name="__once"]')).not.toHaveValue(once);
  await expectAccessible(page);
});
