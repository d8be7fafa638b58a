//! Surveys and answering over HTTP, as a respondent's phone and an
//! administrator's browser do it: schedules open rounds, code cards are
//! printed, a questionnaire is answered by code and by login, a second answer
//! is refused, bad input gets a clear status and leaves the code unused.

use crate::support::{
    client, count, login_ok, page, test_key, unit_id, Store, TestApp, ADMIN, LEADER,
};
use app::{model::NewSurvey, services::surveys};

const DAY: i64 = 86_400;

/// A weekly pulse of three rotating items for one unit, opened now.
pub(crate) async fn open_pulse(app: &TestApp, unit_code: &str) -> String {
    pause_demo_pulse(app).await;
    let now = chrono::Utc::now().timestamp();
    let survey = NewSurvey {
        name: "Pulse".into(),
        items: vec!["wb-1".into(), "ps-2".into(), "wl-1".into(), "ex-1".into()],
        units: vec![unit_id(app, unit_code).await],
        per_round: Some(3),
        every_weeks: Some(2),
        open_days: 7,
        first_open: None,
    };
    surveys::create(&app.db, &survey, now)
        .await
        .expect("create");
    let opened = surveys::open_due(&app.db, &test_key(), now)
        .await
        .expect("open");
    assert_eq!(opened.len(), 1);
    opened[0].clone()
}

/// A one-off survey of `items` for one unit, opened now; its round.
pub(crate) async fn open_survey(
    app: &TestApp,
    name: &str,
    items: &[&str],
    unit_code: &str,
) -> String {
    let now = chrono::Utc::now().timestamp();
    let survey = NewSurvey {
        name: name.into(),
        items: items.iter().map(|i| i.to_string()).collect(),
        units: vec![unit_id(app, unit_code).await],
        per_round: None,
        every_weeks: None,
        open_days: 7,
        first_open: None,
    };
    surveys::create(&app.db, &survey, now)
        .await
        .expect("create");
    surveys::open_due(&app.db, &test_key(), now)
        .await
        .expect("open")
        .pop()
        .expect("round")
}

/// The demo's own pulse is due at once; these tests open their own rounds.
pub(crate) async fn pause_demo_pulse(app: &TestApp) {
    sqlx::query("UPDATE surveys SET next_open_at = NULL")
        .execute(&app.db.pool)
        .await
        .expect("pause the demo pulse");
}

/// Prints `n` code cards for a unit through the administrator's form and
/// reads the codes off the sheet.
pub(crate) async fn print_cards(
    app: &TestApp,
    round: &str,
    unit_code: &str,
    n: usize,
) -> Vec<String> {
    let admin = login_ok(app, ADMIN).await;
    let res = admin
        .post(app.at(&format!("/surveys/round/{round}/cards")))
        .form(&[
            ("unit", unit_id(app, unit_code).await),
            ("count", n.to_string()),
        ])
        .send()
        .await
        .expect("cards");
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("sheet");
    let codes = codes_on_sheet(&html);
    assert_eq!(codes.len(), n, "{html}");
    assert_eq!(html.matches("<svg").count(), n, "a QR code per card");
    codes
}

/// The codes printed on a sheet of code cards.
pub(crate) fn codes_on_sheet(html: &str) -> Vec<String> {
    html.split("data-testid=\"card-code\">")
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .map(str::to_owned)
        .collect()
}

/// How many people of these units can use a personal invitation (an e-mail
/// address or a staff account): the others are reached by code cards.
async fn reachable_in(app: &TestApp, unit_codes: &[&str]) -> i64 {
    let list = unit_codes
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE u.code IN ({list}) AND (p.email IS NOT NULL \
           OR EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.id))"
    )))
    .fetch_one(&app.db.pool)
    .await
    .expect("reachable")
}

/// `n` codes that answer for people of a unit, as a ward hands them out:
/// code cards for those without e-mail (as many as the unit has), then the
/// personal links of the others.
pub(crate) async fn codes_for(
    app: &TestApp,
    round: &str,
    unit_code: &str,
    n: usize,
) -> Vec<String> {
    let unit = unit_id(app, unit_code).await;
    let left = app::services::cards::places_left(&app.db, round, &unit)
        .await
        .expect("places");
    let cards = n.min(usize::try_from(left).unwrap_or(0));
    let mut codes = if cards > 0 {
        print_cards(app, round, unit_code, cards).await
    } else {
        Vec::new()
    };
    let people: Vec<String> = sqlx::query_scalar("SELECT id FROM people WHERE unit_id = $1")
        .bind(&unit)
        .fetch_all(&app.db.pool)
        .await
        .expect("people");
    let personal = app::services::invitations::personal_codes(&app.db, &test_key(), round)
        .await
        .expect("personal codes");
    codes.extend(
        personal
            .into_iter()
            .filter(|(_, person, _)| people.contains(person))
            .map(|(_, _, code)| code)
            .take(n - cards),
    );
    assert_eq!(codes.len(), n, "{unit_code} has {n} people to answer");
    codes
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn post_answers(
    app: &TestApp,
    c: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    c.post(app.at("/a/submit"))
        .form(fields)
        .send()
        .await
        .expect("submit")
}

pub async fn a_schedule_opens_rotating_rounds_and_closes_them_when_due(store: Store) {
    let app = TestApp::demo(store).await;
    let surveys_before = count(&app, "SELECT COUNT(*) FROM surveys").await;
    let first = open_pulse(&app, "MED").await;
    let (invited, personal, items): (i64, i64, String) = sqlx::query_as(
        "SELECT (SELECT CAST(SUM(headcount) AS BIGINT) FROM round_units WHERE round_id = $1), \
           (SELECT COUNT(*) FROM invitations WHERE round_id = $1), items FROM rounds WHERE id = $1",
    )
    .bind(&first)
    .fetch_one(&app.db.pool)
    .await
    .expect("round");
    assert_eq!(invited, 22 + 18 + 4, "everyone in the department and below");
    let reachable = reachable_in(&app, &["MED-M1", "MED-M2", "MED-AMB"]).await;
    assert_eq!(
        personal, reachable,
        "a personal invitation for everyone with e-mail or an account; the others get cards"
    );
    assert!(reachable < invited);
    assert_eq!(items, r#"["wb-1","ps-2","wl-1"]"#);
    // Nothing more is due until two weeks have passed; then the next three.
    let now = chrono::Utc::now().timestamp();
    assert!(surveys::open_due(&app.db, &test_key(), now + DAY)
        .await
        .expect("due")
        .is_empty());
    let second = surveys::open_due(&app.db, &test_key(), now + 14 * DAY + 60)
        .await
        .expect("due");
    assert_eq!(second.len(), 1);
    let items: String = sqlx::query_scalar("SELECT items FROM rounds WHERE id = $1")
        .bind(&second[0])
        .fetch_one(&app.db.pool)
        .await
        .expect("items");
    assert_eq!(items, r#"["ex-1","wb-1","ps-2"]"#, "rotation wraps around");
    // The first round closes after its seven days, the second stays open.
    assert_eq!(
        surveys::close_due(&app.db, &test_key(), now + 8 * DAY)
            .await
            .expect("close"),
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM rounds WHERE closed_at IS NULL").await,
        1
    );
    // Bad surveys are refused with a reason and write nothing.
    let bad = NewSurvey {
        name: " ".into(),
        items: vec!["wb-1".into()],
        units: vec![unit_id(&app, "MED").await],
        per_round: None,
        every_weeks: None,
        open_days: 7,
        first_open: None,
    };
    for (survey, reason) in [
        (bad.clone(), "error-survey-name"),
        (
            NewSurvey {
                name: "x".into(),
                items: vec!["no-such-item".into()],
                ..bad.clone()
            },
            "error-survey-items",
        ),
        (
            NewSurvey {
                name: "x".into(),
                units: vec![],
                ..bad.clone()
            },
            "error-survey-units",
        ),
        (
            NewSurvey {
                name: "x".into(),
                per_round: Some(2),
                ..bad.clone()
            },
            "error-survey-rotation",
        ),
        (
            NewSurvey {
                name: "x".into(),
                open_days: 0,
                ..bad.clone()
            },
            "error-survey-open-days",
        ),
    ] {
        match surveys::create(&app.db, &survey, now).await {
            Err(surveys::SurveyError::Invalid(key)) => assert_eq!(key, reason),
            other => panic!("expected {reason}, got {other:?}"),
        }
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM surveys").await,
        surveys_before + 1
    );
}

pub async fn a_code_card_answers_once_and_a_second_attempt_is_refused(store: Store) {
    let app = TestApp::demo(store).await;
    let round = open_pulse(&app, "SERV").await;
    let codes = print_cards(&app, &round, "SERV-REN", 5).await;
    let phone = client();

    // The questionnaire, without JavaScript: every question, the statement.
    let page = phone
        .get(app.at(&format!("/a/{}", codes[0].to_lowercase())))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200, "a code typed in lower case works");
    let html = page.text().await.expect("html");
    assert!(html.contains("name=\"q.wb-1\""), "{html}");
    assert!(html.contains("name=\"q.wl-1\""));
    assert!(html.contains("at least 5 respondents"), "A8 statement");

    // Bad input: a point off the scale. Refused, explained, code unused.
    let res = post_answers(
        &app,
        &phone,
        &[("round", &round), ("code", &codes[0]), ("q.wb-1", "11")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/a/problem/answer-invalid");
    let problem = phone
        .get(app.at("/a/problem/answer-invalid"))
        .send()
        .await
        .expect("problem");
    assert_eq!(problem.status(), 400);
    let empty = post_answers(&app, &phone, &[("round", &round), ("code", &codes[0])]).await;
    assert_eq!(location(&empty), "/a/problem/answer-empty");
    let too_long = "x".repeat(2001);
    let long = post_answers(
        &app,
        &phone,
        &[
            ("round", &round),
            ("code", &codes[0]),
            ("comment", &too_long),
        ],
    )
    .await;
    assert_eq!(location(&long), "/a/problem/answer-comment-too-long");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM invitations WHERE used = 1").await,
        0
    );

    // The real answer.
    let res = post_answers(
        &app,
        &phone,
        &[
            ("round", &round),
            ("code", &codes[0]),
            ("q.wb-1", "3"),
            ("q.ps-2", "dk"),
            ("comment", "More hands on night shifts"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/a/thanks");
    let thanks = phone.get(app.at("/a/thanks")).send().await.expect("thanks");
    assert_eq!(thanks.status(), 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_inbox").await, 1);

    // Again: refused, and the page for a used code says exactly what an
    // unknown code's page says.
    let again = post_answers(
        &app,
        &phone,
        &[("round", &round), ("code", &codes[0]), ("q.wb-1", "1")],
    )
    .await;
    assert_eq!(location(&again), "/a/refused");
    let refused = phone
        .get(app.at("/a/refused"))
        .send()
        .await
        .expect("refused");
    assert_eq!(refused.status(), 409);
    let used = phone
        .get(app.at(&format!("/a/{}", codes[0])))
        .send()
        .await
        .expect("used");
    let unknown = phone
        .get(app.at("/a/AAAA-BBBB-CCCC"))
        .send()
        .await
        .expect("unknown");
    let garbage = phone.get(app.at("/a/hello")).send().await.expect("garbage");
    assert_eq!(used.status(), 404);
    assert_eq!(unknown.status(), 404);
    assert_eq!(garbage.status(), 404);
    let body = |html: String| {
        html.split("<main")
            .nth(1)
            .and_then(|m| m.split("</main>").next())
            .map(str::to_owned)
            .unwrap_or_default()
    };
    let used = body(used.text().await.expect("used"));
    assert!(used.contains("cannot be used"), "{used}");
    // The same page, but for the code each offers back to be corrected.
    assert_eq!(
        used.replace(codes[0].as_str(), "CODE"),
        body(unknown.text().await.expect("unknown")).replace("AAAA-BBBB-CCCC", "CODE")
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_inbox").await, 1);

    // A wrong round with a real code does not burn the code.
    let other = post_answers(
        &app,
        &phone,
        &[
            ("round", "not-a-round"),
            ("code", &codes[1]),
            ("q.wb-1", "1"),
        ],
    )
    .await;
    assert_eq!(location(&other), "/a/refused");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM invitations WHERE used = 1").await,
        1
    );

    // The code-entry form leads to the questionnaire.
    let typed = phone
        .get(app.at(&format!("/a/open?code={}", codes[1].replace('-', "+"))))
        .send()
        .await
        .expect("open");
    assert_eq!(location(&typed), format!("/a/{}", codes[1]));
    // A code that cannot be one comes back to be corrected, not retyped.
    let bad = phone
        .get(app.at("/a/open?code=ABCD+EFGH+JKL"))
        .send()
        .await
        .expect("open");
    assert_eq!(location(&bad), "/a?invalid=1&typed=ABCD+EFGH+JKL");
    let entry = phone
        .get(app.at(&location(&bad)))
        .send()
        .await
        .expect("entry");
    assert_eq!(entry.status(), 400);
    assert!(entry
        .text()
        .await
        .expect("html")
        .contains("value=\"ABCD EFGH JKL\""));
    // So does a well-formed code that opens nothing.
    let unknown = phone
        .get(app.at("/a/ZZZZ-ZZZZ-ZZZZ"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("unknown");
    assert_eq!(unknown.status(), 404);
    assert!(unknown
        .text()
        .await
        .expect("html")
        .contains("href=\"/a?typed=ZZZZ-ZZZZ-ZZZZ\""));

    // Cards need an administrator and sensible numbers.
    let leader = login_ok(&app, LEADER).await;
    let res = leader
        .post(app.at(&format!("/surveys/round/{round}/cards")))
        .form(&[("unit", unit_id(&app, "MED").await), ("count", "3".into())])
        .send()
        .await
        .expect("cards");
    assert_eq!(res.status(), 403);
    let admin = login_ok(&app, ADMIN).await;
    for n in ["0", "501", "many"] {
        let res = admin
            .post(app.at(&format!("/surveys/round/{round}/cards")))
            .form(&[("unit", unit_id(&app, "MED").await), ("count", n.into())])
            .send()
            .await
            .expect("cards");
        assert_eq!(res.status(), 400, "{n} cards");
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM invitations WHERE person_id IS NULL"
        )
        .await,
        5
    );
}

pub async fn a_signed_in_staff_member_answers_their_own_invitation(store: Store) {
    let app = TestApp::demo(store).await;
    // The leader works on ward M1 and is invited like everyone there.
    sqlx::query(
        "UPDATE accounts SET person_id = (SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE u.code = 'MED-M1' ORDER BY p.employee_no LIMIT 1) WHERE email = $1",
    )
    .bind(LEADER)
    .execute(&app.db.pool)
    .await
    .expect("link");
    let round = open_pulse(&app, "MED").await;
    let leader = login_ok(&app, LEADER).await;
    let overview = leader
        .get(app.at("/overview"))
        .send()
        .await
        .expect("overview")
        .text()
        .await
        .expect("html");
    assert!(
        overview.contains(&format!("/answer/{round}")),
        "the open round is offered: {overview}"
    );
    let page = leader
        .get(app.at(&format!("/answer/{round}")))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        !html.contains("name=\"code\""),
        "no code: the login is the invitation"
    );
    let res = post_answers(&app, &leader, &[("round", &round), ("q.wb-1", "4")]).await;
    assert_eq!(location(&res), "/a/thanks");
    let again = post_answers(&app, &leader, &[("round", &round), ("q.wb-1", "0")]).await;
    assert_eq!(location(&again), "/a/refused");
    let after = leader
        .get(app.at(&format!("/answer/{round}")))
        .send()
        .await
        .expect("page");
    assert_eq!(after.status(), 404);
    // Someone not signed in cannot answer without a code.
    let anon = post_answers(&app, &client(), &[("round", &round), ("q.wb-1", "4")]).await;
    assert_eq!(location(&anon), "/a/refused");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_inbox").await, 1);
}

pub async fn an_administrator_creates_a_survey_through_the_form_and_its_round_opens(store: Store) {
    let app = TestApp::demo(store).await;
    pause_demo_pulse(&app).await;
    let surveys_before = count(&app, "SELECT COUNT(*) FROM surveys").await;
    let admin = login_ok(&app, ADMIN).await;
    let form = admin
        .get(app.at("/surveys/new"))
        .send()
        .await
        .expect("form");
    assert_eq!(form.status(), 200);
    let html = form.text().await.expect("html");
    assert!(html.contains("value=\"wb-1\""), "the bank is offered");
    let unit = unit_id(&app, "AKUT").await;
    let res = admin
        .post(app.at("/api/surveys/create"))
        .header("accept", "text/html")
        .form(&[
            ("name", "Akut pulse"),
            ("items[1]", "wb-1"),
            ("items[7]", "le-1"),
            ("units[0]", unit.as_str()),
            ("every_weeks", "4"),
            ("open_days", "10"),
            ("per_round", ""),
            ("start", ""),
            ("__back", "/surveys/new"),
        ])
        .send()
        .await
        .expect("create");
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM surveys").await,
        surveys_before + 1
    );
    let reachable = reachable_in(&app, &["AKUT-DAG", "AKUT-NAT", "AKUT-VIS"]).await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM invitations").await,
        reachable
    );
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(headcount) AS BIGINT) FROM round_units"
        )
        .await,
        25 + 12 + 3
    );
    let list = admin
        .get(app.at("/surveys"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(list.contains("Akut pulse #1"), "{list}");
    assert!(list.contains("0 / 40"));
    // Without any unit, the form comes back with the reason.
    let res = admin
        .post(app.at("/api/surveys/create"))
        .header("accept", "text/html")
        .form(&[
            ("name", "Nobody"),
            ("items[1]", "wb-1"),
            ("open_days", "10"),
            ("__back", "/surveys/new"),
        ])
        .send()
        .await
        .expect("create");
    let back = location(&res);
    assert!(back.starts_with("/surveys/new"), "{back}");
    let page = admin.get(app.at(&back)).send().await.expect("back");
    assert_eq!(page.status(), 400);
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("Choose at least one unit"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM surveys").await,
        surveys_before + 1
    );
    // Not for leaders.
    let leader = login_ok(&app, LEADER).await;
    let res = leader.get(app.at("/surveys")).send().await.expect("list");
    assert_eq!(res.status(), 403);
}

pub async fn invitations_arrive_by_email_and_reminders_reach_only_those_who_have_not_answered(
    store: Store,
) {
    use crate::support::smtp::SmtpSink;
    use app::services::mail::{self, Mailer};
    let app = TestApp::demo(store).await;
    let round = open_pulse(&app, "MED-M1").await;
    let with_email: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.email, p.lang FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE u.code = 'MED-M1' AND p.email IS NOT NULL ORDER BY p.email",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("people");
    assert!(
        with_email.len() > 5 && with_email.len() < 22,
        "some have no e-mail"
    );
    // The mail server is down at first: nothing goes out, and every
    // invitation is released for the next pass rather than kept as sent.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let down = format!("smtp://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let unreachable =
        Mailer::new(&down, "Trivsel <trivsel@test.invalid>", &app.base).expect("mailer");
    assert_eq!(
        mail::send_invitations(&app.db, &test_key(), &unreachable)
            .await
            .expect("send while down"),
        0
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM invitations WHERE mailed = 1").await,
        0,
        "failed letters are released"
    );
    let sink = SmtpSink::start().await;
    let mailer =
        Mailer::new(&sink.smtp_url, "Trivsel <trivsel@test.invalid>", &app.base).expect("mailer");

    let sent = mail::send_invitations(&app.db, &test_key(), &mailer)
        .await
        .expect("send");
    assert_eq!(sent, with_email.len());
    assert_eq!(
        mail::send_invitations(&app.db, &test_key(), &mailer)
            .await
            .expect("again"),
        0,
        "each invitation goes out once"
    );
    let mut inbox = sink.messages().await;
    inbox.sort();
    let to: Vec<&str> = inbox.iter().map(|(to, _, _)| to.as_str()).collect();
    let expected: Vec<&str> = with_email.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(to, expected);
    // In each person's language.
    for ((_, subject, _), (_, lang)) in inbox.iter().zip(&with_email) {
        let word = match lang.as_str() {
            "sv" => "enkät",
            "da" => "måling",
            _ => "survey",
        };
        assert!(subject.contains(word), "{lang}: {subject}");
    }

    // The first person follows the link and answers.
    let link = |text: &str| {
        text.split_whitespace()
            .find(|w| w.starts_with(&app.base) && w.contains("/a/"))
            .map(str::to_owned)
            .expect("a link in the e-mail")
    };
    let first = link(&inbox[0].2);
    let phone = client();
    let page = phone.get(&first).send().await.expect("link");
    assert_eq!(page.status(), 200);
    let code = first.rsplit('/').next().expect("code").to_owned();
    // A copy of the database does not hold the link: the code is only hashed
    // and sealed with the server secret.
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT code_hash, code_sealed FROM invitations")
            .fetch_all(&app.db.pool)
            .await
            .expect("invitations");
    let plain = code.replace('-', "");
    assert!(rows.iter().all(|(h, s)| {
        let s = s.clone().unwrap_or_default();
        !h.contains(&code) && !s.contains(&code) && !s.contains(&plain)
    }));
    let res = post_answers(
        &app,
        &phone,
        &[("round", &round), ("code", &code), ("q.wb-1", "6")],
    )
    .await;
    assert_eq!(location(&res), "/a/thanks");

    // Halfway through the round: one reminder to each of the others, with the
    // same link as before; none to the person who answered.
    sink.clear().await;
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        mail::send_reminders(&app.db, &test_key(), &mailer, now + DAY)
            .await
            .expect("early"),
        0,
        "not before halfway"
    );
    // An instance started with another server secret gets there first: it
    // cannot open the codes, sends nothing, and leaves the reminders to an
    // instance that can.
    let other_secret = app::anonymity::sealed::InboxKey::derive(&[7u8; 32]).expect("key");
    assert_eq!(
        mail::send_reminders(&app.db, &other_secret, &mailer, now + 4 * DAY)
            .await
            .expect("remind with another secret"),
        0
    );
    assert!(sink.messages().await.is_empty());
    let reminded = mail::send_reminders(&app.db, &test_key(), &mailer, now + 4 * DAY)
        .await
        .expect("remind");
    assert_eq!(reminded, with_email.len() - 1);
    let reminders = sink.messages().await;
    assert_eq!(reminders.len(), with_email.len() - 1);
    assert!(reminders.iter().all(|(to, _, _)| *to != inbox[0].0));
    for (to, _, text) in &reminders {
        let before = inbox
            .iter()
            .find(|(t, _, _)| t == to)
            .expect("invited before");
        assert_eq!(link(text), link(&before.2), "the same link");
    }
    assert_eq!(
        mail::send_reminders(&app.db, &test_key(), &mailer, now + 5 * DAY)
            .await
            .expect("again"),
        0,
        "one reminder per round"
    );
    // A copy of the database cannot tell from the reminders who answered
    // before the pass and who after: every invitation mailed before it
    // reads the same once it is done.
    let marks: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT reminder FROM invitations WHERE round_id = $1 AND mailed = 1",
    )
    .bind(&round)
    .fetch_all(&app.db.pool)
    .await
    .expect("reminder marks");
    assert_eq!(marks, vec![2], "one mark for all, answered or not");
}

pub async fn an_administrator_adds_own_questions_that_surveys_ask_like_shipped_ones(store: Store) {
    let app = TestApp::demo(store).await;
    pause_demo_pulse(&app).await;
    let admin = login_ok(&app, ADMIN).await;
    let post = |path: &'static str, fields: Vec<(&'static str, &'static str)>| {
        let admin = admin.clone();
        let url = app.at(path);
        async move {
            admin
                .post(url)
                .header("accept", "text/html")
                .form(&fields)
                .send()
                .await
                .expect("post")
        }
    };
    // A theme needs its name in all three languages; nothing is half-written.
    let res = post(
        "/api/questions/theme",
        vec![
            ("name_da", "Samarbejde"),
            ("name_sv", ""),
            ("name_en", "Cooperation"),
            ("__back", "/surveys/questions"),
        ],
    )
    .await;
    let back = location(&res);
    let page = admin.get(app.at(&back)).send().await.expect("back");
    assert_eq!(page.status(), 400);
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("all three languages"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM custom_dimensions").await,
        0
    );
    post(
        "/api/questions/theme",
        vec![
            ("name_da", "Samarbejde"),
            ("name_sv", "Samarbete"),
            ("name_en", "Cooperation"),
            ("__back", "/surveys/questions"),
        ],
    )
    .await;
    let theme: String = sqlx::query_scalar("SELECT id FROM custom_dimensions")
        .fetch_one(&app.db.pool)
        .await
        .expect("theme");
    assert!(theme.starts_with("c-"));
    // A question on an unknown scale is refused; a good one is added.
    let theme_ref: &'static str = Box::leak(theme.into_boxed_str());
    post(
        "/api/questions/item",
        vec![
            ("dimension", theme_ref),
            ("scale", "stars7"),
            ("text_da", "a"),
            ("text_sv", "b"),
            ("text_en", "c"),
            ("__back", "/surveys/questions"),
        ],
    )
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM custom_items").await, 0);
    post(
        "/api/questions/item",
        vec![
            ("dimension", theme_ref),
            ("scale", "agree5"),
            ("text_da", "Vi hjælper hinanden på tværs af vagter."),
            ("text_sv", "Vi hjälper varandra mellan passen."),
            ("text_en", "We help each other across shifts."),
            ("__back", "/surveys/questions"),
        ],
    )
    .await;
    let item: String = sqlx::query_scalar("SELECT id FROM custom_items")
        .fetch_one(&app.db.pool)
        .await
        .expect("item");
    let bank = admin
        .get(app.at("/surveys/questions"))
        .send()
        .await
        .expect("bank")
        .text()
        .await
        .expect("html");
    assert!(bank.contains("We help each other across shifts."));
    // A survey asks it like any other question.
    let round = open_survey(&app, "Own", &["wb-2", item.as_str()], "SERV").await;
    let codes = print_cards(&app, &round, "SERV-POR", 1).await;
    let phone = client();
    let html = phone
        .get(app.at(&format!("/a/{}", codes[0])))
        .header("accept-language", "sv")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("Vi hjälper varandra mellan passen."),
        "{html}"
    );
    let field = format!("q.{item}");
    let off_scale = post_answers(
        &app,
        &phone,
        &[("round", &round), ("code", &codes[0]), (&field, "5")],
    )
    .await;
    assert_eq!(location(&off_scale), "/a/problem/answer-invalid");
    let ok = post_answers(
        &app,
        &phone,
        &[("round", &round), ("code", &codes[0]), (&field, "4")],
    )
    .await;
    assert_eq!(location(&ok), "/a/thanks");
}

/// A6 and the aggregates: results are kept as sums per round × filing unit,
/// updated only when a batch of at least k is stored — so a leader polling
/// while colleagues answer one by one sees nothing move until k have, and the
/// sums always equal those of the stored answers.
pub async fn result_sums_move_only_in_batches_of_k_and_match_the_stored_answers(store: Store) {
    use app::anonymity::{store as core, tally};
    use app::services::questions;
    let app = TestApp::demo(store).await;
    let round = open_pulse(&app, "SERV").await;
    let codes = codes_for(&app, &round, "SERV-REN", 7).await;
    let phone = client();
    let sums = || async {
        // (PostgreSQL sums BIGINT as NUMERIC, which the Any driver cannot read.)
        let respondents: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(SUM(respondents) AS BIGINT) FROM result_respondents WHERE round_id = $1",
        )
        .bind(&round)
        .fetch_one(&app.db.pool)
        .await
        .expect("sum");
        respondents.unwrap_or(0)
    };
    let answer = |i: usize| {
        let point = (i % 5).to_string();
        let wb = (i % 11).to_string();
        let code = codes[i].clone();
        let round = round.clone();
        let phone = phone.clone();
        let app = &app;
        async move {
            let res = post_answers(
                app,
                &phone,
                &[
                    ("round", &round),
                    ("code", &code),
                    ("q.wb-1", &wb),
                    ("q.ps-2", &point),
                    (
                        "comment",
                        if i.is_multiple_of(2) { "a comment" } else { "" },
                    ),
                ],
            )
            .await;
            assert_eq!(location(&res), "/a/thanks");
        }
    };
    for i in 0..4 {
        answer(i).await;
        core::move_ready(&app.db, &test_key(), &round, false)
            .await
            .expect("move");
        assert_eq!(
            sums().await,
            0,
            "after {} answers nothing is published",
            i + 1
        );
    }
    answer(4).await;
    core::move_ready(&app.db, &test_key(), &round, false)
        .await
        .expect("move");
    assert_eq!(sums().await, 5, "the fifth answer releases a batch of five");
    answer(5).await;
    core::move_ready(&app.db, &test_key(), &round, false)
        .await
        .expect("move");
    assert_eq!(sums().await, 5, "a sixth answer alone changes nothing");
    // The aggregates are exactly the sums of the stored answers.
    let payloads: Vec<String> =
        sqlx::query_scalar("SELECT payload FROM answers WHERE round_id = $1")
            .bind(&round)
            .fetch_all(&app.db.pool)
            .await
            .expect("answers");
    let bank = questions::bank_with_custom(&app.db, false)
        .await
        .expect("bank");
    let refs: Vec<&str> = payloads.iter().map(String::as_str).collect();
    let expected = tally::tally(&bank, &refs);
    let items: Vec<(String, i64, i64, f64, i64, i64, i64)> = sqlx::query_as(
        "SELECT item_id, n, dont_know, score_sum, favourable, neutral, unfavourable \
         FROM result_items WHERE round_id = $1 ORDER BY item_id",
    )
    .bind(&round)
    .fetch_all(&app.db.pool)
    .await
    .expect("items");
    assert_eq!(items.len(), expected.items.len());
    for (id, n, dk, sum, fav, neu, unf) in items {
        let e = &expected.items[&id];
        assert_eq!(
            (n, dk, fav, neu, unf),
            (e.n, e.dont_know, e.favourable, e.neutral, e.unfavourable)
        );
        assert!((sum - e.score_sum).abs() < 1e-6);
    }
    let comments: i64 =
        sqlx::query_scalar("SELECT comments FROM result_respondents WHERE round_id = $1")
            .bind(&round)
            .fetch_one(&app.db.pool)
            .await
            .expect("comments");
    assert_eq!(comments, expected.comments);
    assert_eq!(comments, 3, "answers 0, 2 and 4 carried a comment");
}

/// Issue 16: changing language in the middle of the questionnaire keeps the
/// answers given so far — in the respondent's own browser only: the server
/// stores nothing, the code stays unused, and the cookie holds them sealed.
pub async fn changing_language_mid_questionnaire_keeps_the_answers(store: Store) {
    let app = TestApp::demo(store).await;
    let round = open_pulse(&app, "SERV").await;
    let codes = print_cards(&app, &round, "SERV-REN", 5).await;
    let phone = client();
    let questionnaire = format!("/a/{}", codes[0]);
    let (_, html) = page(&phone, &app, &questionnaire).await;
    assert!(html.contains("formaction=\"/a/language\""), "{html}");
    let res = phone
        .post(app.at("/a/language"))
        .form(&[
            ("round", round.as_str()),
            ("code", codes[0].as_str()),
            ("q.wb-1", "4"),
            ("comment", "KEPTCOMMENT on the night shift"),
            ("switch", "da:2"),
        ])
        .send()
        .await
        .expect("switch");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/a/{}#s2", codes[0]));
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().expect("cookie").to_owned())
        .collect();
    assert!(cookies.iter().any(|c| c.starts_with("trivsel_lang=da")));
    let kept = cookies
        .iter()
        .find(|c| c.starts_with("trivsel_kept0="))
        .expect("the answers, kept");
    assert!(kept.contains("HttpOnly") && kept.contains("SameSite=Strict"));
    assert!(!kept.contains("KEPTCOMMENT"), "sealed");
    // Nothing stored, nothing used.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_inbox").await, 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM invitations WHERE used = 1").await,
        0
    );
    // The questionnaire again, in Danish (the cookie outweighs the
    // browser's English), starting from the answers.
    let (_, again) = page(&phone, &app, &questionnaire).await;
    assert!(again.contains("<html lang=\"da\""), "in Danish");
    assert!(
        again.contains("KEPTCOMMENT on the night shift</textarea>"),
        "{again}"
    );
    let checked = again
        .split("<input")
        .filter(|i| i.contains("name=\"q.wb-1\"") && i.contains("checked"))
        .collect::<Vec<_>>();
    assert_eq!(checked.len(), 1, "one choice kept");
    assert!(checked[0].contains("value=\"4\""), "{}", checked[0]);
    // Another browser with the same code starts empty.
    let (_, other) = page(&client(), &app, &questionnaire).await;
    assert!(!other.contains("KEPTCOMMENT"));
    // Sent, the answers leave the browser's cookies.
    let res = post_answers(
        &app,
        &phone,
        &[
            ("round", &round),
            ("code", &codes[0]),
            ("q.wb-1", "4"),
            ("comment", "KEPTCOMMENT on the night shift"),
        ],
    )
    .await;
    assert_eq!(location(&res), "/a/thanks");
    assert!(res.headers().get_all("set-cookie").iter().any(|c| c
        .to_str()
        .is_ok_and(|c| c.starts_with("trivsel_kept0=;") && c.contains("Max-Age=0"))));
}
