// A real OpenID provider for the sign-in tests: panva's certified
// oidc-provider (installed with the end-to-end tools), configured from the
// environment by the Rust harness (server/tests/support/oidc.rs):
//
//   ISSUER    the issuer URL: the Rust harness's proxy in front of this
//             process, so every URL in discovery, redirects and tokens names
//             the proxy (the end-to-end suite uses the process's own URL);
//   PORT      the loopback port this process listens on;
//   CLIENTS   JSON [{ client_id, client_secret, redirect_uris, id_token_ttl? }];
//   ACCOUNTS  JSON { login: claims }.
//
// The development login and consent forms stay on (any password is accepted);
// the harness fills them in as a person at a browser would. Prints `ready`
// once listening; exits when stdin closes (the test process ended, however it
// ended) unless STAY_UP=1, and on SIGTERM.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// Resolved from this file, not from the working directory: the tests run with
// the server crate as their directory, people run it from the repository root.
const require = createRequire(import.meta.url);
const entry = require.resolve('../../../end2end/node_modules/oidc-provider/lib/index.js');
const { default: Provider } = await import(pathToFileURL(entry).href);

function env(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`oidc-provider.mjs: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

const issuer = env('ISSUER');
const port = Number(env('PORT'));
const clients = JSON.parse(env('CLIENTS'));
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');

// Per-client ID token lifetimes (tests of expired tokens ask for a short one).
const idTokenTtl = new Map(
  clients
    .filter((c) => c.id_token_ttl !== undefined && c.id_token_ttl !== null)
    .map((c) => [c.client_id, Number(c.id_token_ttl)]),
);

// A fresh RS256 signing key per run (RS256 is what relying parties accept by
// default, the Rust openidconnect crate among them), instead of the library's
// published development key.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'test-rs256' };

const configuration = {
  clients: clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // A confidential server-side client. `web` clients may use plain http
    // redirect URIs as long as they do not use the implicit flow, so the
    // loopback relying parties of the tests are accepted as they are.
    application_type: 'web',
    // oidc-provider 9 accepts the secret in either place (HTTP Basic, which
    // the openidconnect crate uses by default, or the form body) for a client
    // registered with either of these two methods. (A client in CLIENTS may
    // name another method in `token_endpoint_auth_method`.)
    token_endpoint_auth_method: c.token_endpoint_auth_method || 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
  })),
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...(accounts[id] || {}) };
      },
    };
  },
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'employee_number'],
  },
  // The claims granted by the scopes go into the ID token itself (the relying
  // party reads them from there, without a call to userinfo).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  responseTypes: ['code'],
  features: {
    devInteractions: { enabled: true },
  },
  // The relying party calls the provider's endpoints server to server: no
  // browser origin ever needs CORS here.
  clientBasedCORS: () => false,
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    Grant: 3600,
    IdToken: (_ctx, _token, client) => idTokenTtl.get(client.clientId) ?? 3600,
    Interaction: 3600,
    Session: 3600,
  },
};

const provider = new Provider(issuer, configuration);
// The harness's proxy sends the proxy's host in X-Forwarded-Host: the URLs the
// provider builds from the request (forms, redirects) then name the proxy too.
provider.proxy = true;
provider.on('server_error', (_ctx, err) => console.error('server_error', err));

// Clients are checked when first used; check them now, so that a bad one
// fails the harness at start with the provider's reason.
for (const { client_id: id } of clients) {
  try {
    if (!(await provider.Client.find(id))) throw new Error('not registered');
  } catch (err) {
    console.error(`client ${id}: ${err.error_description || err.message}`);
    process.exit(1);
  }
}

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write('ready\n');
});

function stop() {
  server.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Playwright starts it with no stdin and stops it with a signal.
if (process.env.STAY_UP !== '1') {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}
