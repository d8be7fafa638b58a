//! A real OpenID provider for the sign-in tests: panva's certified
//! `oidc-provider` (from npm, installed with the end-to-end tools) in its own
//! Node process on loopback, configured by `oidc-provider.mjs` next to this
//! file. The tests sign in through its own login and consent forms, as a
//! person at a browser would, so the relying party is tested against what a
//! real identity provider sends, not against a mock of our own making.
//!
//! In front of the provider sits a small proxy in this test process: the
//! issuer the relying party knows is the proxy's URL. It passes everything
//! through unchanged, except that a test can have it spoil the token
//! responses (a broken signature, someone else's ID token, a slow answer) to
//! see that the relying party refuses them.

use axum::{
    body::{to_bytes, Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Router,
};
use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    path::PathBuf,
    process::{Child, ChildStdin, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// A relying party registered at the provider: a confidential web client
/// authenticating at the token endpoint with its secret (HTTP Basic, as the
/// openidconnect crate does by default; the secret in the form body is
/// accepted too).
#[derive(Clone, Debug)]
pub struct OidcClient {
    pub id: String,
    pub secret: String,
    /// The only redirect URI registered for the client: the provider refuses
    /// authorization requests naming any other.
    pub redirect_uri: String,
    /// Lifetime of the ID tokens issued to this client, in seconds (3600 when
    /// None): tests of expired tokens ask for a short one.
    pub id_token_ttl: Option<u32>,
}

/// What the proxy does to the provider's token responses, from the call of
/// [`Provider::tamper`] until the next one.
#[derive(Clone, Debug, Default)]
pub enum Tamper {
    /// Passed through unchanged.
    #[default]
    None,
    /// One base64url character of the ID token's signature is changed (to
    /// another valid one, so the token still decodes): the signature no longer
    /// verifies, everything else is as issued.
    FlipSignature,
    /// The ID token is replaced by this one (one issued to another client
    /// with [`Provider::id_token_for`], for instance).
    ReplaceIdToken(String),
    /// The response is held back this long before it is sent on (the provider
    /// has already answered, and so used up the code).
    Delay(Duration),
}

/// A running provider with its proxy. Dropping it stops both.
pub struct Provider {
    /// The issuer identifier: the proxy's URL, `http://127.0.0.1:<port>`
    /// without a trailing slash. Discovery is at
    /// `{issuer}/.well-known/openid-configuration`, and every endpoint it names
    /// is on the proxy.
    pub issuer: String,
    tamper: Arc<Mutex<Tamper>>,
    child: Child,
    // Held open for the provider's life: the provider exits when it closes,
    // so it does not outlive a test process that ends without dropping this.
    _stdin: Option<ChildStdin>,
    proxy: tokio::task::JoinHandle<()>,
}

/// What the proxy needs to forward a request.
struct Proxy {
    upstream: String,
    http: reqwest::Client,
    tamper: Arc<Mutex<Tamper>>,
}

/// The token endpoint's path, as the provider script configures it (checked
/// against discovery when the provider starts).
const TOKEN_PATH: &str = "/token";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A client for the harness's own calls: no cookies, no redirects followed,
/// never through a proxy from the environment.
fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("http client")
}

impl Provider {
    /// Starts the proxy (an axum server on 127.0.0.1:0 in this test process)
    /// and then the node provider with ISSUER = the proxy's URL: the proxy's
    /// port must be known before the provider starts, as the provider puts
    /// its issuer into everything it issues.
    pub async fn start(clients: &[OidcClient], accounts: serde_json::Value) -> Provider {
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/oidc-provider.mjs");
        let package = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../end2end/node_modules/oidc-provider/package.json");
        assert!(
            package.exists(),
            "oidc-provider is missing: run `make test` (or `cd end2end && npm ci`) first"
        );

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the OIDC proxy");
        let issuer = format!(
            "http://{}",
            listener.local_addr().expect("OIDC proxy address")
        );
        let port = free_port();
        let tamper = Arc::new(Mutex::new(Tamper::None));
        let router = Router::new().fallback(forward).with_state(Arc::new(Proxy {
            upstream: format!("http://127.0.0.1:{port}"),
            http: plain_client(),
            tamper: tamper.clone(),
        }));
        let proxy = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });

        let registered: Vec<serde_json::Value> = clients
            .iter()
            .map(|c| {
                serde_json::json!({
                    "client_id": c.id,
                    "client_secret": c.secret,
                    "redirect_uris": [c.redirect_uri],
                    "id_token_ttl": c.id_token_ttl,
                })
            })
            .collect();
        let mut child = Command::new("node")
            .arg(&script)
            .env("ISSUER", &issuer)
            .env("PORT", port.to_string())
            .env("CLIENTS", serde_json::Value::from(registered).to_string())
            .env("ACCOUNTS", accounts.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting node (is Node.js on PATH?) with oidc-provider.mjs");
        // Its complaints go to the test's output (shown when a test fails);
        // what it prints to stdout (`ready`) is only drained.
        if let Some(stderr) = child.stderr.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    eprintln!("oidc-provider: {line}");
                }
            });
        }
        if let Some(stdout) = child.stdout.take() {
            std::thread::spawn(
                move || {
                    for _ in BufReader::new(stdout).lines().map_while(Result::ok) {}
                },
            );
        }
        let stdin = child.stdin.take();
        let mut provider = Provider {
            issuer,
            tamper,
            child,
            _stdin: stdin,
            proxy,
        };

        let discovery = provider.wait_until_ready().await;
        assert_eq!(
            discovery["issuer"].as_str(),
            Some(provider.issuer.as_str()),
            "the provider's issuer is the proxy"
        );
        assert_eq!(
            discovery["token_endpoint"].as_str(),
            Some(format!("{}{TOKEN_PATH}", provider.issuer).as_str()),
            "the proxy recognises the token endpoint by its path"
        );
        provider
    }

    /// Polls discovery through the proxy until the provider answers; returns
    /// the discovery document.
    async fn wait_until_ready(&mut self) -> serde_json::Value {
        let http = plain_client();
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let start = Instant::now();
        loop {
            if let Ok(res) = http.get(&url).send().await {
                if res.status().is_success() {
                    return res.json().await.expect("discovery document");
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("oidc-provider exited before it was ready ({status}); see its output above");
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "oidc-provider did not start within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What the proxy does to the next token responses (POST to the
    /// provider's token endpoint): flip one character in the ID token's
    /// signature part, swap in another ID token, or hold the response back for
    /// a while. It stays in effect until the next call (`Tamper::None` to stop).
    pub fn tamper(&self, t: Tamper) {
        *self.tamper.lock().expect("tamper lock") = t;
    }

    /// Drives the provider's own login and consent forms, as a person at a
    /// browser, starting at `authorize_url` with the cookie-keeping client `c`
    /// (which must not follow redirects), logging in as `login`; follows the
    /// redirects until one leads outside the provider (to the relying party's
    /// redirect URI) and returns that URL (with `code` and `state`, or
    /// `error`). Any password is accepted. If `c` already holds a session and
    /// consent at the provider, the forms are skipped, as for a person who
    /// signed in before. Panics on anything a browser could not go on from
    /// (an error page of the provider's, an unknown page).
    pub async fn sign_in(&self, c: &reqwest::Client, authorize_url: &str, login: &str) -> String {
        let issuer = reqwest::Url::parse(&self.issuer).expect("issuer URL");
        let mut url = reqwest::Url::parse(authorize_url).expect("authorization URL");
        let mut form: Option<Vec<(&str, &str)>> = None;
        for _ in 0..20 {
            if url.origin() != issuer.origin() {
                return url.to_string();
            }
            let res = match form.take() {
                Some(fields) => c.post(url.clone()).form(&fields).send().await,
                None => c.get(url.clone()).send().await,
            }
            .unwrap_or_else(|e| panic!("sign-in request to {url}: {e}"));
            let status = res.status();
            if status.is_redirection() {
                let location = res
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or_else(|| panic!("redirect without a Location from {url}"))
                    .to_owned();
                url = url
                    .join(&location)
                    .unwrap_or_else(|e| panic!("redirect to {location:?} from {url}: {e}"));
                continue;
            }
            let html = res.text().await.expect("provider page");
            assert!(
                status.is_success(),
                "the provider answered {status} at {url}:\n{html}"
            );
            let action = attribute_after(&html, "<form", "action")
                .unwrap_or_else(|| panic!("no form on the provider's page at {url}:\n{html}"));
            let prompt = attribute_after(&html, "name=\"prompt\"", "value")
                .unwrap_or_else(|| panic!("no prompt in the provider's form at {url}:\n{html}"));
            form = Some(match prompt.as_str() {
                "login" => vec![
                    ("prompt", "login"),
                    ("login", login),
                    ("password", "any password will do"),
                ],
                "consent" => vec![("prompt", "consent")],
                other => panic!("unknown prompt {other:?} at {url}:\n{html}"),
            });
            url = url.join(&action).expect("form action");
        }
        panic!("sign-in at the provider did not end after 20 steps (last at {url})");
    }

    /// A complete code flow as another client (its own PKCE, the given nonce),
    /// returning the raw ID token it got — for the wrong-audience test: a
    /// token the provider really signed, for the same person, but not for the
    /// relying party under test.
    pub async fn id_token_for(&self, client: &OidcClient, login: &str, nonce: &str) -> String {
        let http = plain_client();
        let discovery: serde_json::Value = http
            .get(format!("{}/.well-known/openid-configuration", self.issuer))
            .send()
            .await
            .expect("discovery")
            .json()
            .await
            .expect("discovery document");
        let endpoint = |name: &str| -> String {
            discovery[name]
                .as_str()
                .unwrap_or_else(|| panic!("no {name} in discovery"))
                .to_owned()
        };
        let verifier = app::services::ids::random_token(32);
        let state = app::services::ids::random_token(16);
        let authorize = reqwest::Url::parse_with_params(
            &endpoint("authorization_endpoint"),
            [
                ("response_type", "code"),
                ("client_id", client.id.as_str()),
                ("redirect_uri", client.redirect_uri.as_str()),
                ("scope", "openid email profile"),
                ("state", state.as_str()),
                ("nonce", nonce),
                ("code_challenge", pkce_challenge(&verifier).as_str()),
                ("code_challenge_method", "S256"),
            ],
        )
        .expect("authorization URL");
        let browser = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .expect("browser client");
        let back = self.sign_in(&browser, authorize.as_str(), login).await;
        let back = reqwest::Url::parse(&back).expect("redirect back");
        let param = |name: &str| {
            back.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        assert_eq!(param("state"), Some(state), "state returned: {back}");
        let code = param("code").unwrap_or_else(|| panic!("no code in {back}"));
        let res = http
            .post(endpoint("token_endpoint"))
            .basic_auth(
                form_urlencoded::byte_serialize(client.id.as_bytes()).collect::<String>(),
                Some(form_urlencoded::byte_serialize(client.secret.as_bytes()).collect::<String>()),
            )
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", client.redirect_uri.as_str()),
                ("code_verifier", verifier.as_str()),
            ])
            .send()
            .await
            .expect("token request");
        let status = res.status();
        let body: serde_json::Value = res.json().await.expect("token response");
        assert!(status.is_success(), "token endpoint: {status} {body}");
        body["id_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no id_token in {body}"))
            .to_owned()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.proxy.abort();
    }
}

/// The claims of an ID token (its middle part, decoded; the signature is not
/// checked): what the provider put in, for assertions.
pub fn id_token_claims(id_token: &str) -> serde_json::Value {
    let payload = id_token
        .split('.')
        .nth(1)
        .unwrap_or_else(|| panic!("not a JWT: {id_token}"));
    serde_json::from_slice(&base64url_decode(payload)).expect("ID token payload is JSON")
}

/// The proxy: forwards every request to the provider and its answer back as it
/// is (redirects included), applying the current [`Tamper`] to answers from
/// the token endpoint.
async fn forward(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let Ok(body) = to_bytes(body, usize::MAX).await else {
        return (StatusCode::BAD_REQUEST, "unreadable request body").into_response();
    };
    let mut headers = HeaderMap::new();
    for (name, value) in &parts.headers {
        if !hop_by_hop(name) && name != header::HOST && name != header::ACCEPT_ENCODING {
            headers.append(name.clone(), value.clone());
        }
    }
    // The provider builds its forms' and redirects' URLs from the request:
    // with `proxy = true` it takes the host from here, the proxy's own.
    if let Some(host) = parts.headers.get(header::HOST) {
        headers.insert("x-forwarded-host", host.clone());
    }
    headers.insert("x-forwarded-proto", HeaderValue::from_static("http"));
    let is_token = parts.method == axum::http::Method::POST && parts.uri.path() == TOKEN_PATH;

    let res = match proxy
        .http
        .request(parts.method, format!("{}{path}", proxy.upstream))
        .headers(headers)
        .body(body)
        .send()
        .await
    {
        Ok(res) => res,
        Err(e) => {
            return (StatusCode::BAD_GATEWAY, format!("oidc-provider: {e}")).into_response();
        }
    };
    let status = res.status();
    let mut headers = HeaderMap::new();
    for (name, value) in res.headers() {
        if !hop_by_hop(name) && name != header::CONTENT_LENGTH {
            headers.append(name.clone(), value.clone());
        }
    }
    let mut body = res.bytes().await.unwrap_or_default();

    if is_token {
        let tamper = proxy.tamper.lock().expect("tamper lock").clone();
        match tamper {
            Tamper::None => {}
            Tamper::Delay(d) => tokio::time::sleep(d).await,
            Tamper::FlipSignature => {
                body = with_id_token(&body, flip_signature);
            }
            Tamper::ReplaceIdToken(other) => {
                body = with_id_token(&body, |_| other.clone());
            }
        }
    }
    (status, headers, Body::from(body)).into_response()
}

/// Headers that belong to one connection, not to the message.
fn hop_by_hop(name: &header::HeaderName) -> bool {
    [
        header::CONNECTION,
        header::TRANSFER_ENCODING,
        header::TE,
        header::UPGRADE,
        header::PROXY_AUTHORIZATION,
        header::TRAILER,
    ]
    .contains(name)
        || name.as_str() == "keep-alive"
}

/// A token response with its `id_token` changed by `f`; other responses
/// (errors, no ID token) unchanged.
fn with_id_token(body: &Bytes, f: impl FnOnce(&str) -> String) -> Bytes {
    let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return body.clone();
    };
    let Some(token) = json.get("id_token").and_then(|t| t.as_str()) else {
        return body.clone();
    };
    json["id_token"] = serde_json::Value::String(f(token));
    Bytes::from(json.to_string())
}

/// The token with the first character of its signature part changed. The
/// first, not the last: the last base64url character of a signature partly
/// holds padding bits, and changing only those would leave the signature
/// bytes as they were for a lenient decoder.
fn flip_signature(token: &str) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    assert_eq!(parts.len(), 3, "an ID token has three parts: {token}");
    let sig = &parts[2];
    let mut chars = sig.chars();
    let first = chars.next().expect("a non-empty signature");
    let other = if first == 'A' { 'B' } else { 'A' };
    parts[2] = std::iter::once(other).chain(chars).collect();
    parts.join(".")
}

/// The first value of `attr="…"` after `marker` in `html` (the provider's
/// forms are simple and escaped by its template engine).
fn attribute_after(html: &str, marker: &str, attr: &str) -> Option<String> {
    let rest = &html[html.find(marker)?..];
    let key = format!("{attr}=\"");
    let start = rest.find(&key)? + key.len();
    let end = rest[start..].find('"')?;
    Some(
        rest[start..start + end]
            .replace("&#x2F;", "/")
            .replace("&#x3D;", "=")
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The S256 code challenge of a PKCE verifier: base64url(SHA-256(verifier)).
fn pkce_challenge(verifier: &str) -> String {
    let hex = app::services::ids::sha256_hex(verifier);
    let digest: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digest"))
        .collect();
    base64url_encode(&digest)
}

/// Base64url without padding (RFC 4648 §5), as JOSE and PKCE use it.
fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(BASE64URL[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

/// Decodes base64url with or without padding; panics on other characters.
fn base64url_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = BASE64URL
            .iter()
            .position(|&a| a == c)
            .unwrap_or_else(|| panic!("not base64url: {text}")) as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
