//! Signing in through the organisation's identity provider, against a real
//! OpenID provider process (`oidc-provider`, started by the harness behind a
//! proxy that can spoil its answers): who gets in, who does not, and that a
//! tampered, misdirected, expired or replayed answer lets nobody in.

use crate::support::{
    bind, client, count,
    oidc::{id_token_claims, OidcClient, Provider, Tamper},
    page_url, serve_on, Store, TestApp, LEADER,
};
use app::services::{
    provider_sign_in::{MatchBy, ProviderSettings},
    state::Settings,
};
use serde_json::json;
use std::time::Duration;

/// A Trivsel instance on the test's database that signs in through
/// `provider` as `client`.
struct Instance {
    base: String,
}

fn registered(id: &str, base: &str, ttl: Option<u32>) -> OidcClient {
    OidcClient {
        id: id.into(),
        secret: format!("{id}-secret"),
        redirect_uri: format!("{base}/auth/provider/back"),
        id_token_ttl: ttl,
    }
}

async fn instance(
    app: &TestApp,
    listener: tokio::net::TcpListener,
    provider: &Provider,
    client: &OidcClient,
    tune: impl FnOnce(&mut Settings),
) -> Instance {
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let mut settings = Settings {
        public_url: base.clone(),
        provider: Some(ProviderSettings {
            issuer: provider.issuer.clone(),
            client_id: client.id.clone(),
            client_secret: client.secret.clone(),
            match_by: MatchBy::Email,
            claim: "email".into(),
            create_accounts: false,
        }),
        ..Settings::default()
    };
    tune(&mut settings);
    let base = serve_on(listener, app.db.clone(), settings).await;
    Instance { base }
}

impl Instance {
    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Leaves for the provider: the authorization URL it sends the browser to.
    async fn leave(&self, c: &reqwest::Client) -> String {
        let res = c
            .get(self.at("/auth/provider"))
            .send()
            .await
            .expect("start");
        assert_eq!(res.status(), 303, "off to the provider");
        res.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned()
    }

    /// Comes back with the provider's answer: where Trivsel sends the
    /// browser next.
    async fn come_back(&self, c: &reqwest::Client, answer: &str) -> String {
        assert!(answer.starts_with(&self.base), "{answer}");
        let res = c.get(answer).send().await.expect("back");
        assert_eq!(res.status(), 303);
        res.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned()
    }

    /// The whole sign-in as `login`: where it ends.
    async fn sign_in(&self, provider: &Provider, c: &reqwest::Client, login: &str) -> String {
        let authorize = self.leave(c).await;
        let answer = provider.sign_in(c, &authorize, login).await;
        self.come_back(c, &answer).await
    }

    /// A page, in English: status and HTML.
    async fn page(&self, path: &str) -> (u16, String) {
        page_url(&client(), &self.at(path)).await
    }

    async fn signed_in(&self, c: &reqwest::Client) -> bool {
        let res = c
            .get(self.at("/overview"))
            .header("accept-language", "en")
            .send()
            .await
            .expect("overview");
        res.status() == 200
    }
}

fn person(email: &str, verified: bool, name: &str, number: &str) -> serde_json::Value {
    json!({ "email": email, "email_verified": verified, "name": name, "employee_number": number })
}

/// A leader the HR import made an account for signs in through the
/// provider; a person without an account, an unverified address and a
/// leaver do not get in, and nobody's account is made.
pub async fn a_leader_signs_in_through_the_identity_provider(store: Store) {
    let app = TestApp::demo(store).await;
    let (listener, base) = bind().await;
    let trivsel = registered("trivsel", &base, None);
    let provider = Provider::start(
        std::slice::from_ref(&trivsel),
        json!({
            LEADER: person(LEADER, true, "Lene Leder", "E01001"),
            "unverified": person(LEADER, false, "Somebody", "E09999"),
            "stranger": person("stranger@elsewhere.example", true, "Stranger", "E09998"),
        }),
    )
    .await;
    let trivsel = instance(&app, listener, &provider, &trivsel, |_| {}).await;

    let (status, html) = trivsel.page("/login").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"provider-sign-in\""), "{html}");
    assert!(html.contains("Sign in with your organisation"));

    let accounts = count(&app, "SELECT COUNT(*) FROM accounts").await;
    for who in ["stranger", "unverified"] {
        let c = client();
        let end = trivsel.sign_in(&provider, &c, who).await;
        assert_eq!(end, "/login?provider=no-account", "{who}");
        assert!(!trivsel.signed_in(&c).await, "{who}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM accounts").await, accounts);

    let c = client();
    assert_eq!(trivsel.sign_in(&provider, &c, LEADER).await, "/overview");
    let res = c
        .get(trivsel.at("/overview"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("overview");
    assert_eq!(res.status(), 200);
    assert!(res.text().await.expect("html").contains("Lene Leder"));

    // A leaver: disabled by the import, and the provider still knows them.
    sqlx::query("UPDATE accounts SET disabled_at = 1 WHERE email = $1")
        .bind(LEADER)
        .execute(&app.db.pool)
        .await
        .expect("disable");
    let c = client();
    assert_eq!(
        trivsel.sign_in(&provider, &c, LEADER).await,
        "/login?provider=no-account"
    );
    assert!(!trivsel.signed_in(&c).await);
}

/// With accounts matched by employee number and made at first sign-in (the
/// administrator's choice), a person from the HR file gets an account of
/// their own — with no roles — and nobody can take over another's address.
pub async fn an_account_is_made_at_first_sign_in_only_when_allowed(store: Store) {
    let app = TestApp::demo(store).await;
    let (employee_no, name): (String, String) = sqlx::query_as(
        "SELECT employee_no, name FROM people WHERE id NOT IN \
         (SELECT person_id FROM accounts WHERE person_id IS NOT NULL) ORDER BY employee_no LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("a person without an account");
    let (listener, base) = bind().await;
    let trivsel = registered("trivsel", &base, None);
    let provider = Provider::start(
        std::slice::from_ref(&trivsel),
        json!({
            "new": person("ny.medarbejder@demo.trivsel.test", true, &name, &employee_no),
            "taker": person(LEADER, true, "Not Lene", "E77777"),
            "outsider": person("outsider@elsewhere.example", true, "Outsider", ""),
        }),
    )
    .await;
    let trivsel = instance(&app, listener, &provider, &trivsel, |s| {
        if let Some(p) = s.provider.as_mut() {
            p.match_by = MatchBy::EmployeeNumber;
            p.claim = "employee_number".into();
            p.create_accounts = true;
        }
    })
    .await;

    let c = client();
    assert_eq!(trivsel.sign_in(&provider, &c, "new").await, "/overview");
    assert!(trivsel.signed_in(&c).await);
    let (roles, person_no): (i64, String) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM roles r WHERE r.account_id = a.id), p.employee_no \
         FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.email = $1",
    )
    .bind("ny.medarbejder@demo.trivsel.test")
    .fetch_one(&app.db.pool)
    .await
    .expect("the new account");
    assert_eq!((roles, person_no), (0, employee_no.clone()));
    // The second time, the same account.
    let accounts = count(&app, "SELECT COUNT(*) FROM accounts").await;
    assert_eq!(
        trivsel.sign_in(&provider, &client(), "new").await,
        "/overview"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM accounts").await, accounts);

    // An unknown employee number whose address is another account's: no
    // merge, no new account. No employee number at all: nothing.
    for who in ["taker", "outsider"] {
        let c = client();
        assert_eq!(
            trivsel.sign_in(&provider, &c, who).await,
            "/login?provider=no-account",
            "{who}"
        );
        assert!(!trivsel.signed_in(&c).await);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM accounts").await, accounts);
}

/// The provider's answer is believed only when it is what it should be: a
/// replayed or foreign state, a token with a broken signature, a token
/// meant for another application, an expired token and a refusal at the
/// provider all end at the sign-in page, signed out.
pub async fn a_tampered_misdirected_expired_or_replayed_answer_lets_nobody_in(store: Store) {
    let app = TestApp::demo(store).await;
    let (listener, base) = bind().await;
    let (slow_listener, slow_base) = bind().await;
    let trivsel = registered("trivsel", &base, None);
    let short = registered("trivsel-short", &slow_base, Some(1));
    let other = registered("other-app", "http://127.0.0.1:9", None);
    let provider = Provider::start(
        &[trivsel.clone(), short.clone(), other.clone()],
        json!({ LEADER: person(LEADER, true, "Lene Leder", "E01001") }),
    )
    .await;
    let main = instance(&app, listener, &provider, &trivsel, |_| {}).await;
    let slow = instance(&app, slow_listener, &provider, &short, |_| {}).await;
    const FAILED: &str = "/login?provider=failed";

    // Replayed: the answer that signed someone in, sent again.
    let c = client();
    let authorize = main.leave(&c).await;
    let answer = provider.sign_in(&c, &authorize, LEADER).await;
    assert_eq!(main.come_back(&c, &answer).await, "/overview");
    let replayer = client();
    let res = replayer.get(&answer).send().await.expect("replay");
    assert_eq!(res.headers()["location"], FAILED);
    assert!(!main.signed_in(&replayer).await);

    // Another browser: an answer brought to a browser that never left
    // (how a victim is signed in as the attacker).
    let attacker = client();
    let authorize = main.leave(&attacker).await;
    let answer = provider.sign_in(&attacker, &authorize, LEADER).await;
    let victim = client();
    assert_eq!(main.come_back(&victim, &answer).await, FAILED);
    assert!(!main.signed_in(&victim).await);

    // A broken signature.
    provider.tamper(Tamper::FlipSignature);
    let c = client();
    assert_eq!(main.sign_in(&provider, &c, LEADER).await, FAILED);
    assert!(!main.signed_in(&c).await);

    // A valid token, with the right nonce, issued to another application.
    provider.tamper(Tamper::None);
    let c = client();
    let authorize = main.leave(&c).await;
    let nonce = url::Url::parse(&authorize)
        .expect("url")
        .query_pairs()
        .find(|(k, _)| k == "nonce")
        .map(|(_, v)| v.into_owned())
        .expect("a nonce in the request");
    let foreign = provider.id_token_for(&other, LEADER, &nonce).await;
    // Only the audience is wrong: the nonce is this sign-in's.
    let claims = id_token_claims(&foreign);
    assert_eq!(
        (&claims["aud"], &claims["nonce"]),
        (&json!("other-app"), &json!(nonce))
    );
    provider.tamper(Tamper::ReplaceIdToken(foreign));
    let answer = provider.sign_in(&c, &authorize, LEADER).await;
    assert_eq!(main.come_back(&c, &answer).await, FAILED);
    assert!(!main.signed_in(&c).await);

    // Expired: a token living one second, handed over after two.
    provider.tamper(Tamper::Delay(Duration::from_millis(2500)));
    let c = client();
    assert_eq!(slow.sign_in(&provider, &c, LEADER).await, FAILED);
    assert!(!slow.signed_in(&c).await);
    provider.tamper(Tamper::None);

    // Refused at the provider (the person cancelled).
    let c = client();
    main.leave(&c).await;
    let res = c
        .get(main.at("/auth/provider/back?error=access_denied&state=whatever"))
        .send()
        .await
        .expect("back");
    assert_eq!(res.headers()["location"], FAILED);

    // And with nothing spoiled, the same person gets in.
    let c = client();
    assert_eq!(main.sign_in(&provider, &c, LEADER).await, "/overview");
    assert!(main.signed_in(&c).await);
}

/// With passwords off, only the provider signs people in: the sign-in page
/// has no password form, and the password routes refuse.
pub async fn with_passwords_off_only_the_provider_signs_in(store: Store) {
    let app = TestApp::demo(store).await;
    let (listener, base) = bind().await;
    let trivsel = registered("trivsel", &base, None);
    let provider = Provider::start(
        std::slice::from_ref(&trivsel),
        json!({ LEADER: person(LEADER, true, "Lene Leder", "E01001") }),
    )
    .await;
    let trivsel = instance(&app, listener, &provider, &trivsel, |s| s.passwords = false).await;
    let (_, html) = trivsel.page("/login").await;
    assert!(html.contains("data-testid=\"provider-sign-in\""));
    assert!(!html.contains("type=\"password\""), "{html}");
    for (path, form) in [
        (
            "/api/login",
            vec![
                ("email", LEADER),
                ("password", app::services::demo::DEMO_PASSWORD),
            ],
        ),
        ("/api/password/forgot", vec![("email", LEADER)]),
    ] {
        let res = client()
            .post(trivsel.at(path))
            .header("accept-language", "en")
            .form(&form)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 400, "{path}");
        assert!(res
            .text()
            .await
            .expect("body")
            .contains("error-passwords-off"));
    }
    let c = client();
    assert_eq!(trivsel.sign_in(&provider, &c, LEADER).await, "/overview");
}
