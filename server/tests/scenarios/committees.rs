//! Committees over HTTP: goals cascade only from the committees above; a
//! committee works only on its own goals and documents; a locked annual
//! discussion is kept exactly as locked and nobody can change it; the
//! material goes to the members once; the PDF is for members only.

use crate::support::{
    client, count, login_ok, post, smtp::SmtpSink, unit_id, Store, TestApp, ADMIN, COMMITTEE,
    LEADER,
};
use app::services::{committees, mail::Mailer};
use chrono::Datelike;

/// A committee's id by its name.
pub async fn committee(app: &TestApp, name: &str) -> String {
    sqlx::query_scalar("SELECT id FROM committees WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("committee")
}

async fn goal(app: &TestApp, title: &str) -> String {
    sqlx::query_scalar("SELECT id FROM goals WHERE title = $1")
        .bind(title)
        .fetch_one(&app.db.pool)
        .await
        .expect("goal")
}

fn this_year() -> String {
    app::services::follow_up::today().year().to_string()
}

/// Committees at the region (above the hospital's HMU), at the medical
/// department and at the emergency department (both below it).
async fn committees_around(app: &TestApp) -> (String, String, String, String) {
    for (code, name) in [("REG", "RMU"), ("MED", "LMU Medicin"), ("AKUT", "AMG Akut")] {
        committees::ensure(&app.db.pool, &unit_id(app, code).await, Some(name))
            .await
            .expect("committee");
    }
    (
        committee(app, "RMU").await,
        committee(app, "HMU").await,
        committee(app, "LMU Medicin").await,
        committee(app, "AMG Akut").await,
    )
}

async fn new_goal(
    c: &reqwest::Client,
    app: &TestApp,
    committee: &str,
    title: &str,
    parent: &str,
) -> (u16, String) {
    let year = this_year();
    post(
        c,
        app,
        "committees/goal/new",
        &[
            ("committee", committee),
            ("theme", "wellbeing"),
            ("title", title),
            ("first_year", year.as_str()),
            ("years", "2"),
            ("parent", parent),
        ],
    )
    .await
}

pub async fn goals_cascade_only_from_the_committees_above(store: Store) {
    let app = TestApp::demo(store).await;
    let (rmu, hmu, lmu, amg) = committees_around(&app).await;
    let admin = login_ok(&app, ADMIN).await; // works on every committee
    for (c, title) in [
        (&rmu, "Region: psychological safety"),
        (&amg, "Emergency: calm nights"),
    ] {
        let (status, body) = new_goal(&admin, &app, c, title, "").await;
        assert!(status < 400, "{body}");
    }
    let region = goal(&app, "Region: psychological safety").await;
    let emergency = goal(&app, "Emergency: calm nights").await;

    // The hospital's committee serves the region's goal; the medical
    // department's serves the hospital's and the region's.
    let member = login_ok(&app, COMMITTEE).await; // HMU
    let (status, body) = new_goal(&member, &app, &hmu, "Hospital: safe wards", &region).await;
    assert!(status < 400, "{body}");
    let hospital = goal(&app, "Hospital: safe wards").await;
    for (title, parent) in [
        ("Medicine: board meetings", &hospital),
        ("Medicine: straight to the region", &region),
    ] {
        let (status, body) = new_goal(&admin, &app, &lmu, title, parent).await;
        assert!(status < 400, "{title}: {body}");
    }
    let before = count(&app, "SELECT COUNT(*) FROM goals").await;

    // Outside the hierarchy: below, beside, itself, unknown.
    for (c, parent, who) in [
        (&hmu, &emergency, "a committee below"),
        (&lmu, &emergency, "a committee beside"),
        (&hmu, &hospital, "its own goal"),
        (&rmu, &hospital, "a committee below the region"),
    ] {
        let (status, body) = new_goal(&admin, &app, c, "Refused", parent).await;
        assert_eq!(status, 400, "{who}: {body}");
        assert!(body.contains("error-goal-parent"), "{who}: {body}");
    }
    let (status, body) = new_goal(&admin, &app, &hmu, "Refused", "no-such-goal").await;
    assert_eq!((status, body.contains("error-goal-parent")), (400, true));
    // A removed goal above cannot be served any more.
    let (status, _) = post(
        &admin,
        &app,
        "committees/goal/act",
        &[
            ("goal", &region),
            ("action", "remove"),
            ("reason", "Merged into another goal"),
        ],
    )
    .await;
    assert!(status < 400);
    let (status, _) = new_goal(&member, &app, &hmu, "Refused", &region).await;
    assert_eq!(status, 400);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM goals").await, before);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM goal_adjustments WHERE kind = 'delete'"
        )
        .await,
        1
    );

    // The hospital's page shows the region's live goals above it and who serves them.
    let (status, html) = {
        let r = member
            .get(app.at(&format!("/committees/{hmu}")))
            .header("accept-language", "en")
            .send()
            .await
            .expect("page");
        (r.status().as_u16(), r.text().await.expect("html"))
    };
    assert_eq!(status, 200);
    assert!(html.contains("Hospital: safe wards"));
    assert!(
        html.contains("Serves \"Region: psychological safety\" (RMU)."),
        "{html}"
    );
    assert!(
        !html.contains("Emergency: calm nights"),
        "a committee below is not above"
    );
}

pub async fn a_committee_works_only_on_its_own_goals_and_documents(store: Store) {
    let app = TestApp::demo(store).await;
    let (rmu, hmu, _, _) = committees_around(&app).await;
    let admin = login_ok(&app, ADMIN).await;
    let (status, _) = new_goal(&admin, &app, &rmu, "Region goal", "").await;
    assert!(status < 400);
    let region = goal(&app, "Region goal").await;
    let member = login_ok(&app, COMMITTEE).await;
    let leader = login_ok(&app, LEADER).await;
    let year = this_year();

    // The HMU member cannot change the region's committee's goals or
    // documents; the leader sits on no committee at all.
    for (c, who) in [
        (&member, "member of another committee"),
        (&leader, "leader"),
    ] {
        let (status, _) = new_goal(c, &app, &rmu, "Not mine", "").await;
        assert_eq!(status, 403, "{who}");
        let (status, _) = post(
            c,
            &app,
            "committees/goal/act",
            &[
                ("goal", &region),
                ("action", "status"),
                ("year", &year),
                ("status", "achieved"),
            ],
        )
        .await;
        assert_eq!(status, 403, "{who}");
        let (status, _) = post(
            c,
            &app,
            "committees/discussion/save",
            &[("committee", &rmu), ("year", &year), ("participants", "x")],
        )
        .await;
        assert_eq!(status, 403, "{who}");
        let r = c
            .get(app.at(&format!("/committees/{rmu}/discussion/{year}/pdf")))
            .send()
            .await
            .expect("pdf");
        assert_eq!(r.status(), 403, "{who}");
    }
    let (status, _) = post(&leader, &app, "committees/page", &[("id", &hmu)]).await;
    assert_eq!(status, 403);
    let (status, _) = post(&leader, &app, "committees", &[]).await;
    assert_eq!(status, 403, "no committees for a leader");
    let r = client()
        .get(app.at(&format!("/committees/{hmu}/discussion/{year}/pdf")))
        .send()
        .await
        .expect("pdf");
    assert_eq!(r.status(), 401);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM goal_years WHERE status = 'achieved'"
        )
        .await,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM discussions").await, 0);

    // A measure of the action plan serves the committee's own goal, and its
    // problem says so; a goal of another committee cannot take it.
    let (status, _) = new_goal(&member, &app, &hmu, "Hospital goal", "").await;
    assert!(status < 400);
    let own = goal(&app, "Hospital goal").await;
    let (status, _) = post(
        &member,
        &app,
        "follow-up/problem/new",
        &[("unit", &unit_id(&app, "KIR-OP").await), ("title", "Lifts")],
    )
    .await;
    assert!(status < 400);
    let problem: String = sqlx::query_scalar("SELECT id FROM problems")
        .fetch_one(&app.db.pool)
        .await
        .expect("problem");
    let deadline =
        app::services::follow_up::day(app::services::follow_up::today() + chrono::Days::new(20));
    let (status, _) = post(
        &member,
        &app,
        "follow-up/measure/new",
        &[
            ("problem", &problem),
            ("title", "Lift training"),
            ("owner_name", "Ulla"),
            ("deadline", &deadline),
        ],
    )
    .await;
    assert!(status < 400);
    let measure: String = sqlx::query_scalar("SELECT id FROM measures")
        .fetch_one(&app.db.pool)
        .await
        .expect("measure");
    let (status, _) = post(
        &member,
        &app,
        "committees/goal/act",
        &[("goal", &region), ("action", "link"), ("measure", &measure)],
    )
    .await;
    assert_eq!(status, 403, "another committee's goal");
    let (status, _) = post(
        &member,
        &app,
        "committees/goal/act",
        &[("goal", &own), ("action", "link"), ("measure", &measure)],
    )
    .await;
    assert!(status < 400);
    let html = member
        .get(app.at(&format!("/follow-up/{problem}")))
        .header("accept-language", "en")
        .send()
        .await
        .expect("problem")
        .text()
        .await
        .expect("html")
        .replace("<!>", "");
    assert!(
        html.contains("<dt>Serves the goal</dt><dd>Hospital goal</dd>"),
        "{html}"
    );

    // Their own committee's PDF: real PDF bytes for the member.
    let r = member
        .get(app.at(&format!("/committees/{hmu}/discussion/{year}/pdf")))
        .send()
        .await
        .expect("pdf");
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    let bytes = r.bytes().await.expect("bytes");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
}

pub async fn a_locked_discussion_is_kept_as_locked_and_nobody_can_change_it(store: Store) {
    let app = TestApp::demo(store).await;
    let hmu = committee(&app, "HMU").await;
    let member = login_ok(&app, COMMITTEE).await;
    let admin = login_ok(&app, ADMIN).await;
    let year = this_year();
    let (status, _) = new_goal(&member, &app, &hmu, "Calm handovers", "").await;
    assert!(status < 400);

    let (status, body) = post(
        &member,
        &app,
        "committees/discussion/step",
        &[("committee", &hmu), ("year", &year), ("step", "lock")],
    )
    .await;
    assert_eq!(
        (status, body.contains("error-discussion-empty")),
        (400, true)
    );
    let save = |participants: &'static str, date: &'static str| {
        let (hmu, year) = (hmu.clone(), year.clone());
        let member = member.clone();
        let app = &app;
        async move {
            post(
                &member,
                app,
                "committees/discussion/save",
                &[
                    ("committee", hmu.as_str()),
                    ("year", year.as_str()),
                    ("meeting_on", date),
                    ("participants", participants),
                    ("evaluation", "The goal moved."),
                    ("decisions", "Keep the board meetings."),
                ],
            )
            .await
        }
    };
    let (status, body) = save("", "31-12-2026").await;
    assert_eq!((status, body.contains("error-date")), (400, true), "{body}");
    let (status, _) = save("", "").await;
    assert!(status < 400);
    let (status, body) = post(
        &member,
        &app,
        "committees/discussion/step",
        &[("committee", &hmu), ("year", &year), ("step", "lock")],
    )
    .await;
    assert_eq!(
        (status, body.contains("error-lock-incomplete")),
        (400, true)
    );
    let (status, _) = save("Ulla Udvalg, Lene Leder", "2026-12-10").await;
    assert!(status < 400);
    let (status, body) = post(
        &member,
        &app,
        "committees/discussion/step",
        &[("committee", &hmu), ("year", &year), ("step", "lock")],
    )
    .await;
    assert!(status < 400, "{body}");
    let stored = || async {
        sqlx::query_as::<_, (String, String, String, Option<String>)>(
            "SELECT state, participants, decisions, document FROM discussions WHERE committee_id = $1",
        )
        .bind(&hmu)
        .fetch_one(&app.db.pool)
        .await
        .expect("discussion")
    };
    let locked = stored().await;
    assert_eq!(locked.0, "locked");
    let document = locked.3.clone().expect("the signed-off document is stored");
    assert!(document.contains("Calm handovers") && document.contains("Ulla Udvalg, Lene Leder"));

    // Nobody can change it: not the member, not an administrator, by any step.
    for c in [&member, &admin] {
        let (status, body) = post(
            c,
            &app,
            "committees/discussion/save",
            &[
                ("committee", &hmu),
                ("year", &year),
                ("participants", "Someone else"),
                ("decisions", "Changed"),
            ],
        )
        .await;
        assert_eq!(
            (status, body.contains("error-locked")),
            (400, true),
            "{body}"
        );
        for step in ["lock", "prepare"] {
            let (status, body) = post(
                c,
                &app,
                "committees/discussion/step",
                &[("committee", &hmu), ("year", &year), ("step", step)],
            )
            .await;
            assert_eq!(
                (status, body.contains("error-locked")),
                (400, true),
                "{step}: {body}"
            );
        }
    }
    assert_eq!(stored().await, locked, "unchanged, to the byte");

    // What the document was built from changes later; the locked version
    // does not, and the page and the PDF serve the stored one.
    let g = goal(&app, "Calm handovers").await;
    let (status, _) = post(
        &member,
        &app,
        "committees/goal/act",
        &[
            ("goal", &g),
            ("action", "adjust"),
            ("title", "Renamed later"),
            ("reason", "Clearer"),
        ],
    )
    .await;
    assert!(status < 400);
    let page = member
        .get(app.at(&format!("/committees/{hmu}/discussion/{year}")))
        .header("accept-language", "en")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Calm handovers"), "the locked document");
    assert!(!page.contains("Renamed later"));
    assert!(
        !page.contains("name=\"participants\""),
        "no form on a locked discussion"
    );
    assert!(page.contains("data-testid=\"signed\""));
}

pub async fn the_discussion_material_reaches_the_members_once(store: Store) {
    let app = TestApp::demo(store).await;
    let sink = SmtpSink::start().await;
    let mailer =
        Mailer::new(&sink.smtp_url, "Trivsel <trivsel@test.invalid>", &app.base).expect("mailer");
    let hmu = committee(&app, "HMU").await;
    let member = login_ok(&app, COMMITTEE).await;
    let year = this_year();
    let (status, body) = post(
        &member,
        &app,
        "committees/discussion/step",
        &[("committee", &hmu), ("year", &year), ("step", "prepare")],
    )
    .await;
    assert_eq!(
        (status, body.contains("error-discussion-empty")),
        (400, true)
    );
    let (status, _) = post(
        &member,
        &app,
        "committees/discussion/save",
        &[("committee", &hmu), ("year", &year), ("worked", "Yes")],
    )
    .await;
    assert!(status < 400);
    let (status, _) = post(
        &member,
        &app,
        "committees/discussion/step",
        &[("committee", &hmu), ("year", &year), ("step", "prepare")],
    )
    .await;
    assert!(status < 400);
    let (a, b) = tokio::join!(
        committees::discussions::send_material(&app.db, &mailer),
        committees::discussions::send_material(&app.db, &mailer)
    );
    assert_eq!(a.expect("a") + b.expect("b"), 1, "one member, one mail");
    let got = sink.messages().await;
    assert_eq!(got.len(), 1);
    let (to, subject, text) = &got[0];
    assert_eq!(to, COMMITTEE);
    assert!(
        subject.contains(&year) && subject.contains("HMU"),
        "{subject}"
    );
    assert!(
        text.contains(&format!("{}/committees/{hmu}/discussion/{year}", app.base)),
        "{text}"
    );
    assert_eq!(
        committees::discussions::send_material(&app.db, &mailer)
            .await
            .expect("again"),
        0
    );
}
