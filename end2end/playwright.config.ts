import { defineConfig, devices } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The server under test: the debug binary built by the test command, on a
// free port chosen by that command, with a fresh SQLite database.
const port = Number(process.env.E2E_PORT ?? 3100);
const bin = process.env.TRIVSEL_BIN ?? path.resolve(__dirname, '../target/debug/server');
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, '../target/site');
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trivsel-e2e-'));

// Browsers cannot be downloaded here: Debian's Chromium, with the flags that
// keep it off the network.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const phone = { ...devices['Pixel 7'], launchOptions };

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
  },
  projects: [
    { name: 'phone-no-js', use: { ...phone, javaScriptEnabled: false } },
    { name: 'phone-hydrated', use: { ...phone, javaScriptEnabled: true } },
  ],
  webServer: {
    command: `"${bin}" serve --demo --addr 127.0.0.1:${port} --site-root "${siteRoot}"`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dataDir}/trivsel.db`,
      // Every role signs in once per language and project within a minute.
      TRIVSEL_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
      TRIVSEL_LOG: 'warn',
    },
  },
});
