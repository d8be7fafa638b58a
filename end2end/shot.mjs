// Temporary: a screenshot of the annual document page for a person to look at.
import { chromium } from '@playwright/test';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
await page.goto(base + '/login');
await page.getByLabel('E-mail address').fill('udvalg@demo.trivsel.test');
await page.getByLabel('Password').fill('trivsel-demo-2026');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(/overview/);
await page.goto(base + '/committees');
const link = page.getByRole('link', { name: 'HMU' }).first();
await link.click();
const href = await page.getByRole('link', { name: /The discussion of 2026/ }).getAttribute('href');
await page.goto(base + href);
await page.screenshot({ path: '/tmp/doc-page.png', fullPage: true });
await browser.close();
