import { test, expect, expectAccessible, ready, signIn } from './fixtures';

test('a committee member opens the heatmap of their scope', async ({ page }) => {
  await signIn(page, 'udvalg@demo.trivsel.test');
  await page.goto('/results');
  await ready(page);
  await page.getByRole('link', { name: 'Heatmap' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Heatmap');
  await ready(page);
  // The demo pulse has just opened: the round is offered, and the page says
  // kindly that there is nothing to show yet rather than an empty grid.
  await expect(page.getByLabel('Round', { exact: true })).toBeVisible();
  await expect(page.getByText('No results yet')).toBeVisible();
  await expectAccessible(page);
});
