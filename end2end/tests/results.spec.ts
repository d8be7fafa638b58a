import { test, expect, expectAccessible, ready, signIn } from './fixtures';

test('a leader opens their department on the latest round with figures, and hears of the open one', async ({ page }) => {
  await signIn(page, 'leder@demo.trivsel.test');
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results');
  await ready(page);
  // A leader is not offered the report statistics, which they cannot open.
  await expect(page.getByRole('link', { name: 'Heatmap' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Report statistics' })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Medicinsk afdeling' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medicinsk afdeling');
  await ready(page);
  // Figures first: the newest round that has some, with a table of themes.
  await expect(page.locator('table.results tbody tr').first()).toBeVisible();
  const newer = page.getByTestId('newer-round');
  await expect(newer).toContainText('The newest round, Trivselspuls #1, is still open');
  await expect(newer).toContainText('Shown below: the latest round with figures.');
  await page.screenshot({ path: test.info().outputPath('leader-first-view.png'), fullPage: true });
  await expectAccessible(page);
  // The open round, when asked for: counts, and a kind explanation.
  await newer.getByRole('link', { name: 'Show Trivselspuls #1' }).click();
  await ready(page);
  await expect(page.getByText(/of \d+ invited have answered/)).toBeVisible();
  await expect(page.getByText('figures change only when at least 5 more have answered')).toBeVisible();
  await expect(page.getByTestId('newer-round')).toHaveCount(0);
  await expectAccessible(page);
});
