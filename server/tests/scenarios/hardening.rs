//! The web front as an attacker meets it: requests made from other sites,
//! hostile return addresses, pages left in a shared computer's cache, and a
//! flood of sign-ins meant to use up the machine.

use crate::support::{client, count, login_ok, serve_with, Store, TestApp, ADMIN, HANDLER};
use app::services::{demo::DEMO_PASSWORD, password, state::Settings};

const EVIL: &str = "https://evil.example";
/// A sibling host of the region's domain: the "same site" as far as
/// SameSite cookies go.
const SIBLING: &str = "http://intranet.127.0.0.1.nip.io";

/// Every kind of state-changing request — a server function, a plain form,
/// an upload, the reporter's and the employee's posts, the API — sent by a
/// page on another site is refused, and changes nothing.
pub async fn writes_sent_from_another_site_are_refused_and_change_nothing(store: Store) {
    let app = TestApp::demo(store).await;
    // Signing in from another site (login CSRF) starts no session.
    let res = client()
        .post(app.at("/api/login"))
        .header("origin", EVIL)
        .header("accept", "text/html")
        .header("accept-language", "en")
        .form(&[("email", ADMIN), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("set-cookie").is_none());
    assert!(res.text().await.expect("body").contains("another website"));

    // A signed-in administrator's browser, made to post by other sites.
    let admin = login_ok(&app, ADMIN).await;
    let reports_before = count(&app, "SELECT COUNT(*) FROM report_inbox").await;
    let sessions_before = count(&app, "SELECT COUNT(*) FROM sessions").await;
    for (path, origin) in [
        ("/api/logout", EVIL),
        ("/api/logout", SIBLING),
        ("/api/roles/account", SIBLING),
        ("/api/reports/settings/save", SIBLING),
        ("/organisation/import", SIBLING),
        ("/api/v1/import", EVIL),
        ("/follow-up/absence/upload", SIBLING),
        ("/surveys/round/any/cards", SIBLING),
        ("/report/submit", EVIL),
        ("/report/case", SIBLING),
        ("/a/submit", EVIL),
        ("/a/open", "null"),
    ] {
        let res = admin
            .post(app.at(path))
            .header("origin", origin)
            .header("accept", "text/html")
            .form(&[
                ("category", "harassment"),
                ("description", "sent from elsewhere"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 403, "{path} from {origin}");
    }
    // Browsers that send Sec-Fetch-Site but no Origin are judged by it.
    for site in ["cross-site", "same-site"] {
        let res = admin
            .post(app.at("/api/logout"))
            .header("sec-fetch-site", site)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 403, "{site}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM report_inbox").await,
        reports_before
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM sessions").await,
        sessions_before,
        "the session was not ended"
    );
    let (status, _) = crate::support::page(&admin, &app, "/overview").await;
    assert_eq!(status, 200, "still signed in");

    // The instance's own pages post as before.
    let res = client()
        .post(app.at("/api/login"))
        .header("origin", &app.base)
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", HANDLER), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
}

/// Return addresses an attacker would put in a link or a form, through the
/// real routes: every redirect stays on this site.
pub async fn hostile_return_addresses_never_lead_off_the_site(store: Store) {
    let app = TestApp::demo(store).await;
    let hostile = [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/%09/evil.example",
        "/.//evil.example",
        "/%2e%2e//evil.example",
        "https://evil.example",
        "\\\\evil.example",
        "/%5Cevil.example",
    ];
    let leaves = |location: &str| {
        location.starts_with("//")
            || location.contains("evil.example") && !location.starts_with("/%")
            || location.contains(':')
    };
    for evil in hostile {
        let next: String = form_urlencoded::byte_serialize(evil.as_bytes()).collect();
        let res = client()
            .get(app.at(&format!("/lang/da?next={next}")))
            .send()
            .await
            .expect("switch");
        let location = res.headers()["location"].to_str().expect("location");
        assert!(!leaves(location), "{evil:?} → {location}");
        let res = client()
            .post(app.at("/api/login"))
            .header("accept", "text/html")
            .form(&[("__back", evil), ("email", ADMIN), ("password", "wrong")])
            .send()
            .await
            .expect("post");
        if let Some(location) = res.headers().get("location") {
            let location = location.to_str().expect("location");
            assert!(!leaves(location), "{evil:?} → {location}");
        }
    }
}

/// A shared computer's browser keeps nothing of a signed-in page, an
/// export, or a reporter's case; an https instance tells browsers to stay
/// on https.
pub async fn private_pages_are_never_stored_and_https_is_insisted_on(store: Store) {
    let app = TestApp::demo(store).await;
    let admin = login_ok(&app, ADMIN).await;
    for path in [
        "/overview",
        "/results",
        "/organisation",
        "/account",
        "/report",
    ] {
        let res = admin.get(app.at(path)).send().await.expect("get");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
        assert!(res.headers().get("strict-transport-security").is_none());
    }
    let res = client()
        .post(app.at("/report/case"))
        .form(&[("receipt", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")])
        .send()
        .await
        .expect("case");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let res = admin
        .post(app.at("/api/me"))
        .send()
        .await
        .expect("server fn");
    assert_eq!(res.headers()["cache-control"], "no-store");

    let https = serve_with(
        app.db.clone(),
        Settings {
            public_url: "https://trivsel.region.example".into(),
            secure_cookies: true,
            ..Settings::default()
        },
    )
    .await;
    let res = client()
        .get(format!("{https}/login"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=63072000"
    );
    // Its own origin is the public URL's, whatever address the proxy uses.
    let res = client()
        .post(format!("{https}/api/login"))
        .header("origin", "https://trivsel.region.example")
        .form(&[("email", ADMIN), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
}

/// Dozens of sign-ins at once with different addresses (the per-account
/// throttle does not slow them) queue for the hasher: never more argon2id
/// computations at once than cores, every one answered. (Fewer than the
/// queue holds: the queue is the process's, and the other tests running
/// beside this one must not find it full. Its refusal past its length is
/// tested on a queue of its own in `services::password`.)
pub async fn a_flood_of_sign_ins_queues_for_the_hasher(store: Store) {
    let app = TestApp::demo(store).await;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut attempts = tokio::task::JoinSet::new();
    // Half of what the queue holds (64 per core).
    for i in 0..32 * cores {
        let url = app.at("/api/login");
        attempts.spawn(async move {
            client()
                .post(url)
                .form(&[
                    ("email", format!("nobody{i}@flood.example")),
                    ("password", "a guess".to_owned()),
                ])
                .send()
                .await
                .expect("login")
                .status()
                .as_u16()
        });
    }
    let statuses: Vec<u16> = attempts.join_all().await;
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    assert!(
        password::QUEUE.peak() <= cores,
        "{} computations at once on {cores} cores",
        password::QUEUE.peak()
    );
    // The flood over, a real person signs in.
    login_ok(&app, HANDLER).await;
}

/// Issue 19: the accessibility statement, in Danish, Swedish and English,
/// names the organisation, the address and the contact the operator set,
/// and every page's footer links to it — also the reporter's pages that
/// the server writes itself.
pub async fn the_accessibility_statement_is_published_in_three_languages(store: Store) {
    let app = TestApp::demo(store).await;
    let base = serve_with(
        app.db.clone(),
        Settings {
            public_url: "https://trivsel.region.example".into(),
            accessibility_contact: Some("tilgaengelighed@region.example".into()),
            ..Settings::default()
        },
    )
    .await;
    for (lang, title) in [
        ("da", "Tilgængelighedserklæring"),
        ("sv", "Tillgänglighetsredogörelse"),
        ("en", "Accessibility statement"),
    ] {
        let res = client()
            .get(format!("{base}/accessibility"))
            .header("accept-language", lang)
            .send()
            .await
            .expect("statement");
        assert_eq!(res.status(), 200, "{lang}");
        let html = res.text().await.expect("html");
        assert!(html.contains(&format!("<h1>{title}")), "{lang}: {html}");
        assert!(html.contains("https://trivsel.region.example"), "{lang}");
        assert!(html.contains("tilgaengelighed@region.example"), "{lang}");
        assert!(html.contains("WCAG"), "{lang}");
        // Every page's footer links to it, the server's own pages too.
        for path in ["/login", "/report"] {
            let page = client()
                .get(format!("{base}{path}"))
                .header("accept-language", lang)
                .send()
                .await
                .expect("page")
                .text()
                .await
                .expect("html");
            assert!(page.contains("href=\"/accessibility\""), "{path} {lang}");
        }
        let refusal = client()
            .post(format!("{base}/report/case"))
            .header("accept-language", lang)
            .form(&[("receipt", "not a receipt")])
            .send()
            .await
            .expect("refusal")
            .text()
            .await
            .expect("html");
        assert!(refusal.contains("href=\"/accessibility\""), "{lang}");
        assert!(refusal.contains(title), "{lang}: the link's words");
    }
}
