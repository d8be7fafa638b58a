import { test, expect, expectAccessible, hydrated, ready, signIn } from './fixtures';

test('an administrator adds a question of their own in three languages', async ({ page }) => {
  // Both projects add one on the shared server: make each text unique.
  const mode = hydrated() ? 'hydrated' : 'no-js';
  await signIn(page, 'admin@demo.trivsel.test');
  await page.goto('/surveys');
  await ready(page);
  await page.getByRole('link', { name: 'Question bank' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Question bank');
  await ready(page);
  await expectAccessible(page);
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Add question' }) });
  await form.getByLabel('Theme').selectOption({ label: 'Leadership' });
  // Only two languages: refused with the reason, nothing added.
  await form.getByLabel('Danish').fill(`Min leder giver mig ro (${mode})`);
  await form.getByLabel('English').fill(`My leader gives me peace (${mode})`);
  await form.getByRole('button', { name: 'Add question' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'all three languages' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: `My leader gives me peace (${mode})` })).toHaveCount(0);
  await ready(page);
  const again = page.locator('form', { has: page.getByRole('button', { name: 'Add question' }) });
  await again.getByLabel('Theme').selectOption({ label: 'Leadership' });
  await again.getByLabel('Danish').fill(`Min leder giver mig ro (${mode})`);
  await again.getByLabel('Swedish').fill(`Min chef ger mig lugn (${mode})`);
  await again.getByLabel('English').fill(`My leader gives me peace (${mode})`);
  await again.getByRole('button', { name: 'Add question' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: `My leader gives me peace (${mode})` })).toBeVisible();
  await expectAccessible(page);
});
