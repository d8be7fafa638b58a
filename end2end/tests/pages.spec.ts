import { test, expect, expectAccessible, ready, hydrated, LANGS, LangCode } from './fixtures';

for (const code of Object.keys(LANGS) as LangCode[]) {
  const L = LANGS[code];
  test.describe(`in ${code}`, () => {
    test.use({ locale: L.locale });

    test('the front page speaks the browser language and passes axe', async ({ page }) => {
      const res = await page.goto('/');
      expect(res?.status()).toBe(200);
      await ready(page);
      await expect(page.locator('html')).toHaveAttribute('lang', code);
      await expect(page.locator('h1')).toHaveCount(1);
      await expect(page.getByRole('link', { name: L.login, exact: true })).toBeVisible();
      await expectAccessible(page);
    });

    test('an unknown page is a 404 in the same language and passes axe', async ({ page }) => {
      const res = await page.goto('/no/such/page');
      expect(res?.status()).toBe(404);
      await ready(page);
      await expect(page.locator('h1')).toHaveCount(1);
      await expectAccessible(page);
    });
  });
}

test('the stylesheet, the icon and (hydrated) the wasm bundle load', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto('/');
  await ready(page);
  // The bundle is embedded in the binary and named after its content, so
  // it may be kept for a year; the icon keeps its name and is revalidated.
  const href = await page.locator('link[rel="stylesheet"]').getAttribute('href');
  expect(href).toMatch(/^\/pkg\/trivsel-[0-9a-f]{16}\.css$/);
  const css = await page.request.get(href!);
  expect(css.status()).toBe(200);
  expect(css.headers()['cache-control']).toContain('immutable');
  expect(css.headers()['etag']).toBeTruthy();
  const icon = await page.request.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['cache-control']).not.toContain('immutable');
  expect(failed).toEqual([]);
  if (hydrated()) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
});

test('the language switch works from any page and is remembered', async ({ page }) => {
  await page.goto('/login');
  await ready(page);
  await page.getByRole('link', { name: 'Svenska' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.locator('h1')).toHaveText('Logga in');
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
});

test.describe('the accessibility statement', () => {
  test.use({ locale: 'en-GB' });
  test('every page links to the accessibility statement, in the language chosen', async ({ page }) => {
    await page.goto('/');
    await ready(page);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' }).click();
    await expect(page).toHaveURL(/\/accessibility$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement');
    await expect(page.getByTestId('a11y-status')).toContainText('WCAG) 2.1 at level AA');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Dansk' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tilgængelighedserklæring');
    await ready(page);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement');
  });
});
