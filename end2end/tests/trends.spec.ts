import { test, expect, expectAccessible, ready, signIn } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/**
 * The demo's year of past rounds as leaders and committees read them: trend
 * charts with their figures, comments only where enough wrote one, the
 * heatmap's hidden cells (the sensitive theme has the higher threshold), the
 * same cells hidden in the downloaded file, and a page that prints without
 * the site's menus.
 */

const LEADER = 'leder@demo.trivsel.test';
const COMMITTEE = 'udvalg@demo.trivsel.test';
const EXPOSURE = 'Exposure to offensive behaviour';

/** From the list of units, opens one unit's results. */
async function openUnit(page: Page, name: string) {
  await page.goto('/results');
  await ready(page);
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await ready(page);
}

/**
 * Chooses the latest past round in the page's round list (the first option
 * is the round open now) and shows it. Returns the round's id and name.
 */
async function showLatestPastRound(page: Page) {
  const option = page.locator('#round option').nth(1);
  const id = (await option.getAttribute('value'))!;
  const name = (await option.textContent())!.trim();
  await page.getByLabel('Round', { exact: true }).selectOption(id);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`round=${id}`));
  await expect(page.getByRole('table').first()).toContainText(name);
  return { id, name };
}

/** The heatmap of the latest past round, and the column of a theme. */
async function openHeatmap(page: Page) {
  await page.goto('/results/heatmap');
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Heatmap');
  const round = await showLatestPastRound(page);
  const headers = (await page.locator('table.heatmap thead th').allTextContents()).map((h) => h.trim());
  const column = headers.findIndex((h) => h.includes(EXPOSURE));
  expect(column, `a column "${EXPOSURE}" in ${JSON.stringify(headers)}`).toBeGreaterThan(0);
  return { round, column };
}

/** The heatmap row of a unit (its row header is the unit's name). */
function heatRow(page: Page, unit: string): Locator {
  return page
    .locator('table.heatmap tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: unit, exact: true }) });
}

/** A minimal RFC 4180 reader: quoted fields may hold commas, quotes, newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

test('a leader reads the trend and the comments of their department in a past round', async ({ page }) => {
  await signIn(page, LEADER);
  await openUnit(page, 'Medicinsk afdeling');
  const round = await showLatestPastRound(page);
  const score = page.getByTestId('score-wellbeing');
  await expect(score).toHaveText(/^\d+$/);
  await expect(page.getByRole('img', { name: /^Favourable \/ neutral \/ unfavourable: / }).first()).toBeVisible();

  // One chart per theme, each an image whose name says what it shows.
  const trend = page.getByRole('region', { name: 'Trend' });
  await expect(trend.getByRole('heading', { level: 2, name: 'Trend' })).toBeVisible();
  const themes = await page.locator('table.results tbody tr').count();
  expect(themes).toBeGreaterThanOrEqual(8);
  await expect(trend.locator('figure.trend')).toHaveCount(themes);
  const chart = page.getByTestId('trend-wellbeing');
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('role', 'img');
  await expect(chart).toHaveAttribute('aria-label', /^Wellbeing: from \d+ in .* to \d+ in /);
  await expect(chart).toHaveAttribute('aria-label', new RegExp(`to ${await score.textContent()} in ${round.name}\\.`));

  // The figures behind the chart, folded away until asked for.
  const figures = trend.locator('details').filter({ has: page.locator('summary', { hasText: /^Figures for Wellbeing$/ }) });
  const table = figures.getByRole('table');
  await expect(table).toBeHidden();
  await figures.locator('summary').click();
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(rows.last().getByRole('rowheader')).toHaveText(round.name);
  await expect(rows.last().getByRole('cell')).toHaveText((await score.textContent())!);

  // Enough people wrote a comment here: the texts, without any timing.
  const comments = page.getByTestId('comments');
  await expect(comments).toBeVisible();
  const texts = await comments.locator('li').allTextContents();
  expect(texts.length, 'comments shown for Medicinsk afdeling').toBeGreaterThanOrEqual(10);
  await expect(comments.locator('time')).toHaveCount(0);
  for (const text of texts) {
    expect(text.trim()).not.toBe('');
    expect(text, 'a comment carries no date or time').not.toMatch(
      /\d{4}-\d{1,2}-\d{1,2}|\b\d{1,2}[./-]\d{1,2}\b|\b\d{1,2}:\d{2}\b|\bkl\.\s*\d/i,
    );
  }
  await expect(page.getByTestId('comments-hidden')).toHaveCount(0);
  await expectAccessible(page);
});

test('a leader reads a ward\'s comments and sees why a small ward\'s and a small team\'s are hidden', async ({ page }) => {
  await signIn(page, LEADER);
  await openUnit(page, 'Sengeafsnit M1');
  await showLatestPastRound(page);
  await expect(page.getByTestId('score-wellbeing')).toHaveText(/^\d+$/);
  // Eleven wrote a comment in ward M1: published in a step of at least ten,
  // so beside the department's they single out nobody.
  await expect(page.getByTestId('comments')).toBeVisible();
  expect(await page.getByTestId('comments').locator('li').count()).toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId('comments-hidden')).toHaveCount(0);
  await expectAccessible(page);

  // Ward M2's eight were held back, and went to the department when the
  // round closed: the ward says only "fewer than ten".
  await openUnit(page, 'Sengeafsnit M2');
  await showLatestPastRound(page);
  await expect(page.getByTestId('comments')).toHaveCount(0);
  await expect(page.getByTestId('comments-hidden')).toContainText(
    'Fewer than 10 people here wrote a comment, so the comments are not shown here.',
  );

  // Medicinsk ambulatorium has four people: no figure of its own, the
  // department's beside it.
  await openUnit(page, 'Medicinsk ambulatorium');
  await showLatestPastRound(page);
  // Filed with the department, whose own group (the ambulatorium's few)
  // was still below five at the close: so they are counted one level up,
  // and the page names where (issue 16: the words agree with the figures).
  await expect(page.getByTestId('filed-with')).toContainText(
    'In this round, the answers given here are counted with Hospital Nord',
  );
  const cells = page.locator('table.results tbody [data-testid^="score-"]');
  const n = await cells.count();
  expect(n).toBeGreaterThanOrEqual(8);
  for (let i = 0; i < n; i++) {
    const cell = cells.nth(i);
    // The sensitive theme has its own, higher threshold.
    const k = (await cell.getAttribute('data-testid')) === 'score-exposure' ? 10 : 5;
    await expect(cell).toHaveText(`fewer than ${k} answered`);
  }
  const headers = (await page.locator('table.results thead th').allTextContents()).map((h) => h.trim());
  const parent = headers.indexOf('Medicinsk afdeling');
  expect(parent, `a column "Medicinsk afdeling" in ${JSON.stringify(headers)}`).toBeGreaterThan(0);
  const rows = page.locator('table.results tbody tr');
  for (let i = 0; i < n; i++) {
    await expect(rows.nth(i).locator('th, td').nth(parent)).toHaveText(/^\d+$/);
  }
  await expectAccessible(page);
});

test('a committee member sees the sensitive theme hidden where a small team answered too few', async ({ page }) => {
  await signIn(page, COMMITTEE);
  const { column } = await openHeatmap(page);

  // The organisation row is there for comparison only: outside the scope, no link.
  const first = page.locator('table.heatmap tbody tr').first();
  await expect(first.getByRole('rowheader')).toHaveText(/^Region Demo\s*\(for comparison\)$/);
  await expect(first.getByRole('link')).toHaveCount(0);

  const department = heatRow(page, 'Akutafdelingen').locator('th, td').nth(column);
  await expect(department).not.toHaveClass(/heat-hidden/);
  await expect(department).toHaveText(/^\d+/);
  // The night team has fewer than 10: their answers were held back and,
  // when the round closed, counted with the department's. So the day team's
  // figure beside the department's singles out nobody, and is shown.
  const night = heatRow(page, 'Akutmodtagelsen, nat').locator('th, td').nth(column);
  await expect(night).toHaveClass(/heat-hidden/);
  await expect(night).toHaveText(/^—/);
  await expect(night.locator('.visually-hidden')).toHaveText('fewer than 10 answered');
  const day = heatRow(page, 'Akutmodtagelsen, dag').locator('th, td').nth(column);
  await expect(day).not.toHaveClass(/heat-hidden/);
  await expect(day).toHaveText(/^\d+/);
  await expectAccessible(page);
});

test('a committee member downloads the heatmap: the file hides the same cells', async ({ page }) => {
  await signIn(page, COMMITTEE);
  const { round, column } = await openHeatmap(page);
  const csvHref = await page.getByRole('link', { name: 'CSV file' }).getAttribute('href');
  expect(csvHref).toBe(`/results/export?round=${round.id}&format=csv`);
  const res = await page.request.get(csvHref!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^text\/csv/);
  const body = await res.body();
  expect([...body.subarray(0, 3)], 'a UTF-8 byte-order mark').toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...lines] = parseCsv(body.subarray(3).toString('utf8'));
  expect(header.join(',')).toBe(
    'Unit,Part of,Theme,Score,Favourable (%),Neutral (%),Unfavourable (%),Respondents,Change,Note',
  );
  const exposure = new Map(lines.filter((l) => l[2] === EXPOSURE).map((l) => [l[0], l]));

  // Every unit on the page: hidden there exactly when hidden in the file.
  const rows = page.locator('table.heatmap tbody tr');
  const units = (await rows.getByRole('rowheader').allTextContents()).map((u) =>
    u.replace(/\s*\(for comparison\)\s*$/, '').trim(),
  );
  expect(units).toEqual(expect.arrayContaining(['Akutafdelingen', 'Akutmodtagelsen, dag', 'Akutmodtagelsen, nat']));
  for (const [i, unit] of units.entries()) {
    const cell = rows.nth(i).locator('th, td').nth(column);
    const line = exposure.get(unit);
    expect(line, `a line for ${unit} × ${EXPOSURE} in the file`).toBeDefined();
    const [, , , score, , , , , , note] = line!;
    if (/heat-hidden/.test((await cell.getAttribute('class')) ?? '')) {
      expect(score, `${unit} is hidden on the page`).toBe('');
      expect(note, `${unit}: the reason`).not.toBe('');
    } else {
      expect(score, `${unit} is shown on the page`).toMatch(/^\d+\.\d$/);
      const shown = Number(/^\d+/.exec((await cell.textContent())!.trim())![0]);
      expect(Math.abs(Number(score) - shown)).toBeLessThanOrEqual(0.5);
      expect(note).toBe('');
    }
  }
  expect(exposure.get('Akutafdelingen')![3]).not.toBe('');
  expect(exposure.get('Akutmodtagelsen, nat')![9]).toBe('fewer than 10 answered');
  expect(exposure.get('Akutmodtagelsen, dag')![3]).not.toBe('');

  const xlsxHref = await page.getByRole('link', { name: 'Excel file (XLSX)' }).getAttribute('href');
  expect(xlsxHref).toBe(`/results/export?round=${round.id}&format=xlsx`);
  const xlsx = await page.request.get(xlsxHref!);
  expect(xlsx.status()).toBe(200);
  expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
});

test('a unit page prints without the menus and the downloads', async ({ page }) => {
  await signIn(page, LEADER);
  await openUnit(page, 'Medicinsk afdeling');
  await showLatestPastRound(page);
  const header = page.locator('.site-header');
  const downloads = page.locator('section', { has: page.locator('h2', { hasText: /^Download$/ }) });
  await expect(header).toBeVisible();
  await expect(downloads).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(header).toBeHidden();
  await expect(downloads).toBeHidden();
  // What the committee meeting needs is still there.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medicinsk afdeling');
  await expect(page.getByTestId('score-wellbeing')).toBeVisible();
  await expect(page.getByTestId('trend-wellbeing')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await expect(header).toBeVisible();
});
