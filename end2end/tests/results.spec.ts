import { test, expect, expectAccessible, ready, signIn } from './fixtures';

test('a leader opens the results of their department and is told why nothing is shown yet', async ({ page }) => {
  await signIn(page, 'leder@demo.trivsel.test');
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results');
  await ready(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Medicinsk afdeling' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medicinsk afdeling');
  await ready(page);
  // The demo pulse has only just opened: counts, and a kind explanation.
  await expect(page.getByText(/of \d+ invited have answered/)).toBeVisible();
  await expect(page.getByText('figures change only when at least 5 more have answered')).toBeVisible();
  await expectAccessible(page);
});
