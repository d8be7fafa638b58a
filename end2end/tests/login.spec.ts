import { test, expect, expectAccessible, ready, signIn, LANGS, LangCode, ROLES, DEMO_PASSWORD } from './fixtures';

for (const code of Object.keys(LANGS) as LangCode[]) {
  const L = LANGS[code];
  test.describe(`in ${code}`, () => {
    test.use({ locale: L.locale });

    for (const who of ROLES) {
      test(`the ${who.role} signs in, sees their role and signs out`, async ({ page }) => {
        await page.goto('/login');
        await ready(page);
        await expect(page.locator('h1')).toHaveText(L.login);
        await expectAccessible(page);
        await page.getByLabel(L.email).fill(who.email);
        await page.getByLabel(L.password).fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: L.submit }).click();
        await expect(page).toHaveURL(/\/overview$/);
        await expect(page.locator('h1')).toHaveText(`${L.welcome}, ${who.name}`);
        await expect(page.locator('.role-list')).toContainText(L.roles[who.role]);
        await expectAccessible(page);
        await page.getByRole('button', { name: L.logout }).click();
        await expect(page).toHaveURL(/\/$/);
        await expect(page.getByRole('link', { name: L.login, exact: true })).toBeVisible();
      });
    }

    test('a wrong password is explained in the same language', async ({ page }) => {
      await page.goto('/login');
      await ready(page);
      await page.getByLabel(L.email).fill(ROLES[0].email);
      await page.getByLabel(L.password).fill('not the password');
      await page.getByRole('button', { name: L.submit }).click();
      await expect(page.getByRole('alert')).toHaveText(L.wrong);
      await expectAccessible(page);
    });
  });
}

test('an administrator sees the organisation with headcounts and small teams marked', async ({ page }) => {
  await signIn(page, 'admin@demo.trivsel.test');
  await page.getByRole('link', { name: 'Organisation' }).click();
  await expect(page).toHaveURL(/\/organisation$/);
  await expect(page.locator('table.data-table tbody tr')).toHaveCount(17);
  await expect(page.locator('tr.below')).not.toHaveCount(0);
  await expectAccessible(page);
});

test('a page for staff asks an anonymous visitor to sign in', async ({ page }) => {
  const res = await page.goto('/overview');
  expect(res?.status()).toBe(401);
  await ready(page);
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await expectAccessible(page);
});
