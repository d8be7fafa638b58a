/**
 * Staff choose their own passwords: a new account's link (made here the way
 * an operator without e-mail makes one), a refused password with its reason,
 * sign-in with the chosen one; and the forgotten-password page, which says
 * the same for every address. On a phone, with and without JavaScript, axe
 * clean.
 */
import { expect } from '@playwright/test';
import { test, expectAccessible, ready, signIn, passwordLink } from './fixtures';

test('a new leader chooses a password by the link and signs in with it', async ({ page }, info) => {
  await signIn(page, 'admin@demo.trivsel.test');
  await page.goto('/roles');
  await ready(page);
  const email = `ny-leder-${info.project.name}@region.test`;
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Name (only for someone without an account)').fill('Nora Ny');
  await page.getByLabel('Role', { exact: true }).selectOption('handler');
  await page.getByRole('button', { name: 'Appoint' }).click();
  await expect(page.getByTestId('new-account')).toContainText(email);
  await page.context().clearCookies();

  await page.goto(passwordLink(email));
  await ready(page);
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await expect(page.getByText('Hello Nora Ny')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('New password', { exact: true }).fill('password12345');
  await page.getByLabel('The same password again').fill('password12345');
  await page.getByRole('button', { name: 'Save the password' }).click();
  await expect(page.getByRole('alert')).toContainText('too easy to guess');
  await expectAccessible(page);

  const chosen = 'lanterne bølge kaffe morgen';
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('The same password again').fill(chosen);
  await page.getByRole('button', { name: 'Save the password' }).click();
  await expect(page).toHaveURL(/\/login\?password=set$/);
  await expect(page.locator('[role=status].saved')).toContainText('Your password is saved');
  await ready(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(chosen);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview$/);
});

test('the forgotten-password page answers the same for every address', async ({ page }) => {
  await page.goto('/login');
  await ready(page);
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page).toHaveURL(/\/password\/forgot$/);
  await ready(page);
  await expectAccessible(page);
  await page.getByLabel('E-mail address').fill('nobody@region.test');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.locator('[role=status].saved')).toContainText('If the address belongs to an account');
  await expectAccessible(page);
});

test('a signed-in person changes their password on their account page', async ({ page }, info) => {
  // An account of this project's own, so the demo logins stay as they are.
  await signIn(page, 'admin@demo.trivsel.test');
  await page.goto('/roles');
  await ready(page);
  const email = `skift-${info.project.name}@region.test`;
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Name (only for someone without an account)').fill('Siri Skift');
  await page.getByLabel('Role', { exact: true }).selectOption('handler');
  await page.getByRole('button', { name: 'Appoint' }).click();
  await expect(page.getByTestId('new-account')).toContainText(email);
  await page.context().clearCookies();
  const first = 'lanterne bølge kaffe morgen';
  await page.goto(passwordLink(email));
  await ready(page);
  await page.getByLabel('New password', { exact: true }).fill(first);
  await page.getByLabel('The same password again').fill(first);
  await page.getByRole('button', { name: 'Save the password' }).click();
  await expect(page).toHaveURL(/\/login\?password=set$/);
  await ready(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(first);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview$/);

  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await ready(page);
  await expectAccessible(page);
  await page.getByLabel('Your current password').fill('not the password at all');
  await page.getByLabel('New password', { exact: true }).fill('blæst over heden i oktober');
  await page.getByLabel('The same password again').fill('blæst over heden i oktober');
  await page.getByRole('button', { name: 'Change the password' }).click();
  await expect(page.getByRole('alert')).toContainText('current password is not right');
  await page.getByLabel('Your current password').fill(first);
  await page.getByLabel('New password', { exact: true }).fill('blæst over heden i oktober');
  await page.getByLabel('The same password again').fill('blæst over heden i oktober');
  await page.getByRole('button', { name: 'Change the password' }).click();
  await expect(page.locator('[role=status].saved')).toContainText('Your password is changed');
  await expectAccessible(page);
});
