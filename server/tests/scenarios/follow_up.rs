//! Follow-up over HTTP: a problem born from a figure keeps the figure only
//! while the results' rules publish it; leaders and committees work only in
//! their scope; bad input is refused with its message and writes nothing;
//! overdue reminders go out once even when two instances race; employees see
//! completed measures before answering, without names or figures.

use super::{
    answering::{open_pulse, print_cards},
    results::{cell, medical_round},
};
use crate::support::{
    client, count, login_ok, page, post, smtp::SmtpSink, unit_id, Store, TestApp, COMMITTEE,
    HANDLER, LEADER,
};
use app::services::{
    accounts,
    follow_up::{self, plans, problems, reminders},
    mail::Mailer,
};
use chrono::{Datelike, Days};

async fn problem_at(app: &TestApp, unit: &str) -> String {
    sqlx::query_scalar("SELECT id FROM problems WHERE unit_id = $1 ORDER BY created_on, id")
        .bind(unit)
        .fetch_one(&app.db.pool)
        .await
        .expect("problem")
}

fn figure(html: &str) -> String {
    html.split("data-testid=\"problem-figure\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or_else(|| panic!("no figure in {html}"))
        .to_owned()
}

async fn user(app: &TestApp, email: &str) -> app::model::SessionUser {
    let id = crate::support::account_id(app, email).await;
    accounts::session_user(&app.db, &id)
        .await
        .expect("user")
        .expect("exists")
}

pub async fn a_problem_from_a_figure_keeps_it_only_while_the_rules_publish_it(store: Store) {
    let app = TestApp::demo(store).await;
    let round = medical_round(&app).await;
    let med = unit_id(&app, "MED").await;
    let m1 = unit_id(&app, "MED-M1").await;
    let committee = login_ok(&app, COMMITTEE).await;
    let (_, dashboard) = page(
        &committee,
        &app,
        &format!("/results/unit/{med}?round={round}"),
    )
    .await;
    let published = cell(&dashboard, "psychological-safety");
    assert!(
        published.parse::<f64>().is_ok(),
        "the department's score is shown: {published}"
    );
    assert!(
        dashboard.contains("Make a problem of it"),
        "every theme offers the button"
    );

    let (status, body) = post(
        &committee,
        &app,
        "follow-up/problem/from-result",
        &[
            ("round", &round),
            ("unit", &med),
            ("dimension", "psychological-safety"),
        ],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let p = problem_at(&app, &med).await;
    let (status, html) = page(&committee, &app, &format!("/follow-up/{p}")).await;
    assert_eq!(status, 200);
    assert_eq!(figure(&html), format!("Score {published}"), "as published");
    assert!(
        html.contains("Results: Psychological safety, Results test"),
        "the source"
    );
    assert!(
        html.contains("data-testid=\"trend-psychological-safety\""),
        "the trend"
    );

    // Ward M1's figure is hidden (11 − 6 would reveal ward M2's 5): the
    // problem keeps the reason, and no number is stored at all.
    let (status, body) = post(
        &committee,
        &app,
        "follow-up/problem/from-result",
        &[
            ("round", &round),
            ("unit", &m1),
            ("dimension", "psychological-safety"),
        ],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let hidden = problem_at(&app, &m1).await;
    let kept: (Option<i64>, Option<i64>, Option<String>, String) = sqlx::query_as(
        "SELECT figure_tenths, previous_tenths, figure_hidden, title FROM problems WHERE id = $1",
    )
    .bind(&hidden)
    .fetch_one(&app.db.pool)
    .await
    .expect("kept");
    assert_eq!(
        (kept.0, kept.1, kept.2.as_deref()),
        (None, None, Some("would_reveal"))
    );
    assert_eq!(
        kept.3, "Psychological safety in Sengeafsnit M1 (Results test #1)",
        "the title names the theme, the unit and the round, never a figure"
    );
    let (_, html) = page(&committee, &app, &format!("/follow-up/{hidden}")).await;
    assert_eq!(
        figure(&html),
        "Hidden: showing it would reveal a smaller group's answers"
    );

    // The organisation raises k above the department's eleven answers: the
    // round keeps the thresholds it opened with (decided again at another,
    // other cells could be hidden and two looks isolate a smaller group),
    // so the figure the problem kept stays shown.
    sqlx::query("UPDATE organisation SET k_score = 12")
        .execute(&app.db.pool)
        .await
        .expect("k");
    let (_, html) = page(&committee, &app, &format!("/follow-up/{p}")).await;
    assert_eq!(figure(&html), format!("Score {published}"));
}

pub async fn leaders_and_committees_work_only_in_their_scope(store: Store) {
    let app = TestApp::demo(store).await;
    let (m1, akut, op, region) = (
        unit_id(&app, "MED-M1").await,
        unit_id(&app, "AKUT-DAG").await,
        unit_id(&app, "KIR-OP").await,
        unit_id(&app, "REG").await,
    );
    let leader = login_ok(&app, LEADER).await;
    let committee = login_ok(&app, COMMITTEE).await;
    let handler = login_ok(&app, HANDLER).await;

    let new = |unit: &str, title: &str| {
        vec![
            ("unit", unit.to_owned()),
            ("title", title.to_owned()),
            ("description", String::new()),
        ]
    };
    let form = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    // The leader (medical department) in and out of scope; the hospital
    // committee inside and above its scope.
    for (c, unit, title, ok) in [
        (&leader, &m1, "Ward M1: too many interruptions", true),
        (&leader, &akut, "Not the leader's unit", false),
        (&committee, &op, "Patient lifts in theatre 3", true),
        (&committee, &region, "Above the committee", false),
    ] {
        let f = form(&new(unit, title));
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = post(c, &app, "follow-up/problem/new", &pairs).await;
        if ok {
            assert!(status < 400, "{title}: {status} {body}");
        } else {
            assert_eq!(status, 403, "{title}: {body}");
        }
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM problems").await,
        2,
        "nothing written when refused"
    );
    let ward = problem_at(&app, &m1).await;
    let theatre = problem_at(&app, &op).await;

    // Reading: the leader sees the ward's problem, not the theatre's.
    let (_, mine) = page(&leader, &app, "/follow-up").await;
    assert!(mine.contains("Ward M1: too many interruptions"));
    assert!(!mine.contains("Patient lifts in theatre 3"));
    let (_, all) = page(&committee, &app, "/follow-up").await;
    assert!(
        all.contains("Ward M1: too many interruptions")
            && all.contains("Patient lifts in theatre 3")
    );
    let (status, _) = page(&leader, &app, &format!("/follow-up/{theatre}")).await;
    assert_eq!(status, 403);
    let (status, _) = page(&leader, &app, &format!("/follow-up/{ward}")).await;
    assert_eq!(status, 200);

    // Changing: every change to the theatre's problem is refused to the leader.
    let deadline = follow_up::day(follow_up::today() + Days::new(10));
    for (path, f) in [
        (
            "follow-up/assess",
            vec![
                ("problem", theatre.as_str()),
                ("likelihood", "3"),
                ("consequence", "3"),
            ],
        ),
        (
            "follow-up/measure/new",
            vec![
                ("problem", theatre.as_str()),
                ("title", "Training"),
                ("owner_name", "Someone"),
                ("deadline", deadline.as_str()),
            ],
        ),
        (
            "follow-up/problem/state",
            vec![("problem", theatre.as_str()), ("to", "close")],
        ),
    ] {
        let (status, body) = post(&leader, &app, path, &f).await;
        assert_eq!(status, 403, "{path}: {body}");
    }
    let (status, _) = post(
        &committee,
        &app,
        "follow-up/measure/new",
        &[
            ("problem", theatre.as_str()),
            ("title", "Training"),
            ("owner_name", "Someone"),
            ("deadline", deadline.as_str()),
        ],
    )
    .await;
    assert!(status < 400);
    let measure: String = sqlx::query_scalar("SELECT id FROM measures WHERE problem_id = $1")
        .bind(&theatre)
        .fetch_one(&app.db.pool)
        .await
        .expect("measure");
    let (status, _) = post(
        &leader,
        &app,
        "follow-up/measure/update",
        &[
            ("measure", measure.as_str()),
            ("status", "done"),
            ("deadline", deadline.as_str()),
        ],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM risk_assessments").await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM measures WHERE status = 'planned'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM problems WHERE closed_on IS NOT NULL"
        )
        .await,
        0
    );

    // Report handlers and strangers have no follow-up at all.
    let (status, _) = post(&handler, &app, "follow-up", &[]).await;
    assert_eq!(status, 403);
    let (status, _) = post(&client(), &app, "follow-up", &[]).await;
    assert_eq!(status, 401);
    let (status, _) = page(&leader, &app, "/follow-up/no-such-problem").await;
    assert_eq!(status, 404);
}

pub async fn bad_follow_up_input_gets_its_message_and_changes_nothing(store: Store) {
    let app = TestApp::demo(store).await;
    let m1 = unit_id(&app, "MED-M1").await;
    let leader = login_ok(&app, LEADER).await;
    let long = "x".repeat(201);
    for (title, key) in [
        ("", "error-title-missing"),
        ("   ", "error-title-missing"),
        (long.as_str(), "error-title-long"),
    ] {
        let (status, body) = post(
            &leader,
            &app,
            "follow-up/problem/new",
            &[("unit", &m1), ("title", title)],
        )
        .await;
        assert_eq!((status, body.contains(key)), (400, true), "{body}");
    }
    let (status, _) = post(
        &leader,
        &app,
        "follow-up/problem/new",
        &[("unit", "nope"), ("title", "T")],
    )
    .await;
    assert_eq!(status, 403, "an unknown unit is outside every scope");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM problems").await, 0);

    let (status, _) = post(
        &leader,
        &app,
        "follow-up/problem/new",
        &[("unit", &m1), ("title", "Noise")],
    )
    .await;
    assert!(status < 400);
    let p = problem_at(&app, &m1).await;
    for (l, c) in [
        ("0", "3"),
        ("6", "3"),
        ("3", "6"),
        ("x", "2"),
        ("2.5", "2"),
        ("", ""),
    ] {
        let (status, body) = post(
            &leader,
            &app,
            "follow-up/assess",
            &[("problem", &p), ("likelihood", l), ("consequence", c)],
        )
        .await;
        assert_eq!(status, 400, "{l}×{c}");
        assert!(body.contains("error-grid-value"), "{body}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM risk_assessments").await,
        0
    );
    // The message in the reader's language, through the page's own form.
    let res = leader
        .post(app.at("/api/follow-up/assess"))
        .header("accept", "text/html")
        .header("accept-language", "da")
        .form(&[
            ("problem", p.as_str()),
            ("likelihood", "7"),
            ("consequence", "1"),
            ("__back", &format!("/follow-up/{p}")),
        ])
        .send()
        .await
        .expect("post");
    let back = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(back.starts_with(&format!("/follow-up/{p}")), "{back}");
    let (status, html) = {
        let r = leader
            .get(app.at(&back))
            .header("accept-language", "da")
            .send()
            .await
            .expect("back");
        (r.status().as_u16(), r.text().await.expect("html"))
    };
    assert_eq!(status, 400);
    assert!(
        html.contains("Vælg en sandsynlighed og en konsekvens fra 1 til 5."),
        "{html}"
    );

    let today = follow_up::today();
    let (yesterday, soon, later) = (
        follow_up::day(today - Days::new(1)),
        follow_up::day(today + Days::new(7)),
        follow_up::day(today + Days::new(30)),
    );
    let cases: [(&str, &str, &str, &str, &str, &str); 6] = [
        (
            "Training",
            "Lene",
            "",
            yesterday.as_str(),
            "",
            "error-deadline-past",
        ),
        ("Training", "Lene", "", "2026-13-40", "", "error-date"),
        ("Training", "Lene", "", "", "", "error-date"),
        ("Training", "", "", soon.as_str(), "", "error-owner-missing"),
        (
            "Training",
            "Lene",
            "not-an-address",
            soon.as_str(),
            "",
            "error-owner-email",
        ),
        (
            "Training",
            "Lene",
            "",
            later.as_str(),
            soon.as_str(),
            "error-follow-up-early",
        ),
    ];
    for (title, owner, email, deadline, follow, key) in cases {
        let (status, body) = post(
            &leader,
            &app,
            "follow-up/measure/new",
            &[
                ("problem", p.as_str()),
                ("title", title),
                ("owner_name", owner),
                ("owner_email", email),
                ("deadline", deadline),
                ("follow_up", follow),
            ],
        )
        .await;
        assert_eq!((status, body.contains(key)), (400, true), "{key}: {body}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM measures").await, 0);

    let (status, _) = post(
        &leader,
        &app,
        "follow-up/measure/new",
        &[
            ("problem", p.as_str()),
            ("title", "Quiet room"),
            ("owner_name", "Lene"),
            ("deadline", soon.as_str()),
        ],
    )
    .await;
    assert!(status < 400);
    let m: String = sqlx::query_scalar("SELECT id FROM measures")
        .fetch_one(&app.db.pool)
        .await
        .expect("measure");
    let (status, body) = post(
        &leader,
        &app,
        "follow-up/measure/update",
        &[
            ("measure", m.as_str()),
            ("status", "finished"),
            ("deadline", soon.as_str()),
        ],
    )
    .await;
    assert_eq!((status, body.contains("error-status")), (400, true));
    // An existing measure's deadline may be corrected into the past (it is
    // then overdue); a new one's may not.
    let (status, _) = post(
        &leader,
        &app,
        "follow-up/measure/update",
        &[
            ("measure", m.as_str()),
            ("status", "in_progress"),
            ("deadline", yesterday.as_str()),
        ],
    )
    .await;
    assert!(status < 400);
    let (_, html) = page(&leader, &app, "/follow-up").await;
    assert!(
        html.contains("data-testid=\"overdue\""),
        "overdue is highlighted"
    );

    let (status, _) = post(
        &leader,
        &app,
        "follow-up/problem/state",
        &[("problem", p.as_str()), ("to", "close")],
    )
    .await;
    assert!(status < 400);
    let (status, body) = post(
        &leader,
        &app,
        "follow-up/measure/new",
        &[
            ("problem", p.as_str()),
            ("title", "Late idea"),
            ("owner_name", "Lene"),
            ("deadline", soon.as_str()),
        ],
    )
    .await;
    assert_eq!((status, body.contains("error-problem-closed")), (400, true));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM measures").await, 1);
}

pub async fn overdue_owners_are_reminded_once_even_when_two_instances_race(store: Store) {
    let app = TestApp::demo(store).await;
    let sink = SmtpSink::start().await;
    let mailer = || {
        Mailer::new(&sink.smtp_url, "Trivsel <trivsel@test.invalid>", &app.base).expect("mailer")
    };
    let leader = user(&app, LEADER).await;
    let today = follow_up::today();
    let p = problems::create(
        &app.db,
        &leader,
        &problems::NewProblem {
            unit: &unit_id(&app, "MED").await,
            title: "Night shifts",
            description: "",
        },
        today,
    )
    .await
    .expect("db")
    .expect("created");
    let soon = follow_up::day(today + Days::new(3));
    let add = |title: &'static str, email: &'static str| plans::NewMeasure {
        title,
        owner_name: "Owner",
        owner_email: email,
        deadline: &soon,
        follow_up: "",
    };
    for (title, email) in [
        ("Overdue with owner", LEADER),
        ("Overdue, no e-mail", ""),
        ("Done late", LEADER),
    ] {
        plans::add(&app.db, &leader, &p, &add(title, email), today)
            .await
            .expect("db")
            .expect("added");
    }
    // Time passes: the deadlines are two days ago; one measure was done.
    sqlx::query("UPDATE measures SET deadline = $1")
        .bind(follow_up::day(today - Days::new(2)))
        .execute(&app.db.pool)
        .await
        .expect("backdate");
    sqlx::query("UPDATE measures SET status = 'done', done_on = $1 WHERE title = 'Done late'")
        .bind(follow_up::day(today))
        .execute(&app.db.pool)
        .await
        .expect("done");

    // Two instances run the job at the same moment: one reminder in all.
    let (a, b) = (mailer(), mailer());
    let (x, y) = tokio::join!(
        reminders::remind_overdue(&app.db, &a, today),
        reminders::remind_overdue(&app.db, &b, today)
    );
    assert_eq!(x.expect("a") + y.expect("b"), 1);
    let got = sink.messages().await;
    assert_eq!(got.len(), 1, "{got:?}");
    let (to, subject, text) = &got[0];
    assert_eq!(to, LEADER);
    assert_eq!(
        subject, "Tiltag over fristen: Overdue with owner",
        "in the owner's language"
    );
    assert!(
        text.contains(&format!("{}/follow-up/{p}", app.base)),
        "{text}"
    );
    assert!(text.contains("Night shifts"), "{text}");

    // Not again the same day, nor the next; again a week later.
    assert_eq!(
        reminders::remind_overdue(&app.db, &a, today)
            .await
            .expect("again"),
        0
    );
    assert_eq!(
        reminders::remind_overdue(&app.db, &a, today + Days::new(1))
            .await
            .expect("tomorrow"),
        0
    );
    assert_eq!(
        reminders::remind_overdue(&app.db, &a, today + Days::new(7))
            .await
            .expect("a week"),
        1
    );
    assert_eq!(sink.messages().await.len(), 2);
}

pub async fn employees_see_completed_measures_without_names_or_figures(store: Store) {
    let app = TestApp::demo(store).await;
    let round = medical_round(&app).await;
    let med = unit_id(&app, "MED").await;
    let committee = user(&app, COMMITTEE).await;
    let today = follow_up::today();
    // A problem from the department's figure, with a done and an open measure;
    // a done measure in another department.
    let p = problems::create_from_result(
        &app.db,
        &committee,
        app::i18n::Lang::En,
        &round,
        &med,
        "psychological-safety",
        today,
    )
    .await
    .expect("db")
    .expect("created");
    let kir = problems::create(
        &app.db,
        &committee,
        &problems::NewProblem {
            unit: &unit_id(&app, "KIR").await,
            title: "Theatre",
            description: "",
        },
        today,
    )
    .await
    .expect("db")
    .expect("created");
    let soon = follow_up::day(today + Days::new(5));
    for (problem, title, done) in [
        (&p, "Weekly board meetings on both wards", true),
        (&p, "Not finished yet", false),
        (&kir, "Surgery's own measure", true),
    ] {
        let id = plans::add(
            &app.db,
            &committee,
            problem,
            &plans::NewMeasure {
                title,
                owner_name: "Owner Olsen-Private",
                owner_email: "",
                deadline: &soon,
                follow_up: "",
            },
            today,
        )
        .await
        .expect("db")
        .expect("added");
        if done {
            plans::update(
                &app.db,
                &committee,
                &id,
                &plans::MeasureUpdate {
                    status: "done",
                    deadline: &soon,
                    follow_up: "",
                    outcome: "Held every Tuesday",
                },
                today,
            )
            .await
            .expect("db")
            .expect("updated");
        }
    }
    let score: Option<i64> = sqlx::query_scalar("SELECT figure_tenths FROM problems WHERE id = $1")
        .bind(&p)
        .fetch_one(&app.db.pool)
        .await
        .expect("figure");

    // An employee of ward M1 opens the next round by code.
    let next = open_pulse(&app, "MED").await;
    let code = print_cards(&app, &next, "MED-M1", 1).await.remove(0);
    let (status, html) = page(&client(), &app, &format!("/a/{code}")).await;
    assert_eq!(status, 200);
    let since = html
        .split("data-testid=\"since-last\"")
        .nth(1)
        .and_then(|s| s.split("</ul>").next())
        .unwrap_or_else(|| panic!("no summary in {html}"));
    assert!(
        since.contains("Weekly board meetings on both wards"),
        "{since}"
    );
    assert!(since.contains("Medicinsk afdeling"), "{since}");
    for absent in [
        "Owner Olsen-Private",
        "Not finished yet",
        "Surgery's own measure",
        "Held every Tuesday",
    ] {
        assert!(!html.contains(absent), "{absent} must not show");
    }
    let score = score.expect("the department's score was published") as f64 / 10.0;
    let words = since.replace(&follow_up::day(today), "");
    assert!(
        !words.contains(&format!("{score:.0}")),
        "no figure: {since}"
    );

    // The department's measure reaches its other ward too; surgery's never.
    let code = print_cards(&app, &next, "MED-M2", 1).await.remove(0);
    let (_, html) = page(&client(), &app, &format!("/a/{code}")).await;
    assert!(html.contains("Weekly board meetings on both wards"));
    assert!(!html.contains("Surgery's own measure"));
}

/// Enters one unit's sickness absence for `period` by hand, as `c`; it must
/// be taken.
pub async fn enter_absence(
    c: &reqwest::Client,
    app: &TestApp,
    period: &str,
    (unit, lost, possible): (&str, &str, &str),
) {
    let (status, body) = post(
        c,
        app,
        "follow-up/absence",
        &[
            ("unit", unit),
            ("period", period),
            ("days_lost", lost),
            ("days_possible", possible),
        ],
    )
    .await;
    assert!(status < 400, "{status} {body}");
}

/// The row of `unit_name` in an absence table, without hydration markers.
pub fn absence_row(table: &str, unit_name: &str) -> String {
    table
        .split("<tr>")
        .find(|r| r.contains(&format!(">{unit_name}<")))
        .unwrap_or_else(|| panic!("no row for {unit_name} in {table}"))
        .replace("<!>", "")
}

/// The sickness-absence table of the follow-up page, as `c` sees it.
pub async fn absence_table(c: &reqwest::Client, app: &TestApp) -> String {
    let (_, html) = page(c, app, "/follow-up").await;
    html.split("data-testid=\"absence\"")
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .unwrap_or_else(|| panic!("no absence table in {html}"))
        .to_owned()
}

pub async fn sickness_absence_is_shown_only_under_the_group_size_rule(store: Store) {
    let app = TestApp::demo(store).await;
    let leader = login_ok(&app, LEADER).await; // the medical department
                                               // Refused as a whole: a unit outside the scope, a bad quarter, a bad line.
    for (csv, key) in [
        (
            "MED;2026-Q3;30;744;12\nAKUT;2026-Q3;1;100;30",
            "error-absence-unit",
        ),
        ("MED;2026-Q5;30;744;12", "error-absence-period"),
        (
            "MED;2026-Q3;30;744;12\nMED-M1;2026-Q3;900;558;9",
            "error-absence-number",
        ),
        ("MED;2026-Q3;30", "error-absence-csv"),
    ] {
        let (status, body) = post(&leader, &app, "follow-up/absence/import", &[("csv", csv)]).await;
        assert_eq!((status, body.contains(key)), (400, true), "{csv}: {body}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM absence").await,
        0,
        "nothing half-written"
    );

    // The same through the page's file upload: the outcome comes back in
    // the address, and the page shows it with the refusal's status.
    let upload = |csv: &'static str| {
        let leader = leader.clone();
        let url = app.at("/follow-up/absence/upload");
        async move {
            let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
                .file_name("absence.csv")
                .mime_str("text/csv")
                .expect("mime");
            let res = leader
                .post(url)
                .multipart(reqwest::multipart::Form::new().part("file", part))
                .send()
                .await
                .expect("upload");
            assert_eq!(res.status(), 303);
            res.headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        }
    };
    let back = upload("MED;2026-Q1;30;744;12\nMED-M1;2026-Q1;900;558;9").await;
    assert_eq!(back, "/follow-up?absence=error-absence-number");
    let (status, html) = page(&leader, &app, &back).await;
    assert_eq!(status, 400);
    assert!(html.contains("Give the days as numbers"), "{html}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM absence").await, 0);
    let (status, _) = page(&leader, &app, "/follow-up?absence=error-made-up").await;
    assert_eq!(status, 200, "only the route's own outcomes are read");
    let back = upload("MED-M2;2026-Q1;10;600;10\n").await;
    assert_eq!(back, "/follow-up?absence=saved-1");
    let (_, html) = page(&leader, &app, &back).await;
    assert!(html.contains("One figure was saved."));
    sqlx::query("DELETE FROM absence")
        .execute(&app.db.pool)
        .await
        .expect("clear");

    // The department (44 people by the tree), wards M1 (22) and M2 (18) and
    // the clinic (4): the clinic is below k itself, and the department minus
    // both wards would be the clinic's four, so one ward is hidden too. (An
    // old file's fifth column, the people, is ignored.)
    let csv = "unit;period;days_lost;days_possible;headcount\n\
               MED;2026-Q3;30,5;744;12\nMED-M1;2026-Q3;20;558;9\nMED-AMB;2026-Q3;3;248;4\n";
    let (status, body) = post(&leader, &app, "follow-up/absence/import", &[("csv", csv)]).await;
    assert!(status < 400, "{body}");
    let (status, body) = post(
        &leader,
        &app,
        "follow-up/absence",
        &[
            ("unit", "MED-M2"),
            ("period", "2026-q3"),
            ("days_lost", "12"),
            ("days_possible", "600"),
        ],
    )
    .await;
    assert!(status < 400, "{body}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM absence").await, 4);
    let table = absence_table(&leader, &app).await;
    let row = |unit: &str, period: &str| {
        table
            .split("<tr>")
            .find(|r| r.contains(&format!(">{unit}<")) && r.contains(period))
            .unwrap_or_else(|| panic!("no row {unit} {period} in {table}"))
            .replace("<!>", "")
    };
    let department = row("Medicinsk afdeling", "2026-Q3");
    assert!(department.contains("4.1 %"), "30.5 of 744: {department}");
    assert!(
        department.contains(">44<"),
        "the tree's headcount: {department}"
    );
    let (m1, m2) = (
        row("Sengeafsnit M1", "2026-Q3"),
        row("Sengeafsnit M2", "2026-Q3"),
    );
    let hidden = [&m1, &m2]
        .iter()
        .filter(|r| r.contains("Hidden: showing it would reveal"))
        .count();
    assert_eq!(hidden, 1, "one ward hidden: {m1} {m2}");
    assert!(
        !(m1.contains("3.6 %") && m2.contains("2.0 %")),
        "both wards' rates would reveal the clinic's: {m1} {m2}"
    );
    let clinic = row("Medicinsk ambulatorium", "2026-Q3");
    assert!(clinic.contains("Hidden: fewer than 5 people"), "{clinic}");
    // The hospital's committee member sees the department's rate too.
    let committee = login_ok(&app, COMMITTEE).await; // the whole hospital
    let (_, all) = page(&committee, &app, "/follow-up").await;
    assert!(all.contains("4.1 %"));
}

pub async fn a_problem_from_a_report_statistic_keeps_the_count_only_while_it_is_shown(
    store: Store,
) {
    use app::services::reports;
    let app = TestApp::demo(store).await;
    let med = unit_id(&app, "MED").await;
    // Twelve reports in the oldest quarter shown (statistics show only
    // quarters that are over; the demo's reports are all later).
    let then = follow_up::today() - chrono::Months::new(12);
    for i in 0..12 {
        let receipt =
            crate::support::file_report(&app, "harassment", &med, &format!("Report number {i}"))
                .await;
        let (id, _) = reports::receipt::split(&receipt).expect("receipt");
        sqlx::query("UPDATE reports SET received_on = $1 WHERE id = $2")
            .bind(then.format("%Y-%m-%d").to_string())
            .bind(&id)
            .execute(&app.db.pool)
            .await
            .expect("back then");
    }
    let quarter = format!("{}-Q{}", then.year(), (then.month() - 1) / 3 + 1);
    let form = [
        ("category", "harassment"),
        ("unit", med.as_str()),
        ("period", quarter.as_str()),
    ];
    // Leaders do not read report statistics, so they cannot make problems of them.
    let leader = login_ok(&app, LEADER).await;
    let (status, _) = post(&leader, &app, "follow-up/problem/from-report", &form).await;
    assert_eq!(status, 403);
    let committee = login_ok(&app, COMMITTEE).await;
    let (status, body) = post(&committee, &app, "follow-up/problem/from-report", &form).await;
    assert!(status < 400, "{body}");
    let p = problem_at(&app, &med).await;
    let (_, html) = page(&committee, &app, &format!("/follow-up/{p}")).await;
    assert_eq!(figure(&html), "12 reports");
    assert!(html.contains("Report statistics: Harassment"), "{html}");

    // The quarter's count never moves: deleting cases changes nothing, and
    // nor does raising the sensitive threshold to 13 (a counted quarter
    // keeps the threshold it was counted with).
    sqlx::query("DELETE FROM reports WHERE id IN (SELECT id FROM reports ORDER BY id LIMIT 3)")
        .execute(&app.db.pool)
        .await
        .expect("delete");
    let (_, html) = page(&committee, &app, &format!("/follow-up/{p}")).await;
    assert_eq!(figure(&html), "12 reports");
    sqlx::query("UPDATE organisation SET k_sensitive = 13")
        .execute(&app.db.pool)
        .await
        .expect("threshold");
    let (_, html) = page(&committee, &app, &format!("/follow-up/{p}")).await;
    assert_eq!(figure(&html), "12 reports");
}

pub async fn simultaneous_assessments_are_all_kept_in_order(store: Store) {
    let app = TestApp::demo(store).await;
    let leader = login_ok(&app, LEADER).await;
    let m1 = unit_id(&app, "MED-M1").await;
    let (status, _) = post(
        &leader,
        &app,
        "follow-up/problem/new",
        &[("unit", m1.as_str()), ("title", "Busy corridor")],
    )
    .await;
    assert!(status < 400);
    let p = problem_at(&app, &m1).await;
    // Eight members of a committee press "save" at the same moment: each
    // assessment is kept, numbered without a gap, and nobody gets an error.
    let mut saves = tokio::task::JoinSet::new();
    for i in 1..=8 {
        let (leader, url, p) = (leader.clone(), app.at("/api/follow-up/assess"), p.clone());
        saves.spawn(async move {
            let l = ((i - 1) % 5 + 1).to_string();
            let res = leader
                .post(url)
                .form(&[
                    ("problem", p.as_str()),
                    ("likelihood", l.as_str()),
                    ("consequence", "2"),
                ])
                .send()
                .await
                .expect("post");
            (res.status().as_u16(), res.text().await.expect("body"))
        });
    }
    while let Some(done) = saves.join_next().await {
        let (status, body) = done.expect("task");
        assert!(status < 400, "{status} {body}");
    }
    let seqs: Vec<i64> =
        sqlx::query_scalar("SELECT seq FROM risk_assessments WHERE problem_id = $1 ORDER BY seq")
            .bind(&p)
            .fetch_all(&app.db.pool)
            .await
            .expect("seqs");
    assert_eq!(seqs, (1..=8).collect::<Vec<i64>>());
}
