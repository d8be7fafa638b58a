import { test, expect, expectAccessible, hydrated, ready, signIn } from './fixtures';
import type { Browser, Page } from '@playwright/test';

/**
 * Answering the demo pulse ("Trivselspuls #1", opened by the scheduler when
 * the server starts: 8 questions, two screens) on a phone, with JavaScript off
 * and hydrated, by code card and by login.
 */

// Long journeys with an accessibility check on every step.
test.describe.configure({ timeout: 120_000 });

/** Prints code cards for a unit as the administrator and reads the codes. */
async function printCards(page: Page, unit: string, count: number): Promise<string[]> {
  await signIn(page, 'admin@demo.trivsel.test');
  await page.goto('/surveys');
  await ready(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Trivselspuls #1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trivselspuls #1');
  await ready(page);
  await expectAccessible(page);
  const value = await page.locator('#cards-unit option', { hasText: unit }).getAttribute('value');
  await page.getByLabel('Unit').selectOption(value!);
  await page.getByLabel('Number of cards').fill(String(count));
  await page.getByRole('button', { name: 'Make the sheet' }).click();
  const codes = await page.getByTestId('card-code').allTextContents();
  expect(codes).toHaveLength(count);
  await expect(page.locator('.code-card svg')).toHaveCount(count);
  await expectAccessible(page);
  return codes;
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

/** Answers the open questionnaire: statement, two screens, back and forth. */
async function answerPulse(page: Page, comment: string) {
  await ready(page);
  await expect(page.getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await expect(page.getByText('groups of at least 5 respondents')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { name: 'Step 1 of 2' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Before you start' })).toBeHidden();
  await page.locator('label[for="q-wb-1-8"]').click();
  await page.locator('label[for="q-ps-1-3"]').click();
  await page.locator('label[for="q-sa-1-dk"]').click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Step 2 of 2' })).toBeVisible();
  await page.locator('label[for="q-wl-1-1"]').click();
  // Back to the first screen: the answers are still there.
  await page.getByRole('link', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { name: 'Step 1 of 2' })).toBeVisible();
  await expect(page.locator('#q-wb-1-8')).toBeChecked();
  await expect(page.locator('#q-sa-1-dk')).toBeChecked();
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page.locator('#q-wl-1-1')).toBeChecked();
  await page.getByLabel('Comment (optional)').fill(comment);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await expect(page).toHaveURL(/\/a\/thanks$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you — your answers are received');
  await expectAccessible(page);
}

test('a code card answers the pulse once; a second attempt is refused', async ({ page, browser }) => {
  const codes = await printCards(page, 'Rengøringen', 2);

  // The employee types the code from the card (sloppily).
  const mine = await phone(browser, page);
  await mine.goto('/a');
  await ready(mine);
  await expectAccessible(mine);
  await mine.getByLabel('Your code').fill(codes[0].toLowerCase().replaceAll('-', ' '));
  await mine.getByRole('button', { name: 'Continue' }).click();
  await expect(mine).toHaveURL(new RegExp(`/a/${codes[0]}$`));

  // The same card opened on a second phone before the first one sends.
  const second = await phone(browser, page);
  await second.goto(`/a/${codes[0]}`);
  await ready(second);

  await answerPulse(mine, 'Fewer interruptions, please');

  // The second phone sends too late: refused, nothing stored twice.
  await second.getByRole('link', { name: 'Start' }).click();
  await second.locator('label[for="q-wb-1-2"]').click();
  await second.getByRole('link', { name: 'Next' }).click();
  await second.getByRole('button', { name: 'Send my answers' }).click();
  await expect(second).toHaveURL(/\/a\/refused$/);
  await expect(second.getByRole('heading', { level: 1 })).toHaveText('This code or link cannot be used');
  await expectAccessible(second);

  // Opening the used code again gives the same words as a code that never
  // existed, with the same status.
  const used = await mine.goto(`/a/${codes[0]}`);
  expect(used?.status()).toBe(404);
  const usedText = await mine.locator('main').innerText();
  const unknown = await mine.goto('/a/AAAA-BBBB-CCCC');
  expect(unknown?.status()).toBe(404);
  expect(await mine.locator('main').innerText()).toBe(usedText);
  await mine.context().close();
  await second.context().close();
});

/** The invitation e-mail MailDev received for `to`, waiting for it to arrive. */
async function invitationFor(to: string): Promise<{ subject: string; text: string }> {
  const api = `http://127.0.0.1:${process.env.E2E_MAIL_WEB ?? 3180}/api/email`;
  let found: { subject: string; text: string } | undefined;
  await expect
    .poll(
      async () => {
        const mails: Array<{ to: Array<{ address: string }>; subject: string; text: string }> = await (
          await fetch(api)
        ).json();
        found = mails.find((m) => m.to.some((t) => t.address === to));
        return !!found;
      },
      // The scheduler opens the demo round and mails everyone at start-up;
      // a sink that came up late is retried on the next pass (30 s).
      { timeout: 75_000, intervals: [500, 1000, 2000] },
    )
    .toBe(true);
  return found!;
}

test('an invitation e-mail links to the questionnaire, which answers once', async ({ page }) => {
  // Two projects share one server: each reads a different person's e-mail.
  // (Not the first person of ward M1: that is the demo leader, answering by login.)
  const to = hydrated() ? 'medarbejder5@demo.trivsel.test' : 'medarbejder4@demo.trivsel.test';
  const mail = await invitationFor(to);
  expect(mail.subject).toBe('Trivselspuls #1: en kort, anonym måling');
  const link = mail.text.match(/http:\/\/\S+\/a\/[0-9A-Z-]+/)?.[0];
  expect(link, mail.text).toBeTruthy();
  await page.goto(link!);
  await answerPulse(page, 'Thanks for asking');
  // The link is used up.
  const again = await page.goto(link!);
  expect(again?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This code or link cannot be used');
  await expectAccessible(page);
});

test('a staff member answers their own invitation after signing in', async ({ page }) => {
  // Two projects share one server: each answers as a different linked person.
  const who = hydrated()
    ? { email: 'udvalg@demo.trivsel.test' }
    : { email: 'leder@demo.trivsel.test' };
  await signIn(page, who.email);
  const mine = page.getByRole('region', { name: 'Your open surveys' });
  await expect(mine).toBeVisible();
  await expectAccessible(page);
  await mine.getByRole('link', { name: 'Trivselspuls #1' }).click();
  await expect(page).toHaveURL(/\/answer\/[^/]+$/);
  await answerPulse(page, 'Good team spirit');
  // Answered: the round is no longer offered, and its page refuses.
  await page.goto('/overview');
  await ready(page);
  await expect(page.getByRole('heading', { name: 'Your open surveys' })).toHaveCount(0);
});

test('a code typed wrong comes back to be corrected, not typed again', async ({ page }) => {
  await page.goto('/a');
  await ready(page);
  await page.getByLabel('Your code').fill('ABCD EFGH JK');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('That is not a code.');
  await expect(page.getByLabel('Your code')).toHaveValue('ABCD EFGH JK');
  await expectAccessible(page);
});

test('changing language in the middle keeps the answers; the 0–10 scale fits a phone', async ({ page, browser }) => {
  // Another unit than the first test's: each unit has few places for cards.
  const codes = await printCards(page, 'Portørerne', 1);
  const mine = await phone(browser, page);
  await mine.goto(`/a/${codes[0]}`);
  await ready(mine);
  await mine.getByRole('link', { name: 'Start' }).click();
  await expect(mine.getByRole('heading', { name: 'Step 1 of 2' })).toBeVisible();
  // The 0–10 scale: two rows on a phone, 0–5 and 6–10, never "10" alone.
  const tops = await mine
    .locator('label[for^="q-wb-1-"]:not([for$="-dk"])')
    .evaluateAll((ls) => ls.map((l) => Math.round(l.getBoundingClientRect().top)));
  expect(tops).toHaveLength(11);
  const rows = [...new Set(tops)];
  expect(rows.length, `rows at ${tops}`).toBeLessThanOrEqual(2);
  expect(tops.filter((t) => t === tops[10]).length, 'the last row').toBeGreaterThanOrEqual(5);
  await expect(mine.locator('label[for="q-wb-1-10"]')).toContainText('Very good');
  await mine.screenshot({ path: test.info().outputPath('scale-phone.png') });
  await mine.locator('label[for="q-wb-1-8"]').click();
  await mine.locator('label[for="q-ps-1-3"]').click();
  await mine.getByRole('link', { name: 'Next' }).click();
  await expect(mine.getByRole('heading', { name: 'Step 2 of 2' })).toBeVisible();
  await mine.locator('label[for="q-wl-1-1"]').click();
  await mine.getByLabel('Comment (optional)').fill('Kept across languages');
  // With script, the box counts what it holds.
  if (hydrated()) await expect(mine.getByTestId('comment-counter')).toContainText('21 of');
  // On a screen, the language buttons of the questionnaire replace the
  // header's links (which would lose the answers).
  await expect(mine.locator('.site-header .lang-switch')).toBeHidden();
  await expectAccessible(mine);
  await mine.locator('#s2').getByRole('button', { name: 'Dansk' }).click();
  await expect(mine).toHaveURL(new RegExp(`/a/${codes[0]}#s2$`));
  await expect(mine.getByRole('heading', { name: 'Trin 2 af 2' })).toBeVisible();
  await ready(mine);
  await expect(mine.locator('#q-wl-1-1')).toBeChecked();
  await expect(mine.getByLabel('Kommentar (valgfri)')).toHaveValue('Kept across languages');
  await mine.getByRole('link', { name: 'Tilbage' }).click();
  await expect(mine.getByRole('heading', { name: 'Trin 1 af 2' })).toBeVisible();
  await expect(mine.locator('#q-wb-1-8')).toBeChecked();
  await expect(mine.locator('#q-ps-1-3')).toBeChecked();
  await expectAccessible(mine);
  await mine.getByRole('link', { name: 'Næste' }).click();
  await mine.getByRole('button', { name: 'Send mine svar' }).click();
  await expect(mine).toHaveURL(/\/a\/thanks$/);
  await expect(mine.getByRole('heading', { level: 1 })).toHaveText('Tak — vi har modtaget dine svar');
  // Sent, the answers no longer wait in the browser.
  const kept = (await mine.context().cookies()).filter((c) => c.name.startsWith('trivsel_kept'));
  expect(kept).toEqual([]);
  await mine.context().close();
});
