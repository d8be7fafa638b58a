import { test as base, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEMO_PASSWORD = 'trivsel-demo-2026';

export const ROLES = [
  { role: 'admin', email: 'admin@demo.trivsel.test', name: 'Astrid Admin' },
  { role: 'leader', email: 'leder@demo.trivsel.test', name: 'Lene Leder' },
  { role: 'committee', email: 'udvalg@demo.trivsel.test', name: 'Ulla Udvalg' },
  { role: 'handler', email: 'handler@demo.trivsel.test', name: 'Hanne Handler' },
] as const;

export const LANGS = {
  da: {
    locale: 'da-DK',
    login: 'Log ind',
    submit: 'Log ind',
    email: 'E-mailadresse',
    password: 'Adgangskode',
    welcome: 'Velkommen',
    logout: 'Log ud',
    wrong: 'E-mailadressen eller adgangskoden er forkert.',
    roles: { admin: 'Administrator', leader: 'Leder', committee: 'Udvalgsmedlem', handler: 'Sagsbehandler for indberetninger' },
  },
  sv: {
    locale: 'sv-SE',
    login: 'Logga in',
    submit: 'Logga in',
    email: 'E-postadress',
    password: 'Lösenord',
    welcome: 'Välkommen',
    logout: 'Logga ut',
    wrong: 'E-postadressen eller lösenordet är fel.',
    roles: { admin: 'Administratör', leader: 'Chef', committee: 'Kommittéledamot', handler: 'Handläggare av anmälningar' },
  },
  en: {
    locale: 'en-GB',
    login: 'Sign in',
    submit: 'Sign in',
    email: 'E-mail address',
    password: 'Password',
    welcome: 'Welcome',
    logout: 'Sign out',
    wrong: 'The e-mail address or the password is wrong.',
    roles: { admin: 'Administrator', leader: 'Leader', committee: 'Committee member', handler: 'Report handler' },
  },
} as const;

export type LangCode = keyof typeof LANGS;

/**
 * Fails the test on any axe-core violation of WCAG 2.1 A/AA.
 *
 * axe runs as a script in the page, which a JavaScript-off page cannot do. So
 * for those the page as the browser rendered it (scripts removed, so nothing
 * hydrates) is served at the same URL to a second, script-enabled page with the
 * same viewport, which loads the same stylesheet, and axe checks that.
 */
export async function expectAccessible(page: Page) {
  let target = page;
  let cleanup = async () => {};
  if (!hydrated()) {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser');
    const ctx = await browser.newContext({ viewport: page.viewportSize() ?? undefined, javaScriptEnabled: true });
    const copy = await ctx.newPage();
    // The fragment selects what is shown (:target) but is not part of the
    // request: intercept the bare URL, open the full one.
    const url = page.url();
    await copy.route(url.split('#')[0], (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(url);
    target = copy;
    cleanup = () => ctx.close();
  }
  const results = await new AxeBuilder({ page: target })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  await cleanup();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Signs in through the form and waits for the overview. */
export async function signIn(page: Page, email: string, labels = { email: 'E-mail address', password: 'Password', submit: 'Sign in' }) {
  await page.goto('/login');
  await ready(page);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: labels.submit }).click();
  await expect(page).toHaveURL(/\/overview$/);
}

export function hydrated(): boolean {
  return base.info().project.use.javaScriptEnabled !== false;
}

/** With JavaScript on, waits until the wasm bundle has taken over the page. */
export async function ready(page: Page) {
  if (hydrated()) {
    // The debug wasm is several MB; compiling it on a busy 2-core machine can
    // take a while. A hydration that fails shows up as a console error.
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  }
}

/** Every test fails on a browser console error or an uncaught exception. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        // A 4xx status is how Trivsel answers a wrong password or an unknown
        // page; Chromium logs each as an error. Anything else counts.
        if (m.type() === 'error' && !/responded with a status of 4\d\d/.test(m.text())) {
          errors.push(m.text());
        }
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await use(errors);
      expect(errors, 'browser console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Opens the medical department's results in the latest past round (the round
 * open now has too few answers to show a figure), checking the page on the
 * way; returns that round's name.
 */
export async function medicalResultsInPastRound(page: Page): Promise<string> {
  await page.goto('/results');
  await ready(page);
  await expectAccessible(page);
  const unitHref = await page.getByRole('link', { name: 'Medicinsk afdeling', exact: true }).getAttribute('href');
  expect(unitHref).toMatch(/^\/results\/unit\/[A-Za-z0-9_-]+$/);
  await page.goto(unitHref!);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medicinsk afdeling');
  const option = page.locator('#round option').nth(1);
  const roundId = (await option.getAttribute('value'))!;
  const round = (await option.textContent())!.trim();
  expect(round).toMatch(/^Trivselspuls \d{4}-\d{2}-\d{2}$/);
  await page.getByLabel('Round', { exact: true }).selectOption(roundId);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`round=${roundId}`));
  await ready(page);
  return round;
}

/*
 * The night's delivery of sealed reports, now: `server deliver-reports`
 * against the main test server's database (see playwright.config.ts), as an
 * operator would run it. Reports and reporters' messages reach the handlers
 * only through it (services/reports/inbox.rs).
 *
 * Both projects share that server, so one test's delivery could take another
 * test's report out of the inbox while it checks what waits there. A test
 * holds deliveries off for such a check (`withoutDelivery`); a delivery
 * first takes a lock (no new holds), then waits for the holds to end.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function inboxDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error('E2E_DATA_DIR is not set (playwright.config.ts sets it)');
  fs.mkdirSync(path.join(dir, 'holds'), { recursive: true });
  return dir;
}

async function withDeliveryLock<T>(f: () => Promise<T>): Promise<T> {
  const lock = path.join(inboxDir(), 'delivery.lock');
  for (let i = 0; ; i++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (i > 1200) throw new Error('the delivery lock was held for two minutes');
      await sleep(100);
    }
  }
  try {
    return await f();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs `f` while no delivery can empty the inbox. */
export async function withoutDelivery<T>(f: () => Promise<T>): Promise<T> {
  const hold = path.join(inboxDir(), 'holds', `${process.pid}-${Date.now()}-${Math.random()}`);
  await withDeliveryLock(async () => fs.writeFileSync(hold, ''));
  try {
    return await f();
  } finally {
    fs.rmSync(hold, { force: true });
  }
}

export async function deliverReports() {
  const dir = inboxDir();
  await withDeliveryLock(async () => {
    for (let i = 0; fs.readdirSync(path.join(dir, 'holds')).length > 0; i++) {
      if (i > 1800) throw new Error('deliveries were held off for three minutes');
      await sleep(100);
    }
    const bin = process.env.TRIVSEL_BIN ?? path.resolve(__dirname, '../../target/release/server');
    execFileSync(bin, ['deliver-reports'], {
      env: { ...process.env, DATABASE_URL: `sqlite://${dir}/main.db`, TRIVSEL_SECRET_FILE: `${dir}/main.key` },
      stdio: 'pipe',
    });
  });
}

/**
 * A link for `email` to choose a password, made the way an operator without
 * e-mail makes one (`server password-link`); returns its path.
 */
export function passwordLink(email: string): string {
  const dir = inboxDir();
  const bin = process.env.TRIVSEL_BIN ?? path.resolve(__dirname, '../../target/release/server');
  const out = execFileSync(bin, ['password-link', '--email', email, '--public-url', 'http://trivsel.test'], {
    env: { ...process.env, DATABASE_URL: `sqlite://${dir}/main.db` },
    stdio: 'pipe',
  }).toString();
  return new URL(out.trim()).pathname;
}
