import { defineConfig, devices } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The server under test: the release binary built by the test command, on a
// free port chosen by that command, with a fresh SQLite database.
const port = Number(process.env.E2E_PORT ?? 3100);
// The organisation tests import whole HR files, which would change the demo
// organisation under the other tests' feet: each JavaScript mode gets its own
// server and database for them.
const orgPortNoJs = Number(process.env.E2E_PORT_ORG_NOJS ?? 3101);
const orgPortJs = Number(process.env.E2E_PORT_ORG_JS ?? 3102);
// A real SMTP sink (MailDev) that the main server sends invitations to; the
// tests read what arrived over its HTTP API.
const mailSmtp = Number(process.env.E2E_MAIL_SMTP ?? 3125);
export const mailWeb = Number(process.env.E2E_MAIL_WEB ?? 3180);
// A real OpenID provider (oidc-provider from npm, the test suite's own
// configuration) that the organisation spec's servers sign staff in through.
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3190);
const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
const bin = process.env.TRIVSEL_BIN ?? path.resolve(__dirname, '../target/release/server');
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trivsel-e2e-'));
// The tests reach the main server's database through the command line
// (fixtures.ts, deliverReports); workers inherit this.
process.env.E2E_DATA_DIR = dataDir;
const oidcSecretFile = path.join(dataDir, 'oidc-client-secret');
fs.writeFileSync(oidcSecretFile, 'e2e-client-secret');
const viaProvider = {
  TRIVSEL_OIDC_ISSUER: oidcIssuer,
  TRIVSEL_OIDC_CLIENT_ID: 'trivsel-e2e',
  TRIVSEL_OIDC_CLIENT_SECRET_FILE: oidcSecretFile,
};

function server(p: number, db: string, extraEnv: Record<string, string> = {}) {
  return {
    command: `"${bin}" serve --demo --addr 127.0.0.1:${p}`,
    url: `http://127.0.0.1:${p}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      DATABASE_URL: `sqlite://${dataDir}/${db}.db`,
      TRIVSEL_SECRET_FILE: `${dataDir}/${db}.key`,
      // Every role signs in once per language and project within a minute.
      TRIVSEL_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
      TRIVSEL_LOG: 'warn',
      ...extraEnv,
    },
  };
}

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
const desktop = { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, launchOptions };
// The results pages (tables, trend charts, heatmap) are also read on a
// desktop screen: only their specs run there, to keep the suite's time down.
const resultsSpecs = /(results|history|heatmap|trends)\.spec/;

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
    { name: 'phone-no-js', testIgnore: /organisation\.spec/, use: { ...phone, javaScriptEnabled: false } },
    { name: 'phone-hydrated', testIgnore: /organisation\.spec/, use: { ...phone, javaScriptEnabled: true } },
    {
      name: 'org-no-js',
      testMatch: /organisation\.spec/,
      use: { ...phone, javaScriptEnabled: false, baseURL: `http://127.0.0.1:${orgPortNoJs}` },
    },
    {
      name: 'org-hydrated',
      testMatch: /organisation\.spec/,
      use: { ...phone, javaScriptEnabled: true, baseURL: `http://127.0.0.1:${orgPortJs}` },
    },
    { name: 'desktop-no-js', testMatch: resultsSpecs, use: { ...desktop, javaScriptEnabled: false } },
    { name: 'desktop-hydrated', testMatch: resultsSpecs, use: { ...desktop, javaScriptEnabled: true } },
  ],
  webServer: [
    {
      command: `node_modules/.bin/maildev --ip 127.0.0.1 --smtp ${mailSmtp} --web ${mailWeb} --mail-directory "${dataDir}/mail"`,
      url: `http://127.0.0.1:${mailWeb}/api/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    },
    server(port, 'main', {
      TRIVSEL_SMTP_URL: `smtp://127.0.0.1:${mailSmtp}`,
      TRIVSEL_PUBLIC_URL: `http://127.0.0.1:${port}`,
      TRIVSEL_MAIL_FROM: 'Trivsel <trivsel@demo.trivsel.test>',
    }),
    {
      command: 'node ../server/tests/support/oidc-provider.mjs',
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
      env: {
        ISSUER: oidcIssuer,
        PORT: String(oidcPort),
        STAY_UP: '1',
        CLIENTS: JSON.stringify([
          {
            client_id: 'trivsel-e2e',
            client_secret: 'e2e-client-secret',
            redirect_uris: [orgPortNoJs, orgPortJs].map((p) => `http://127.0.0.1:${p}/auth/provider/back`),
          },
        ]),
        ACCOUNTS: JSON.stringify({
          'leder@demo.trivsel.test': { email: 'leder@demo.trivsel.test', email_verified: true, name: 'Lene Leder' },
          'stranger@elsewhere.example': { email: 'stranger@elsewhere.example', email_verified: true, name: 'Stranger' },
        }),
      },
    },
    server(orgPortNoJs, 'org-no-js', viaProvider),
    server(orgPortJs, 'org-hydrated', viaProvider),
  ],
});
