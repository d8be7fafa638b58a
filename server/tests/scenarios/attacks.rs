//! Attacks over time (issue 15): an adversary who looks twice — two copies of
//! the database, two views of a page — and compares. Each scenario plays one
//! such adversary with only what they would hold, and fails when they learn
//! something about fewer than k people.

use crate::support::{unit_id, Store, TestApp};
use app::anonymity::{
    sealed::InboxKey,
    store::{self, pack, RoundSpec},
    writer::{Claim, Submission, Writer},
};
use app::services::cards;
use std::collections::BTreeMap;

const K: i64 = 5;

/// The length of every sealed row in the inbox, by id: what a copy of the
/// database shows of answers not yet moved.
async fn inbox_lengths(app: &TestApp) -> BTreeMap<String, usize> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, sealed FROM answer_inbox")
        .fetch_all(&app.db.pool)
        .await
        .expect("inbox");
    rows.into_iter().map(|(id, s)| (id, s.len())).collect()
}

/// Attack 1 — two backups and a length. The attacker holds two copies of the
/// database taken around one person's answer (two nightly backups on a quiet
/// day): the difference is one used invitation, which names the person for a
/// personal link, and one new sealed row. After the batch moves, they match
/// that row's length against the stored answers' lengths. Every sealed row
/// must be the same size, so the row points at the whole batch (≥ k answers),
/// not at one.
pub async fn two_database_copies_and_a_row_length_do_not_single_out_an_answer(store_kind: Store) {
    let app = TestApp::demo(store_kind).await;
    let key = InboxKey::derive(&[42u8; 32]).expect("key");
    let writer = Writer::spawn(app.db.clone(), key.clone());
    let unit = unit_id(&app, "MED-M1").await;
    let round = store::open_round(
        &app.db,
        &RoundSpec {
            name: "Pulse".into(),
            k: K,
            survey: None,
            items: vec!["wb-1".into(), "ps-1".into()],
            closes_at: None,
        },
        &[(unit.clone(), 22)].into_iter().collect(),
    )
    .await
    .expect("open");
    let codes = cards::print(&app.db, &round, &unit, K as usize, None)
        .await
        .expect("cards");
    let submit = |code: String, answers: String| {
        let writer = writer.clone();
        let round = round.clone();
        async move {
            writer
                .submit(Submission {
                    round,
                    claim: Claim::Code(code),
                    answers: pack(&answers).expect("fits"),
                })
                .await
                .expect("submit")
        }
    };
    // Colleagues answer with and without skipped questions and comments.
    let others = [
        r#"{"a":{"wb-1":3,"ps-1":4}}"#.to_owned(),
        r#"{"a":{"wb-1":"dk"}}"#.to_owned(),
        r#"{"a":{"wb-1":2,"ps-1":2},"c":"ok"}"#.to_owned(),
        r#"{"a":{"ps-1":1}}"#.to_owned(),
    ];
    submit(codes[0].clone(), others[0].clone()).await;
    submit(codes[1].clone(), others[1].clone()).await;
    let before = inbox_lengths(&app).await;
    // The person of interest writes a long comment.
    let theirs = format!(
        r#"{{"a":{{"wb-1":0,"ps-1":0}},"c":"the person of interest: {}"}}"#,
        "x".repeat(300)
    );
    submit(codes[2].clone(), theirs).await;
    let after = inbox_lengths(&app).await;
    let new: Vec<(&String, &usize)> = after
        .iter()
        .filter(|(id, _)| !before.contains_key(*id))
        .collect();
    assert_eq!(new.len(), 1, "one answer arrived between the copies");
    let target_len = *new[0].1;
    submit(codes[3].clone(), others[2].clone()).await;
    submit(codes[4].clone(), others[3].clone()).await;
    // The last copy before the batch moves holds all of its sealed rows.
    let batch = inbox_lengths(&app).await;
    assert_eq!(batch.len(), K as usize);
    let moved = store::move_ready(&app.db, &key, &round, false)
        .await
        .expect("move");
    assert_eq!(moved, K as usize);

    // The attacker ranks the batch's sealed rows and the stored answers by
    // length; rows of equal length are indistinguishable.
    let mut lengths: Vec<usize> = batch.values().copied().collect();
    lengths.sort_unstable();
    let first = lengths.partition_point(|l| *l < target_len);
    let tied = lengths.iter().filter(|l| **l == target_len).count();
    let mut payloads: Vec<String> =
        sqlx::query_scalar("SELECT payload FROM answers WHERE round_id = $1")
            .bind(&round)
            .fetch_all(&app.db.pool)
            .await
            .expect("answers");
    payloads.sort_by_key(String::len);
    let candidates = &payloads[first..first + tied];
    assert!(
        tied >= K as usize,
        "the row's length narrows the person's answer to {tied} of {K} stored answers; \
         the attacker reads: {candidates:?}"
    );
}

/// Attack 4 — cards beyond the headcount. Everyone on the porters' team has
/// a personal link. An administrator prints k − 1 cards for the team anyway,
/// answers them with answers they know, and waits for one real colleague:
/// the batch of k that moves is then the colleague's answer and the
/// administrator's own. A unit's invitations of every kind may not outnumber
/// its people, and every printing is recorded where the committee sees it.
pub async fn cards_beyond_the_headcount_cannot_fill_a_batch_around_one_colleague(
    store_kind: Store,
) {
    use crate::scenarios::answering::open_pulse;
    use crate::support::{count, login_ok, ADMIN, COMMITTEE};
    let app = TestApp::demo(store_kind).await;
    sqlx::query(
        "UPDATE people SET email = employee_no || '@demo.trivsel.test' \
         WHERE email IS NULL AND unit_id = (SELECT id FROM units WHERE code = 'SERV-POR')",
    )
    .execute(&app.db.pool)
    .await
    .expect("everyone on the team gets an e-mail");
    let round = open_pulse(&app, "SERV-POR").await;
    let unit = unit_id(&app, "SERV-POR").await;
    let invitations = || async { count(&app, "SELECT COUNT(*) FROM invitations").await };
    let before = invitations().await;
    assert_eq!(before, 9, "a personal link for each of the nine porters");

    let admin = login_ok(&app, ADMIN).await;
    let res = admin
        .post(app.at(&format!("/surveys/round/{round}/cards")))
        .header("accept-language", "en")
        .form(&[("unit", unit.clone()), ("count", (K - 1).to_string())])
        .send()
        .await
        .expect("cards");
    let status = res.status().as_u16();
    let html = res.text().await.expect("sheet");
    if status == 200 {
        // The attack goes on: the administrator answers their own cards…
        let codes = crate::scenarios::answering::codes_on_sheet(&html);
        let phone = crate::support::client();
        for code in &codes {
            phone
                .post(app.at("/a/submit"))
                .form(&[("round", round.as_str()), ("code", code), ("q.wb-1", "10")])
                .send()
                .await
                .expect("own answer");
        }
        // …and one colleague answers by their personal link.
        let (_, _, colleague) = app::services::invitations::personal_codes(
            &app.db,
            &crate::support::test_key(),
            &round,
        )
        .await
        .expect("codes")
        .remove(0);
        phone
            .post(app.at("/a/submit"))
            .form(&[
                ("round", round.as_str()),
                ("code", &colleague),
                ("q.wb-1", "2"),
            ])
            .send()
            .await
            .expect("colleague's answer");
        store::move_ready(&app.db, &crate::support::test_key(), &round, false)
            .await
            .expect("move");
        let stored: Vec<String> =
            sqlx::query_scalar("SELECT payload FROM answers WHERE round_id = $1")
                .bind(&round)
                .fetch_all(&app.db.pool)
                .await
                .expect("answers");
        let theirs: Vec<&String> = stored.iter().filter(|p| !p.contains(":10")).collect();
        panic!(
            "{} cards printed for a team whose {before} people all have a link; with them \
             the administrator reads their colleague's answer: {theirs:?}",
            codes.len()
        );
    }
    assert_eq!(status, 409, "{html}");
    assert!(
        html.contains("has no people left without an invitation"),
        "{html}"
    );
    assert_eq!(invitations().await, before, "nothing written");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM card_printings").await, 0);

    // Where some have no e-mail, cards fit exactly those people, and every
    // sheet is recorded for the round's page and the hospital's committee.
    let cleaning = unit_id(&app, "SERV-REN").await;
    let round2 = open_pulse(&app, "SERV-REN").await;
    let places: i64 = sqlx::query_scalar(
        "SELECT headcount - invitations FROM round_units WHERE round_id = $1 AND unit_id = $2",
    )
    .bind(&round2)
    .bind(&cleaning)
    .fetch_one(&app.db.pool)
    .await
    .expect("places");
    let without_email: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE unit_id = $1 AND email IS NULL")
            .bind(&cleaning)
            .fetch_one(&app.db.pool)
            .await
            .expect("people");
    assert_eq!(places, without_email);
    let print = |n: i64| {
        let admin = admin.clone();
        let url = app.at(&format!("/surveys/round/{round2}/cards"));
        let unit = cleaning.clone();
        async move {
            admin
                .post(url)
                .header("accept-language", "en")
                .form(&[("unit", unit), ("count", n.to_string())])
                .send()
                .await
                .expect("cards")
                .status()
                .as_u16()
        }
    };
    assert_eq!(print(places - 1).await, 200);
    assert_eq!(print(2).await, 409, "one place left, not two");
    assert_eq!(print(1).await, 200);
    let round_page = admin
        .get(app.at(&format!("/surveys/round/{round2}")))
        .header("accept-language", "en")
        .send()
        .await
        .expect("round page")
        .text()
        .await
        .expect("html");
    assert!(round_page.contains("Cards printed"), "{round_page}");
    assert_eq!(
        round_page.matches("data-testid=\"card-printing\"").count(),
        2,
        "two sheets recorded: {round_page}"
    );
    let committee: String = sqlx::query_scalar("SELECT id FROM committees WHERE name = 'HMU'")
        .fetch_one(&app.db.pool)
        .await
        .expect("the hospital's committee");
    let member = login_ok(&app, COMMITTEE).await;
    let page = member
        .get(app.at(&format!("/committees/{committee}")))
        .header("accept-language", "en")
        .send()
        .await
        .expect("committee page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Code cards printed in"), "{page}");
    let rows: Vec<&str> = page
        .split("data-testid=\"card-printing\"")
        .skip(1)
        .collect();
    assert_eq!(rows.len(), 2, "the committee sees both sheets: {page}");
    assert!(rows.iter().all(|r| r.contains("Rengøringen")), "{page}");
}

/// Attack 2 — watching an open round (A6). A leader polls the results API
/// while the team answers. Batches hold k people, but a theme counts only
/// those who answered one of its questions: when four of a batch say "don't
/// know" to the psychological-safety question, that theme's count moves by
/// one person and `n₂·s₂ − n₁·s₁` is that person's score. The sensitive
/// theme (threshold 10) moves in batches of five, and "answered" moves with
/// every single answer. Every published number may move between two looks
/// only by at least its own threshold of new people — before and after the
/// round closes.
pub async fn a_theme_watched_through_a_batch_with_dont_know_reveals_no_single_score(
    store_kind: Store,
) {
    use crate::scenarios::answering::{codes_for, pause_demo_pulse};
    use crate::support::{client, test_key};
    use app::{
        model::NewSurvey,
        services::{surveys, tokens},
    };
    use serde_json::Value;

    let app = TestApp::demo(store_kind).await;
    pause_demo_pulse(&app).await;
    let th = app::anonymity::thresholds::read(&app.db)
        .await
        .expect("thresholds");
    let now = chrono::Utc::now().timestamp();
    let m1 = unit_id(&app, "MED-M1").await;
    surveys::create(
        &app.db,
        &NewSurvey {
            name: "Watched".into(),
            items: vec!["wb-2".into(), "ps-2".into(), "ex-1".into()],
            units: vec![m1.clone()],
            per_round: None,
            every_weeks: None,
            open_days: 7,
            first_open: None,
        },
        now,
    )
    .await
    .expect("survey");
    let round = surveys::open_due(&app.db, &test_key(), now)
        .await
        .expect("open")
        .pop()
        .expect("round");
    let codes = codes_for(&app, &round, "MED-M1", 15).await;
    let bi = tokens::create(&app.db, "BI", None, tokens::Purpose::Results, 365)
        .await
        .expect("token")
        .1;
    let api = app.at(&format!("/api/v1/rounds/{round}/units/{m1}"));
    // One look: each theme's (respondents, score) where published, and the
    // answered count.
    let look = || async {
        let body: Value = client()
            .get(&api)
            .bearer_auth(&bi)
            .send()
            .await
            .expect("api")
            .json()
            .await
            .expect("json");
        let figures: BTreeMap<String, (i64, f64)> = body["figures"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| {
                Some((
                    f["theme"].as_str()?.to_owned(),
                    (f["respondents"].as_i64()?, f["score"].as_f64()?),
                ))
            })
            .collect();
        (figures, body["answered"].as_i64().unwrap_or(-1))
    };
    let phone = client();
    let answer = |code: String, ps: &'static str| {
        let phone = phone.clone();
        let url = app.at("/a/submit");
        let round = round.clone();
        async move {
            let res = phone
                .post(url)
                .form(&[
                    ("round", round.as_str()),
                    ("code", &code),
                    ("q.wb-2", "3"),
                    ("q.ps-2", ps),
                    ("q.ex-1", "2"),
                ])
                .send()
                .await
                .expect("answer");
            assert_eq!(res.status(), 303);
        }
    };
    let mut looks = vec![look().await];
    // Batch 1: five colleagues answer everything.
    // Batch 2: four say "don't know" to psychological safety; the person of
    //          interest answers it with the lowest point.
    // Batch 3: five more answer everything.
    for (i, code) in codes.iter().enumerate() {
        let ps = match i {
            5..=8 => "dk",
            9 => "0",
            _ => "4",
        };
        answer(code.clone(), ps).await;
        looks.push(look().await);
        store::move_ready(&app.db, &test_key(), &round, false)
            .await
            .expect("move");
        looks.push(look().await);
    }
    store::close_round(&app.db, &test_key(), &round)
        .await
        .expect("close");
    looks.push(look().await);

    let threshold = |theme: &str| {
        if theme == "exposure" {
            th.k_sensitive
        } else {
            th.k_score
        }
    };
    let mut leaks = Vec::new();
    for pair in looks.windows(2) {
        let ((before, answered_before), (after, answered_after)) = (&pair[0], &pair[1]);
        let step = answered_after - answered_before;
        if step != 0 && step < th.k_score {
            leaks.push(format!(
                "answered moved by {step} ({answered_before} → {answered_after})"
            ));
        }
        for (theme, (n2, s2)) in after {
            let (n1, s1) = before.get(theme).copied().unwrap_or((0, 0.0));
            let step = n2 - n1;
            if step != 0 && step < threshold(theme) {
                let single = if step == 1 {
                    let score = (*n2 as f64 * s2 - n1 as f64 * s1).round() as i64;
                    format!(", so one person's score is {score}")
                } else {
                    String::new()
                };
                leaks.push(format!(
                    "{theme} moved by {step} respondents ({n1} → {n2}, {s1} → {s2}){single}"
                ));
            }
        }
    }
    assert!(leaks.is_empty(), "between two looks: {leaks:#?}");
    // Not a test that passes by publishing nothing: every theme's figure
    // that reached its threshold in new people was published.
    let (last, answered) = looks.last().expect("looks");
    assert_eq!(*answered, 15);
    assert_eq!(last.get("wellbeing").map(|f| f.0), Some(15), "{last:?}");
    assert_eq!(
        last.get("psychological-safety").map(|f| f.0),
        Some(11),
        "{last:?}"
    );
    assert_eq!(last.get("exposure").map(|f| f.0), Some(10), "{last:?}");
}

/// Attack 7 — a typed-in headcount. The medical outpatient clinic has four
/// people, so its sickness absence is hidden. Its leader (whose scope covers
/// the clinic) enters the quarter's figure with a headcount of five: typed,
/// the headcount is whatever the leader says, and the four people's absence
/// rate is published. Headcounts must come from the organisation tree.
pub async fn a_typed_headcount_cannot_unhide_a_small_clinics_absence(store_kind: Store) {
    use crate::scenarios::follow_up::{absence_row, absence_table};
    use crate::support::{login_ok, post, LEADER};
    let app = TestApp::demo(store_kind).await;
    sqlx::query("DELETE FROM absence")
        .execute(&app.db.pool)
        .await
        .expect("clear the demo's figures");
    let leader = login_ok(&app, LEADER).await;
    for (unit, lost, possible, typed) in
        [("MED", "240", "2728", "44"), ("MED-AMB", "31", "248", "5")]
    {
        let (status, body) = post(
            &leader,
            &app,
            "follow-up/absence",
            &[
                ("unit", unit),
                ("period", "2026-Q1"),
                ("days_lost", lost),
                ("days_possible", possible),
                ("headcount", typed),
            ],
        )
        .await;
        assert!(status < 400, "{status} {body}");
    }
    let clinic = absence_row(
        &absence_table(&leader, &app).await,
        "Medicinsk ambulatorium",
    );
    assert!(
        !clinic.contains("12.5 %"),
        "the four people's absence rate (31 of 248 days) is published: {clinic}"
    );
    assert!(clinic.contains("Hidden: fewer than 5 people"), "{clinic}");
}

/// Attack 3 — reorganising. A closed round in the medical department, with
/// the threshold at 6: the department's psychological safety (11 people) is
/// shown, ward M2's five are too few, and ward M1's six are hidden because
/// 11 − 6 would reveal M2. An administrator then moves ward M2 to the
/// surgical department and reads the old round again through the results
/// API. Judged on today's tree, the department is now M1 alone and M1 is
/// shown — and the department's figure before minus M1's after is M2's five
/// people. A round's figures must be decided on its own tree.
pub async fn a_moved_unit_does_not_change_an_old_rounds_figures(store_kind: Store) {
    use crate::scenarios::results::medical_round;
    use crate::support::client;
    use app::services::{tokens, units};
    use serde_json::Value;

    let app = TestApp::demo(store_kind).await;
    let round = medical_round(&app).await;
    let bi = tokens::create(&app.db, "BI", None, tokens::Purpose::Results, 365)
        .await
        .expect("token")
        .1;
    let url = app.at(&format!("/api/v1/rounds/{round}/results"));
    // Every (unit, theme) → (score, respondents, hidden) the API publishes.
    type Cells = BTreeMap<(String, String), (Option<f64>, Option<i64>, Option<String>)>;
    let look = || async {
        let body: Value = client()
            .get(&url)
            .bearer_auth(&bi)
            .send()
            .await
            .expect("api")
            .json()
            .await
            .expect("json");
        let mut cells = Cells::new();
        for u in body["units"].as_array().into_iter().flatten() {
            for f in u["figures"].as_array().into_iter().flatten() {
                cells.insert(
                    (
                        u["id"].as_str().unwrap_or_default().to_owned(),
                        f["theme"].as_str().unwrap_or_default().to_owned(),
                    ),
                    (
                        f["score"].as_f64(),
                        f["respondents"].as_i64(),
                        f["hidden"].as_str().map(str::to_owned),
                    ),
                );
            }
        }
        cells
    };
    let before = look().await;
    let (med, m1, m2, kir) = (
        unit_id(&app, "MED").await,
        unit_id(&app, "MED-M1").await,
        unit_id(&app, "MED-M2").await,
        unit_id(&app, "KIR").await,
    );
    let ps = "psychological-safety".to_owned();
    assert!(before[&(med.clone(), ps.clone())].0.is_some());
    assert_eq!(
        before[&(m1.clone(), ps.clone())].2.as_deref(),
        Some("would_reveal")
    );
    units::move_unit(&app.db, &m2, &kir).await.expect("move");
    let after = look().await;

    let changed: Vec<String> = before
        .iter()
        .filter(|(cell, was)| after.get(*cell) != Some(*was))
        .map(|((u, t), was)| {
            format!(
                "{u} {t}: {was:?} → {:?}",
                after.get(&(u.clone(), t.clone()))
            )
        })
        .chain(
            after
                .iter()
                .filter(|(cell, _)| !before.contains_key(*cell))
                .map(|((u, t), now)| format!("{u} {t}: new {now:?}")),
        )
        .collect();
    let recovered = match (
        before.get(&(med.clone(), ps.clone())),
        after.get(&(m1.clone(), ps.clone())),
    ) {
        (Some((Some(s1), Some(n1), _)), Some((Some(s2), Some(n2), _))) if n1 > n2 => format!(
            "; department before minus ward M1 after: {} people with a mean of {:.1}",
            n1 - n2,
            (*n1 as f64 * s1 - *n2 as f64 * s2) / (n1 - n2) as f64
        ),
        _ => String::new(),
    };
    assert!(
        changed.is_empty(),
        "the old round changed after a move: {changed:#?}{recovered}"
    );
}

/// Attack 5 — a report quarter watched daily. A committee member reads the
/// harassment statistics every day. They file nine reports about the medical
/// department themselves, look, and look again after a colleague files one
/// more: any change between the two looks says "one more report, this unit,
/// today". Then two things happen to the quarters already over — the
/// oldest closed cases are deleted under the retention rule, and a unit is
/// moved — and any change in those quarters' figures again points at
/// particular reports. Statistics must come from closed quarters only, from
/// a snapshot (counts and tree) that never moves.
pub async fn a_report_quarter_watched_daily_reveals_no_single_report(store_kind: Store) {
    use crate::scenarios::reports::call;
    use crate::support::{login_ok, COMMITTEE};
    use app::services::{reports, units};
    use serde_json::Value;

    let app = TestApp::demo(store_kind).await;
    let committee = login_ok(&app, COMMITTEE).await;
    // Every category's cells by unit, as the statistics API gives them.
    let look = || async {
        let mut cells: BTreeMap<(String, String), Value> = BTreeMap::new();
        for category in ["harassment", "violence", "accident"] {
            let (status, s) = call(
                &committee,
                &app,
                "/api/reports/statistics",
                &[("category", category)],
            )
            .await;
            assert_eq!(status, 200, "{s}");
            for row in s["rows"].as_array().into_iter().flatten() {
                let unit = row["unit_id"].as_str().unwrap_or_default().to_owned();
                let quarters = s["quarters"].as_array().cloned().unwrap_or_default();
                for (q, cell) in quarters
                    .iter()
                    .zip(row["cells"].as_array().into_iter().flatten())
                {
                    cells.insert(
                        (
                            format!("{category} {}", q.as_str().unwrap_or_default()),
                            unit.clone(),
                        ),
                        cell.clone(),
                    );
                }
            }
        }
        cells
    };
    let changes = |a: &BTreeMap<(String, String), Value>, b: &BTreeMap<(String, String), Value>| {
        let mut out: Vec<String> = a
            .iter()
            .filter(|(key, was)| b.get(*key) != Some(*was))
            .map(|((q, u), was)| format!("{q} {u}: {was} → {:?}", b.get(&(q.clone(), u.clone()))))
            .collect();
        out.extend(
            b.iter()
                .filter(|(key, _)| !a.contains_key(*key))
                .map(|((q, u), now)| format!("{q} {u}: new {now}")),
        );
        out
    };
    let med = unit_id(&app, "MED").await;
    let akut = unit_id(&app, "AKUT").await;
    let app_ref = &app;
    let report = move |category: &'static str, unit: String, description: String| async move {
        let receipt = crate::support::file_report(app_ref, category, &unit, &description).await;
        reports::receipt::split(&receipt).expect("receipt").0
    };
    // A case filed back then and closed on `closed_on`.
    let then = reports::today() - chrono::Months::new(9);
    let old_case = |category: &'static str, unit: String, closed_on: chrono::NaiveDate| {
        let db = app.db.clone();
        let filed = report(category, unit, "an old case".into());
        async move {
            let id = filed.await;
            sqlx::query(
                "UPDATE reports SET received_on = $1, status = 'closed', outcome = 'resolved', \
                 closed_on = $2 WHERE id = $3",
            )
            .bind(then.format("%Y-%m-%d").to_string())
            .bind(closed_on.format("%Y-%m-%d").to_string())
            .bind(&id)
            .execute(&db.pool)
            .await
            .expect("an old case");
        }
    };
    // Three quarters ago: twelve cases of violence in the emergency
    // department, closed a month after they came in, and ten of harassment
    // in the medical department, closed last month.
    for _ in 0..12 {
        old_case("violence", akut.clone(), then + chrono::Days::new(30)).await;
    }
    for _ in 0..10 {
        old_case(
            "harassment",
            med.clone(),
            reports::today() - chrono::Months::new(1),
        )
        .await;
    }
    for i in 0..9 {
        report(
            "harassment",
            med.clone(),
            format!("the committee member's own report {i}"),
        )
        .await;
    }
    let first = look().await;
    report("harassment", med.clone(), "a colleague's report".into()).await;
    let second = look().await;
    let seen = changes(&first, &second);
    assert!(
        seen.is_empty(),
        "one report filed today shows between two looks: {seen:#?}"
    );

    // The old cases of violence go under the retention rule (as on a day
    // half a year from now), and the medical department is moved under the
    // surgical one.
    let later = reports::today() + chrono::Months::new(6);
    let purged = reports::retention::purge(&app.db, later)
        .await
        .expect("purge");
    assert_eq!(purged.len(), 12, "the old cases are deleted");
    units::move_unit(&app.db, &med, &unit_id(&app, "KIR").await)
        .await
        .expect("move");
    let third = look().await;
    let seen = changes(&second, &third);
    assert!(
        seen.is_empty(),
        "the quarters already over changed after a deletion and a move: {seen:#?}"
    );
}

/// Attack 3b — reorganising, for sickness absence. The medical department's
/// leader enters a quarter for the department and both wards. The department
/// less its wards is the four-person clinic, so one ward is hidden. Then an
/// administrator moves ward M2 to the surgical department: judged on today's
/// tree the department's entered children are M1 alone, every rate is shown,
/// and the department's days less both wards' are the clinic's. A quarter's
/// absence must be judged on the tree of its own quarter.
pub async fn a_moved_unit_does_not_unhide_a_quarters_absence(store_kind: Store) {
    use crate::scenarios::follow_up::{absence_table, enter_absence};
    use crate::support::{login_ok, ADMIN, LEADER};
    use app::services::units;
    let app = TestApp::demo(store_kind).await;
    sqlx::query("DELETE FROM absence")
        .execute(&app.db.pool)
        .await
        .expect("clear the demo's figures");
    let leader = login_ok(&app, LEADER).await;
    for line in [
        ("MED", "240", "2728"),
        ("MED-M1", "100", "1200"),
        ("MED-M2", "90", "1100"),
    ] {
        enter_absence(&leader, &app, "2026-Q1", line).await;
    }
    let admin = login_ok(&app, ADMIN).await;
    let table = || async { absence_table(&admin, &app).await.replace("<!>", "") };
    let before = table().await;
    assert!(before.contains("Hidden"), "one ward is hidden: {before}");
    units::move_unit(
        &app.db,
        &unit_id(&app, "MED-M2").await,
        &unit_id(&app, "KIR").await,
    )
    .await
    .expect("move");
    let after = table().await;
    assert_eq!(
        before, after,
        "the quarter's absence changed after a move; with every rate shown, \
         (240 − 100 − 90) / (2728 − 1200 − 1100) = 11.7 % is the four-person clinic's"
    );
}

/// What a copy of the database shows of the reports: the cases in the order
/// they are stored (SQLite's rowid; PostgreSQL's writing transaction, then
/// place on disk) and the reporters' messages by (case, number).
async fn report_copy(app: &TestApp, store_kind: Store) -> (Vec<String>, Vec<(String, i64)>) {
    // A case's first message (its description) is never updated, unlike the
    // case's row, which every later message rewrites on PostgreSQL.
    let order = match store_kind {
        Store::Sqlite => "SELECT report_id FROM report_messages WHERE seq = 0 ORDER BY rowid",
        Store::Postgres => {
            "SELECT report_id FROM report_messages WHERE seq = 0 ORDER BY xmin::text::bigint, ctid"
        }
    };
    let cases: Vec<String> = sqlx::query_scalar(order)
        .fetch_all(&app.db.pool)
        .await
        .expect("cases");
    let messages: Vec<(String, i64)> = sqlx::query_as(
        "SELECT report_id, seq FROM report_messages WHERE kind = 'reporter' ORDER BY report_id, seq",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("messages");
    (cases, messages)
}

/// Attack 6 — a report's time of day on disk. The report page promises that
/// only the day of a report is kept. The attacker holds copies of the
/// database: two taken on one day around a colleague's report (a backup at
/// noon and one at night), and one taken later. The cases that are in the
/// second copy and not in the first arrived between the two backups; the
/// reporter's message that is new arrived then too (the reporter was at a
/// keyboard that afternoon); and cases stored in the order they were filed
/// place each among the others (PostgreSQL's `xmin` orders them against
/// every timestamped row of other tables). Between copies taken on one day,
/// neither reports nor reporters' messages may appear; once they do, a day's
/// cases must be stored in an order that is not the filing order.
pub async fn database_copies_place_no_report_or_reporters_message_within_its_day(
    store_kind: Store,
) {
    use app::services::reports;
    let app = TestApp::demo(store_kind).await;
    let med = unit_id(&app, "MED").await;
    let file = |i: usize| {
        let db = app.db.clone();
        let med = med.clone();
        async move {
            let receipt = reports::file(
                &db,
                &crate::support::test_key(),
                &reports::NewReport {
                    category: "harassment".into(),
                    unit: med,
                    happened: String::new(),
                    description: format!("report number {i} of the day"),
                    once: String::new(),
                },
            )
            .await
            .expect("file")
            .filed()
            .expect("filed");
            reports::receipt::split(&receipt).expect("receipt").0
        }
    };
    // Eight cases in the morning, in a known order.
    let mut filed = Vec::new();
    for i in 0..8 {
        filed.push(file(i).await);
    }
    let noon = report_copy(&app, store_kind).await;
    // The afternoon: one more case, and the reporter of the first writes.
    let afternoon = file(8).await;
    filed.push(afternoon.clone());
    reports::reporter_message(
        &app.db,
        &crate::support::test_key(),
        &filed[0],
        "I remembered who else was there.",
        "",
    )
    .await
    .expect("message")
    .expect("written");
    let night = report_copy(&app, store_kind).await;

    let mut recovered = Vec::new();
    let new_cases: Vec<&String> = night.0.iter().filter(|c| !noon.0.contains(c)).collect();
    if !new_cases.is_empty() {
        recovered.push(format!(
            "{} case(s) arrived between the two backups of one day (the afternoon's is {})",
            new_cases.len(),
            if new_cases.contains(&&afternoon) {
                "among them"
            } else {
                "not among them"
            }
        ));
    }
    let new_messages: Vec<&(String, i64)> =
        night.1.iter().filter(|m| !noon.1.contains(m)).collect();
    if !new_messages.is_empty() {
        recovered.push(format!(
            "{} reporter's message(s) written between the two backups, on case(s) {:?}",
            new_messages.len(),
            new_messages.iter().map(|m| &m.0).collect::<Vec<_>>()
        ));
    }
    // The night: the day's arrivals reach the handlers.
    assert_eq!(crate::support::deliver_reports(&app).await, 10);
    let later = report_copy(&app, store_kind).await;
    if later.0.len() != noon.0.len() + filed.len() || later.1.len() != noon.1.len() + 10 {
        recovered.push("the night's delivery lost or doubled a case or a message".into());
    }
    let stored: Vec<&String> = later.0.iter().filter(|c| filed.contains(c)).collect();
    if stored.len() == filed.len() && stored.iter().zip(&filed).all(|(a, b)| *a == b) {
        recovered.push(format!(
            "the day's {} cases are stored in the order they were filed",
            filed.len()
        ));
    }
    assert!(
        recovered.is_empty(),
        "copies of the database date reports within their day: {recovered:#?}"
    );
}

/// Attack 7, over time — the headcount of the day of entry. The medical
/// outpatient clinic had four people all through last quarter; two nurses
/// join it today. The leader enters last quarter's sickness absence today:
/// counted today, the clinic has six people, and the rate of the four who
/// were there (31 of 248 days) is published. A quarter's headcount must be
/// the quarter's: the fewest people the unit had on any of its days.
pub async fn a_headcount_of_the_day_of_entry_cannot_unhide_a_quarter(store_kind: Store) {
    use crate::scenarios::follow_up::{absence_row, absence_table, enter_absence};
    use crate::support::{login_ok, post, LEADER};
    use app::services::org;
    use chrono::Datelike;
    let app = TestApp::demo(store_kind).await;
    sqlx::query("DELETE FROM absence")
        .execute(&app.db.pool)
        .await
        .expect("clear the demo's figures");
    let clinic = unit_id(&app, "MED-AMB").await;
    let mut tx = app.db.pool.begin().await.expect("tx");
    for (no, name) in [("N-9001", "New Nurse One"), ("N-9002", "New Nurse Two")] {
        org::add_person(
            &mut tx,
            org::NewPerson {
                employee_no: no,
                name,
                email: None,
                lang: "da",
                unit_id: &clinic,
            },
        )
        .await
        .expect("a new nurse");
    }
    tx.commit().await.expect("commit");
    let last = app::services::follow_up::today() - chrono::Months::new(3);
    let quarter = format!("{}-Q{}", last.year(), last.month0() / 3 + 1);
    let leader = login_ok(&app, LEADER).await;
    for line in [("MED", "240", "2728"), ("MED-AMB", "31", "248")] {
        enter_absence(&leader, &app, &quarter, line).await;
    }
    let row = absence_row(
        &absence_table(&leader, &app).await,
        "Medicinsk ambulatorium",
    );
    assert!(
        !row.contains("12.5 %"),
        "the four people's absence rate (31 of 248 days) is published: {row}"
    );
    assert!(row.contains("Hidden: fewer than 5 people"), "{row}");
    // The running quarter has no headcount yet: it is refused, and says why.
    let today = app::services::follow_up::today();
    let running = format!("{}-Q{}", today.year(), today.month0() / 3 + 1);
    let (status, body) = post(
        &leader,
        &app,
        "follow-up/absence",
        &[
            ("unit", "MED"),
            ("period", running.as_str()),
            ("days_lost", "10"),
            ("days_possible", "100"),
        ],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("error-absence-not-over"), "{body}");
}

/// Attack 2, over several looks — complementary suppression that changes its
/// mind. The threshold is 6. The medical department's outpatient clinic has
/// four people, filed with the department; ward M1 has 7 respondents and
/// ward M2 has 6. The department (17) is shown, and one ward must be hidden
/// or 17 − 7 − 6 would be the clinic's four: M2, the smaller. The next batch
/// brings M2 to 12. Deciding afresh, M1 is now the smaller and is hidden,
/// M2 shown — and the department now, less M1 as shown before, less M2 now,
/// is the clinic's four people, score and all. A ward shown once stays
/// known, so later looks must keep it (anonymity::shown).
pub async fn complementary_suppression_does_not_change_its_mind_between_looks(store_kind: Store) {
    use crate::support::client;
    use app::{anonymity::thresholds, model::Thresholds, services::tokens};
    use serde_json::Value;

    let app = TestApp::demo(store_kind).await;
    thresholds::save(
        &app.db,
        Thresholds {
            k_score: 6,
            k_comment: 10,
            k_sensitive: 10,
        },
    )
    .await
    .expect("k = 6");
    let (med, m1, m2, amb) = (
        unit_id(&app, "MED").await,
        unit_id(&app, "MED-M1").await,
        unit_id(&app, "MED-M2").await,
        unit_id(&app, "MED-AMB").await,
    );
    let round = store::open_round(
        &app.db,
        &RoundSpec {
            name: "Pulse".into(),
            k: 6,
            survey: None,
            items: vec!["wb-1".into()],
            closes_at: None,
        },
        &[(m1.clone(), 22), (m2.clone(), 18), (amb.clone(), 4)]
            .into_iter()
            .collect(),
    )
    .await
    .expect("open");
    // What the publication steps leave published after each batch: each
    // filing unit's copy moved by at least k people (the clinic's four are
    // filed with the department). Means: M1 60, M2 70, the clinic 20.
    let publish = |filing: Vec<(String, i64, f64)>| {
        let db = app.db.clone();
        let round = round.clone();
        async move {
            for (unit, n, mean) in filing {
                sqlx::query("DELETE FROM result_dimensions WHERE round_id = $1 AND unit_id = $2")
                    .bind(&round)
                    .bind(&unit)
                    .execute(&db.pool)
                    .await
                    .expect("clear");
                sqlx::query(
                    "INSERT INTO result_dimensions \
                     (round_id, unit_id, dimension_id, n, score_sum, pub_n, pub_score_sum) \
                     VALUES ($1, $2, 'wellbeing', $3, $4, $3, $4)",
                )
                .bind(&round)
                .bind(&unit)
                .bind(n)
                .bind(n as f64 * mean)
                .execute(&db.pool)
                .await
                .expect("aggregate");
            }
            sqlx::query("UPDATE rounds SET tallied = tallied + 1 WHERE id = $1")
                .bind(&round)
                .execute(&db.pool)
                .await
                .expect("a batch");
        }
    };
    let bi = tokens::create(&app.db, "BI", None, tokens::Purpose::Results, 365)
        .await
        .expect("token")
        .1;
    let url = app.at(&format!("/api/v1/rounds/{round}/results"));
    // unit → (respondents, score) of the wellbeing theme, where shown.
    let look = || async {
        let body: Value = client()
            .get(&url)
            .bearer_auth(&bi)
            .send()
            .await
            .expect("api")
            .json()
            .await
            .expect("json");
        let mut shown = BTreeMap::new();
        for u in body["units"].as_array().into_iter().flatten() {
            for f in u["figures"].as_array().into_iter().flatten() {
                if let (Some("wellbeing"), Some(n), Some(s)) = (
                    f["theme"].as_str(),
                    f["respondents"].as_i64(),
                    f["score"].as_f64(),
                ) {
                    shown.insert(u["id"].as_str().unwrap_or_default().to_owned(), (n, s));
                }
            }
        }
        shown
    };
    publish(vec![
        (med.clone(), 4, 20.0),
        (m1.clone(), 7, 60.0),
        (m2.clone(), 6, 70.0),
    ])
    .await;
    let first = look().await;
    assert!(first.contains_key(&med), "{first:?}");
    publish(vec![(m2.clone(), 12, 70.0)]).await;
    let second = look().await;

    // The department at the second look, less every choice of the wards'
    // figures from either look.
    let mut recovered = Vec::new();
    if let Some((n, s)) = second.get(&med) {
        let options = |ward: &String| {
            let mut o = vec![None];
            for (at, look) in [(1, &first), (2, &second)] {
                if let Some(f) = look.get(ward) {
                    o.push(Some((at, *f)));
                }
            }
            o
        };
        for a in options(&m1) {
            for b in options(&m2) {
                let taken: Vec<(i64, f64)> = [a, b].iter().flatten().map(|(_, f)| *f).collect();
                let rest_n = n - taken.iter().map(|(tn, _)| tn).sum::<i64>();
                let rest_sum =
                    *n as f64 * s - taken.iter().map(|(tn, ts)| *tn as f64 * ts).sum::<f64>();
                if rest_n > 0 && rest_n < 6 {
                    recovered.push(format!(
                        "department now less M1 {:?} less M2 {:?}: {rest_n} people, mean {:.1}",
                        a.map(|(at, _)| at),
                        b.map(|(at, _)| at),
                        rest_sum / rest_n as f64
                    ));
                }
            }
        }
    }
    assert!(
        recovered.is_empty(),
        "looks: {first:?} then {second:?}; recovered {recovered:#?}"
    );
}

/// Attack 3/7, over several looks — sickness absence entered one unit at a
/// time. The leader enters last quarter for the medical department (44
/// people), ward M2 (18) and the outpatient clinic (4, hidden). A committee
/// member looks: the department and M2 are shown. The leader enters ward M1
/// (22): now the department less both wards would be the clinic's four, so
/// one ward must go — and deciding afresh hides M2, the smaller, and shows
/// M1. The department less M1 (second look) less M2 (first look) is the
/// clinic's rate. A unit shown once must stay known (anonymity::shown).
pub async fn absence_entered_unit_by_unit_does_not_show_both_wards(store_kind: Store) {
    use crate::scenarios::follow_up::{absence_row, absence_table, enter_absence};
    use crate::support::{login_ok, LEADER};
    use chrono::Datelike;
    let app = TestApp::demo(store_kind).await;
    sqlx::query("DELETE FROM absence")
        .execute(&app.db.pool)
        .await
        .expect("clear the demo's figures");
    let last = app::services::follow_up::today() - chrono::Months::new(3);
    let quarter = format!("{}-Q{}", last.year(), last.month0() / 3 + 1);
    let leader = login_ok(&app, LEADER).await;
    let rate = |row: &str| -> Option<f64> {
        let cell = row.split(" %").next()?;
        let number = cell.rsplit('>').next()?.trim().replace(',', ".");
        number.parse().ok()
    };
    // Days lost and possible: the clinic's are 31 of 248, 12.5 %.
    for line in [
        ("MED", "240", "2728"),
        ("MED-M2", "89", "1116"),
        ("MED-AMB", "31", "248"),
    ] {
        enter_absence(&leader, &app, &quarter, line).await;
    }
    let first = absence_table(&leader, &app).await;
    let (med1, m2) = (
        rate(&absence_row(&first, "Medicinsk afdeling")),
        rate(&absence_row(&first, "Sengeafsnit M2")),
    );
    assert!(med1.is_some() && m2.is_some(), "first look: {first}");
    enter_absence(&leader, &app, &quarter, ("MED-M1", "120", "1364")).await;
    let second = absence_table(&leader, &app).await;
    let (med2, m1) = (
        rate(&absence_row(&second, "Medicinsk afdeling")),
        rate(&absence_row(&second, "Sengeafsnit M1")),
    );
    if let (Some(med), Some(m1), Some(m2)) = (med2, m1, m2) {
        // Weighted by the shown headcounts (44, 22, 18), as a reader would.
        let clinic = (med * 44.0 - m1 * 22.0 - m2 * 18.0) / 4.0;
        panic!(
            "the clinic's four people: about {clinic:.1} % (department {med} % at the second \
             look, M1 {m1} % at the second, M2 {m2} % at the first)"
        );
    }
    assert!(
        absence_row(&second, "Sengeafsnit M1").contains("Hidden"),
        "{second}"
    );
}

/// Attack 2/3/5/7 across a changed threshold. The rule for one look is sound
/// at one threshold; decided again at another, complementary suppression
/// can choose other units, and the two looks together isolate a smaller
/// group — the property test `a_threshold_changed_between_looks_isolates_one_person`
/// (anonymity::suppress) finds a department at k = 7 less two wards shown at
/// k = 5 leaving one person. So a round, a report quarter and a quarter's
/// sickness absence keep the thresholds they were opened or counted with:
/// an administrator's change applies to rounds opened and quarters counted
/// after it. Here: every round's results (the API), the report statistics
/// and the absence table, looked at before and after the administrator
/// raises the thresholds, must be the same.
pub async fn a_changed_threshold_moves_no_figure_already_published(store_kind: Store) {
    use crate::scenarios::follow_up::absence_table;
    use crate::scenarios::reports::call;
    use crate::support::{client, login_ok, post, ADMIN, COMMITTEE, LEADER};
    use app::services::tokens;

    let app = TestApp::demo(store_kind).await;
    // The demo as `make run` seeds it: a year of past rounds, closed report
    // quarters and entered sickness absence.
    app::services::demo_history::seed(&app.db)
        .await
        .expect("past rounds");
    app::services::demo_reports::seed(&app.db)
        .await
        .expect("reports");
    app::services::demo_follow_up::seed(&app.db)
        .await
        .expect("follow-up");
    let committee = login_ok(&app, COMMITTEE).await;
    let leader = login_ok(&app, LEADER).await;
    let bi = tokens::create(&app.db, "BI", None, tokens::Purpose::Results, 365)
        .await
        .expect("token")
        .1;
    let rounds: Vec<String> = sqlx::query_scalar("SELECT id FROM rounds ORDER BY opened_at")
        .fetch_all(&app.db.pool)
        .await
        .expect("rounds");
    assert!(rounds.len() >= 2, "the demo has past rounds");
    // What is shown: name → body.
    let look = || async {
        let mut shown: BTreeMap<String, String> = BTreeMap::new();
        for round in &rounds {
            let body = client()
                .get(app.at(&format!("/api/v1/rounds/{round}/results")))
                .bearer_auth(&bi)
                .send()
                .await
                .expect("api")
                .text()
                .await
                .expect("body");
            shown.insert(format!("round {round}"), body);
        }
        for category in ["harassment", "violence", "accident"] {
            let (status, s) = call(
                &committee,
                &app,
                "/api/reports/statistics",
                &[("category", category)],
            )
            .await;
            assert_eq!(status, 200, "{s}");
            shown.insert(format!("reports {category}"), s.to_string());
        }
        shown.insert("absence".into(), absence_table(&leader, &app).await);
        shown
    };
    let before = look().await;
    let admin = login_ok(&app, ADMIN).await;
    let (status, body) = post(
        &admin,
        &app,
        "org/thresholds/save",
        &[("k_score", "7"), ("k_comment", "12"), ("k_sensitive", "12")],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let after = look().await;
    let moved: Vec<&String> = before
        .iter()
        .filter(|(what, was)| after.get(*what) != Some(*was))
        .map(|(what, _)| what)
        .collect();
    assert!(
        moved.is_empty(),
        "raising the thresholds changed what was already published in {moved:?}"
    );
}
