//! Two-step sign-in on an instance that requires it (as a real one does):
//! an administrator sets up an authenticator app at the first sign-in, then
//! needs its code — each code once, recovery codes once, five wrong codes
//! and the password is asked again. A leader may turn it on and off.

use crate::support::{
    account_id, bind, call_url, client, serve_keyed, serve_with, signed_in_as, test_key, Store,
    TestApp, ADMIN, LEADER,
};
use app::services::{demo::DEMO_PASSWORD, state::Settings, two_step};
use serde_json::Value;

struct Instance {
    base: String,
}

impl Instance {
    /// An instance on `app`'s database that requires two-step sign-in.
    async fn requiring_two_steps(app: &TestApp) -> Instance {
        let settings = Settings {
            two_step_required: true,
            // Many sign-ins of one account within a minute.
            login_attempts_per_minute: 100,
            ..Settings::default()
        };
        Instance {
            base: serve_with(app.db.clone(), settings).await,
        }
    }

    async fn call(&self, c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        call_url(c, &format!("{}/api/{path}", self.base), form).await
    }

    async fn password(&self, c: &reqwest::Client, email: &str) {
        let (status, body) = self
            .call(c, "login", &[("email", email), ("password", DEMO_PASSWORD)])
            .await;
        assert!(status == 200 || status == 302, "{status} {body}");
    }

    async fn signed_in_as(&self, c: &reqwest::Client) -> Option<String> {
        signed_in_as(c, &self.base).await
    }

    async fn step(&self, c: &reqwest::Client) -> Value {
        self.call(c, "login/step/view", &[]).await.1
    }

    async fn code(&self, c: &reqwest::Client, code: &str) -> (u16, Value) {
        self.call(c, "login/step", &[("code", code)]).await
    }
}

fn now() -> u64 {
    chrono::Utc::now().timestamp() as u64
}

pub async fn an_administrator_needs_a_code_from_an_app_after_the_password(store: Store) {
    let app = TestApp::demo(store).await;
    let trivsel = Instance::requiring_two_steps(&app).await;
    let admin = account_id(&app, ADMIN).await;

    // First sign-in: the password alone is not enough; an app is set up.
    let c = client();
    trivsel.password(&c, ADMIN).await;
    assert_eq!(trivsel.signed_in_as(&c).await, None);
    let step = trivsel.step(&c).await;
    let key = step["Enrol"]["secret"]
        .as_str()
        .expect("a key to type")
        .to_owned();
    assert!(step["Enrol"]["qr_svg"]
        .as_str()
        .expect("a QR code")
        .starts_with("<svg"));
    let (status, body) = trivsel.code(&c, "000000").await;
    assert_eq!(
        (status, body.to_string().contains("error-step-wrong")),
        (400, true)
    );
    let first = two_step::code_from_key(&key, now()).expect("code");
    let (status, body) = trivsel.code(&c, &first).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(trivsel.signed_in_as(&c).await.as_deref(), Some(ADMIN));
    let (_, status) = trivsel.call(&c, "account/two-step", &[]).await;
    assert_eq!(
        (status["on"].clone(), status["required"].clone()),
        (true.into(), true.into())
    );
    let recovery: Vec<String> = status["new_recovery_codes"]
        .as_array()
        .expect("codes")
        .iter()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect();
    assert_eq!(recovery.len(), 10);
    let (_, again) = trivsel.call(&c, "account/two-step", &[]).await;
    assert_eq!(
        again["new_recovery_codes"],
        serde_json::json!([]),
        "shown once"
    );
    // The secret is stored sealed, not as the key the person typed.
    let stored: String = sqlx::query_scalar("SELECT totp_secret FROM accounts WHERE id = $1")
        .bind(&admin)
        .fetch_one(&app.db.pool)
        .await
        .expect("secret");
    assert!(!stored.contains(&key.replace(' ', "")));

    // Next sign-in: a code. The one just used does not work again.
    let c = client();
    trivsel.password(&c, ADMIN).await;
    assert_eq!(trivsel.step(&c).await, Value::String("Code".into()));
    let (status, _) = trivsel.code(&c, &first).await;
    assert_eq!(status, 400, "a code works once");
    assert_eq!(trivsel.signed_in_as(&c).await, None);
    let next = two_step::current_code(&app.db, &test_key(), &admin, now() + 30)
        .await
        .expect("the next code");
    let (status, body) = trivsel.code(&c, &next).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(trivsel.signed_in_as(&c).await.as_deref(), Some(ADMIN));

    // A recovery code, typed sloppily, works once.
    let sloppy = recovery[3].to_lowercase().replace('-', " ");
    for (expected, who) in [(200, "first use"), (400, "second use")] {
        let c = client();
        trivsel.password(&c, ADMIN).await;
        let (status, _) = trivsel.code(&c, &sloppy).await;
        assert_eq!(status, expected, "{who}");
    }

    // Five wrong codes, and the password is asked again.
    let c = client();
    trivsel.password(&c, ADMIN).await;
    for _ in 0..4 {
        let (status, body) = trivsel.code(&c, "123456").await;
        assert!(
            body.to_string().contains("error-step-wrong"),
            "{status} {body}"
        );
    }
    let (_, body) = trivsel.code(&c, "123456").await;
    assert!(body.to_string().contains("error-step-gone"), "{body}");
    // Even a right one (a recovery code), once the step has gone.
    let (status, _) = trivsel.code(&c, &recovery[5]).await;
    assert_eq!(status, 400, "even a right code, once it has gone");
    assert_eq!(trivsel.step(&c).await, Value::String("Gone".into()));

    // An administrator cannot turn it off. (The recovery code refused above
    // was not spent.)
    let c = client();
    trivsel.password(&c, ADMIN).await;
    let (status, _) = trivsel.code(&c, &recovery[5]).await;
    assert_eq!(status, 200);
    let (status, body) = trivsel
        .call(&c, "account/two-step/off", &[("current", DEMO_PASSWORD)])
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("error-step-required"));
}

pub async fn a_leader_may_turn_two_step_sign_in_on_and_off(store: Store) {
    let app = TestApp::demo(store).await;
    let trivsel = Instance::requiring_two_steps(&app).await;
    let leader = account_id(&app, LEADER).await;
    // Not required: the password signs a leader in.
    let c = client();
    trivsel.password(&c, LEADER).await;
    assert_eq!(trivsel.signed_in_as(&c).await.as_deref(), Some(LEADER));
    // Turned on from the account page.
    let (status, body) = trivsel.call(&c, "account/two-step/begin", &[]).await;
    assert!(status == 200 || status == 302, "{status} {body}");
    let key = trivsel.step(&c).await["Enrol"]["secret"]
        .as_str()
        .expect("key")
        .to_owned();
    let (status, _) = trivsel
        .code(&c, &two_step::code_from_key(&key, now()).expect("code"))
        .await;
    assert_eq!(status, 200);
    // Now the password is not enough.
    let c = client();
    trivsel.password(&c, LEADER).await;
    assert_eq!(trivsel.signed_in_as(&c).await, None);
    let code = two_step::current_code(&app.db, &test_key(), &leader, now() + 30)
        .await
        .expect("code");
    assert_eq!(trivsel.code(&c, &code).await.0, 200);
    // Turned off, with the password (a wrong one is refused).
    let (status, _) = trivsel
        .call(
            &c,
            "account/two-step/off",
            &[("current", "not my password")],
        )
        .await;
    assert_eq!(status, 400);
    let (status, body) = trivsel
        .call(&c, "account/two-step/off", &[("current", DEMO_PASSWORD)])
        .await;
    assert!(status == 200 || status == 302, "{status} {body}");
    let c = client();
    trivsel.password(&c, LEADER).await;
    assert_eq!(trivsel.signed_in_as(&c).await.as_deref(), Some(LEADER));
}

/// The server secret file lost and replaced by a new one: authenticator
/// secrets sealed with the old one cannot be opened. An app code is then
/// simply wrong (not a server error), and a recovery code still signs in.
pub async fn with_a_replaced_server_secret_recovery_codes_still_sign_in(store: Store) {
    let app = TestApp::demo(store).await;
    let trivsel = Instance::requiring_two_steps(&app).await;
    let c = client();
    trivsel.password(&c, ADMIN).await;
    let key = trivsel.step(&c).await["Enrol"]["secret"]
        .as_str()
        .expect("a key to type")
        .to_owned();
    let first = two_step::code_from_key(&key, now()).expect("code");
    assert_eq!(trivsel.code(&c, &first).await.0, 200);
    let (_, status) = trivsel.call(&c, "account/two-step", &[]).await;
    let recovery = status["new_recovery_codes"][0]
        .as_str()
        .expect("a recovery code")
        .to_owned();

    let replaced = Instance {
        base: serve_keyed(
            bind().await.0,
            app.db.clone(),
            Settings {
                two_step_required: true,
                login_attempts_per_minute: 100,
                ..Settings::default()
            },
            app::anonymity::sealed::InboxKey::derive(&[7u8; 32]).expect("key"),
        )
        .await,
    };
    let c = client();
    replaced.password(&c, ADMIN).await;
    let code = two_step::code_from_key(&key, now() + 30).expect("code");
    let (status, body) = replaced.code(&c, &code).await;
    assert_eq!(
        (status, body.to_string().contains("error-step-wrong")),
        (400, true),
        "{body}"
    );
    let (status, body) = replaced.code(&c, &recovery).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(replaced.signed_in_as(&c).await.as_deref(), Some(ADMIN));
}
