//! A staff form that creates something is sent once: the same form sent
//! twice — a double click, a resent page, Back and Send, two sendings racing
//! — makes one goal, one survey, one problem; the second is refused as
//! already sent, with JavaScript (an error as data) and without (back to
//! the page with the error). A form the server refused may be corrected and
//! sent again with the same value, and a new drawing of the form (a new
//! value) makes a second thing when one is meant.

use crate::support::{count, login_ok, post, Store, TestApp, ADMIN, COMMITTEE};
use chrono::Datelike;

async fn goals_titled(app: &TestApp, title: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM goals WHERE title = $1")
        .bind(title)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

pub async fn a_staff_form_sent_twice_makes_one_thing(store: Store) {
    let app = TestApp::demo(store).await;
    let hmu = crate::scenarios::committees::committee(&app, "HMU").await;
    let member = login_ok(&app, COMMITTEE).await;
    let year = app::services::follow_up::today().year().to_string();
    let goal = |title: &'static str, once: &'static str| {
        let (hmu, year) = (hmu.clone(), year.clone());
        let member = member.clone();
        let app = &app;
        async move {
            post(
                &member,
                app,
                "committees/goal/new",
                &[
                    ("committee", hmu.as_str()),
                    ("theme", "wellbeing"),
                    ("title", title),
                    ("first_year", year.as_str()),
                    ("years", "1"),
                    ("parent", ""),
                    ("__once", once),
                ],
            )
            .await
        }
    };

    // Twice the same form: one goal; the second is refused as already sent.
    let (status, _) = goal("Handovers at seven", "v1-aaaaaaaaaaaaaaaaaaaaaaaa").await;
    assert!(status < 400, "{status}");
    let (status, body) = goal("Handovers at seven", "v1-aaaaaaaaaaaaaaaaaaaaaaaa").await;
    assert_eq!(
        (status, body.contains("error-already-sent")),
        (400, true),
        "{body}"
    );
    assert_eq!(goals_titled(&app, "Handovers at seven").await, 1);

    // Two sendings at the same moment: still one.
    let (a, b) = tokio::join!(
        goal("Quiet nights", "v2-bbbbbbbbbbbbbbbbbbbbbbbb"),
        goal("Quiet nights", "v2-bbbbbbbbbbbbbbbbbbbbbbbb")
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert!(statuses[0] < 400 && statuses[1] == 400, "{statuses:?}");
    assert_eq!(goals_titled(&app, "Quiet nights").await, 1);

    // A refused form gives its value back: corrected, it goes through.
    let (status, _) = goal("", "v3-cccccccccccccccccccccccc").await;
    assert_eq!(status, 400, "a goal needs a title");
    let (status, _) = goal("Named at last", "v3-cccccccccccccccccccccccc").await;
    assert!(status < 400, "the corrected form is sent: {status}");
    assert_eq!(goals_titled(&app, "Named at last").await, 1);

    // A new drawing of the form is a new form.
    let (status, _) = goal("Handovers at seven", "v4-dddddddddddddddddddddddd").await;
    assert!(status < 400);
    assert_eq!(goals_titled(&app, "Handovers at seven").await, 2);

    // Without JavaScript: the second sending comes back to the form's page
    // with the error, and makes nothing.
    let admin = login_ok(&app, ADMIN).await;
    let before = count(&app, "SELECT COUNT(*) FROM custom_dimensions").await;
    let no_js = |once: &'static str| {
        let admin = admin.clone();
        let app = &app;
        async move {
            admin
                .post(app.at("/api/questions/theme"))
                .header("accept", "text/html")
                .header("accept-language", "en")
                .form(&[
                    ("name_da", "Pauser"),
                    ("name_sv", "Pauser"),
                    ("name_en", "Breaks"),
                    ("__back", "/questions"),
                    ("__once", once),
                ])
                .send()
                .await
                .expect("post")
        }
    };
    let first = no_js("v5-eeeeeeeeeeeeeeeeeeeeeeee").await;
    assert!(first.status().is_redirection(), "{}", first.status());
    let second = no_js("v5-eeeeeeeeeeeeeeeeeeeeeeee").await;
    assert!(second.status().is_redirection());
    let location = second
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // Leptos carries a no-JavaScript form's error in the URL, as base64 JSON.
    let err = location
        .split("__err=")
        .nth(1)
        .map(|e| e.replace("%3D", "="))
        .and_then(|e| base64::Engine::decode(&base64::engine::general_purpose::STANDARD, e).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    assert!(
        location.starts_with("/questions") && err.contains("error-already-sent"),
        "{location}: {err}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM custom_dimensions").await,
        before + 1
    );
}
