//! Staff choosing their own passwords: a welcome link for a new account
//! (from the HR import, from the roles page), a reset link for a forgotten
//! password — through a real SMTP sink, then the real pages and sign-in.

use crate::support::{
    client, login, login_ok, page, post, signed_in_as, smtp::SmtpSink, Store, TestApp, LEADER,
};
use app::services::{import, mail::Mailer, password_links};

/// Sends the links due through the sink; returns (to, subject, link path).
pub async fn links_sent(app: &TestApp, sink: &SmtpSink) -> Vec<(String, String, String)> {
    let mailer =
        Mailer::new(&sink.smtp_url, "Trivsel <trivsel@test.invalid>", &app.base).expect("mailer");
    password_links::send_due(&app.db, &mailer)
        .await
        .expect("send");
    let got = sink.messages().await;
    sink.clear().await;
    got.into_iter()
        .map(|(to, subject, text)| {
            let at = text
                .find("/password/new/")
                .unwrap_or_else(|| panic!("no link in {text}"));
            let path: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
                .collect();
            (to, subject, path)
        })
        .collect()
}

/// Chooses a password on the page a link opens (as its form posts).
pub async fn choose(app: &TestApp, path: &str, password: &str) -> (u16, String) {
    let token = path.trim_start_matches("/password/new/");
    post(
        &client(),
        app,
        "password/set",
        &[
            ("token", token),
            ("password", password),
            ("password_again", password),
        ],
    )
    .await
}

const UNITS: &str = "code,name,parent_code\nR,Region,\nH,Hospital,R\nD1,Medicine,H\nT1,Ward 1,D1\n";
const PEOPLE: &str = "employee_no,name,email,unit_code,language,leader_of\n\
    E1,Anne Holm,anne@region.test,T1,da,T1\nE2,Bo,,T1,sv,\nE3,Carl,carl@region.test,T1,en,\n";

pub async fn a_leader_from_the_hr_import_chooses_a_password_by_an_emailed_link(store: Store) {
    let app = TestApp::empty(store).await;
    let id = import::store(&app.db, None, Some(UNITS.as_bytes()), PEOPLE.as_bytes())
        .await
        .expect("store");
    import::apply_stored(&app.db, &id, false, &|_, _| {})
        .await
        .expect("apply");
    let anne = client();
    assert_eq!(
        login(&app, &anne, "anne@region.test", "").await.status(),
        401,
        "no password yet"
    );
    let sink = SmtpSink::start().await;
    let sent = links_sent(&app, &sink).await;
    assert_eq!(sent.len(), 1, "one leader, one link: {sent:?}");
    let (to, subject, path) = &sent[0];
    assert_eq!(to, "anne@region.test");
    assert_eq!(subject, "Din konto i Trivsel", "in Anne's language");
    let (status, html) = page(&client(), &app, path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Anne Holm"), "{html}");

    // Refused with the reason, in the person's language, and nothing set.
    for (pw, again, why) in [
        ("kort", "kort", "error-password-short"),
        ("password12345", "password12345", "error-password-common"),
        (
            "anne@region.test",
            "anne@region.test",
            "error-password-common",
        ),
        (
            "lanterne bølge kaffe morgen",
            "lanterne bølge kaffe",
            "error-password-mismatch",
        ),
    ] {
        let token = path.trim_start_matches("/password/new/");
        let (status, body) = post(
            &client(),
            &app,
            "password/set",
            &[
                ("token", token),
                ("password", pw),
                ("password_again", again),
            ],
        )
        .await;
        assert_eq!(status, 400, "{pw}: {body}");
        assert!(body.contains(why), "{pw}: {body}");
    }
    let (status, body) = choose(&app, path, "lanterne bølge kaffe morgen").await;
    assert!(status < 400, "{status} {body}");
    let res = login(
        &app,
        &anne,
        "anne@region.test",
        "lanterne bølge kaffe morgen",
    )
    .await;
    assert_eq!(res.status(), 200);

    // The link works once; the page says so; no second e-mail goes out.
    let (status, body) = choose(&app, path, "en helt anden lang sætning").await;
    assert_eq!(status, 400);
    assert!(body.contains("error-password-link"), "{body}");
    let (_, html) = page(&client(), &app, path).await;
    assert!(html.contains("no longer works"), "{html}");
    assert!(links_sent(&app, &sink).await.is_empty());
    let hashes: Vec<Option<String>> = sqlx::query_scalar("SELECT token_hash FROM password_links")
        .fetch_all(&app.db.pool)
        .await
        .expect("links");
    let token = path.trim_start_matches("/password/new/");
    assert!(
        hashes.iter().flatten().all(|h| !h.contains(token)),
        "only a hash of the token is kept"
    );
}

pub async fn a_forgotten_password_link_says_nothing_about_who_has_an_account(store: Store) {
    let app = TestApp::demo(store).await;
    let sink = SmtpSink::start().await;
    let signed_in = login_ok(&app, LEADER).await;
    // The same answer for an account and for an address without one.
    let ask = |email: &'static str| {
        let app = &app;
        async move {
            let res = client()
                .post(app.at("/api/password/forgot"))
                .header("accept-language", "en")
                .form(&[("email", email)])
                .send()
                .await
                .expect("post");
            (
                res.status().as_u16(),
                res.headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                res.text().await.expect("body"),
            )
        }
    };
    let known = ask(LEADER).await;
    let unknown = ask("nobody@region.test").await;
    assert_eq!(known, unknown);
    // The request is written after the answer: wait for it.
    for _ in 0..50 {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM password_links")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
        if n > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let sent = links_sent(&app, &sink).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, LEADER);
    assert_eq!(sent[0].1, "En ny adgangskode til Trivsel");
    // Asking again at once sends nothing more.
    let _ = ask(LEADER).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(links_sent(&app, &sink).await.is_empty());

    let (status, body) = choose(&app, &sent[0].2, "ny sommer ved havet i år").await;
    assert!(status < 400, "{status} {body}");
    // Every session of the account has ended; the old password is gone.
    assert_eq!(
        signed_in_as(&signed_in, &app.base).await,
        None,
        "the old session still works"
    );
    let c = client();
    assert_eq!(
        login(&app, &c, LEADER, app::services::demo::DEMO_PASSWORD)
            .await
            .status(),
        401
    );
    assert_eq!(
        login(&app, &c, LEADER, "ny sommer ved havet i år")
            .await
            .status(),
        200
    );

    // An expired link is refused like a used one.
    let token = password_links::make_now(&app.db, LEADER)
        .await
        .expect("make")
        .expect("a link");
    sqlx::query("UPDATE password_links SET expires_at = 1 WHERE used_at IS NULL")
        .execute(&app.db.pool)
        .await
        .expect("expire");
    let (status, body) = choose(
        &app,
        &format!("/password/new/{token}"),
        "ny vinter ved havet i år",
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("error-password-link"), "{body}");
}

/// A signed-in person changes their password: the current one is required;
/// their other sessions end, this one stays.
pub async fn a_password_change_needs_the_current_one_and_ends_other_sessions(store: Store) {
    use app::services::demo::DEMO_PASSWORD;
    let app = TestApp::demo(store).await;
    let here = login_ok(&app, LEADER).await;
    let elsewhere = login_ok(&app, LEADER).await;
    let change = |current: &'static str, new: &'static str| {
        let here = here.clone();
        let app = &app;
        async move {
            post(
                &here,
                app,
                "account/password",
                &[
                    ("current", current),
                    ("password", new),
                    ("password_again", new),
                ],
            )
            .await
        }
    };
    let (status, body) = change("not my password", "blæst over heden i oktober").await;
    assert_eq!(status, 400);
    assert!(body.contains("error-password-current"), "{body}");
    let (status, body) = change(DEMO_PASSWORD, "qwerty123456").await;
    assert_eq!(status, 400);
    assert!(body.contains("error-password-common"), "{body}");
    let (status, body) = change(DEMO_PASSWORD, "blæst over heden i oktober").await;
    assert!(status < 400, "{status} {body}");
    assert!(
        signed_in_as(&here, &app.base).await.is_some(),
        "this session stays"
    );
    assert_eq!(
        signed_in_as(&elsewhere, &app.base).await,
        None,
        "the other session ended"
    );
    let c = client();
    assert_eq!(login(&app, &c, LEADER, DEMO_PASSWORD).await.status(), 401);
    assert_eq!(
        login(&app, &c, LEADER, "blæst over heden i oktober")
            .await
            .status(),
        200
    );
    // Signed out, the page asks to sign in and the change is refused.
    let (status, _) = post(
        &client(),
        &app,
        "account/password",
        &[("current", "x"), ("password", "y"), ("password_again", "y")],
    )
    .await;
    assert_eq!(status, 401);
}
