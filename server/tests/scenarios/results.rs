//! Results over HTTP as a leader sees them (A4, A5): figures of small groups
//! are hidden with a reason, and a sibling is hidden too where subtraction
//! would otherwise reveal a small group.

use super::answering::{open_survey, pause_demo_pulse, print_cards};
use crate::support::{
    client, count, login_ok, page, test_key, unit_id, Store, TestApp, COMMITTEE, LEADER,
};
use app::anonymity::store as core;

/// The text of a dashboard cell.
pub(crate) fn cell(html: &str, dimension: &str) -> String {
    html.split(&format!("data-testid=\"score-{dimension}\""))
        .nth(1)
        .and_then(|s| s.split_once('>'))
        .and_then(|(_, s)| s.split("</td>").next())
        .map(|s| s.replace("<!>", "").trim().to_owned())
        .unwrap_or_else(|| panic!("no {dimension} cell in {html}"))
}

/// A closed round in the medical department: ward M1's six answer both
/// questions (wellbeing, psychological safety); ward M2's six answer
/// wellbeing, five of them psychological safety. Everyone comments. Then the
/// organisation raises its score threshold from 5 to 6: ward M2's five on
/// psychological safety are too few, and ward M1's six would reveal them as
/// the department's eleven minus six — so both are hidden, and the
/// department's figure stays.
pub(crate) async fn medical_round(app: &TestApp) -> String {
    pause_demo_pulse(app).await;
    let round = open_survey(app, "Results test", &["wb-2", "ps-2"], "MED").await;
    // Ward M1: six answer both questions. Ward M2: six answer wellbeing,
    // five of them the psychological-safety question.
    let phone = client();
    let written = std::sync::atomic::AtomicUsize::new(0);
    let send = |code: String, ps: bool| {
        let (phone, round) = (phone.clone(), round.clone());
        let url = app.at("/a/submit");
        // Everyone writes a comment, each one distinct.
        let n = written.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            let mut form = vec![
                ("round", round),
                ("code", code),
                ("q.wb-2", "3".to_owned()),
                ("comment", format!("Kommentar nummer {n} <b>fed</b>")),
            ];
            if ps {
                form.push(("q.ps-2", "1".to_owned()));
            }
            let res = phone.post(url).form(&form).send().await.expect("post");
            assert_eq!(res.status(), 303);
        }
    };
    for code in print_cards(app, &round, "MED-M1", 6).await {
        send(code, true).await;
    }
    for (i, code) in print_cards(app, &round, "MED-M2", 6)
        .await
        .into_iter()
        .enumerate()
    {
        send(code, i < 5).await;
    }
    core::close_round(&app.db, &test_key(), &round)
        .await
        .expect("close");
    // The round is judged at k = 6, as if it had been opened with it (a
    // round keeps the thresholds it opened with; its batches of five have
    // moved already, which a round opened at six would not have made).
    sqlx::query("UPDATE rounds SET k = 6 WHERE id = $1")
        .bind(&round)
        .execute(&app.db.pool)
        .await
        .expect("raise k");

    round
}

pub async fn a_leader_sees_safe_figures_and_a_sibling_is_hidden_where_subtraction_would_reveal(
    store: Store,
) {
    let app = TestApp::demo(store).await;
    let round = medical_round(&app).await;
    let leader = login_ok(&app, LEADER).await;
    let page = |unit: &'static str| {
        let leader = leader.clone();
        let app = &app;
        async move {
            let id = unit_id(app, unit).await;
            let res = leader
                .get(app.at(&format!("/results/unit/{id}")))
                .send()
                .await
                .expect("page");
            assert_eq!(res.status(), 200, "{unit}");
            res.text().await.expect("html")
        }
    };
    let med = page("MED").await;
    let m1 = page("MED-M1").await;
    let m2 = page("MED-M2").await;
    // Wellbeing: everyone answered; every unit shows it.
    for html in [&med, &m1, &m2] {
        assert!(
            cell(html, "wellbeing").parse::<f64>().is_ok(),
            "{}",
            cell(html, "wellbeing")
        );
    }
    // Psychological safety: the department (11) shows; ward M2 (5) is too
    // small; ward M1 (6) would reveal M2's five as 11 − 6, so it is hidden too.
    assert!(cell(&med, "psychological-safety").parse::<f64>().is_ok());
    assert_eq!(cell(&m2, "psychological-safety"), "fewer than 6 answered");
    assert_eq!(cell(&m1, "psychological-safety"), "hidden");
    assert!(
        m1.contains("work out a smaller group"),
        "the reason is explained"
    );
    // Comments (threshold 10): each ward's six are below the threshold, so
    // when the round closed they went up to the department, where all twelve
    // are shown, escaped; the ward's page says where they went.
    for n in 0..12 {
        assert!(
            med.contains(&format!("Kommentar nummer {n} &lt;b&gt;fed&lt;/b&gt;")),
            "comment {n} on the department page"
        );
    }
    assert!(!med.contains("<b>fed</b>"), "comments are escaped");
    assert!(
        !m1.contains("Kommentar nummer"),
        "a ward's comments stay hidden"
    );
    assert!(
        m1.contains("read together with others&#x27; at Medicinsk afdeling")
            || m1.contains("read together with others' at Medicinsk afdeling"),
        "the ward page explains why"
    );
    // The plain counts are shown.
    assert!(m2.contains("6 of 18 invited have answered"), "{m2}");
    // The committee's heatmap hides exactly the same cells (one decision per
    // theme for the whole tree), and the leader's shows only their scope.
    let committee = login_ok(&app, COMMITTEE).await;
    let heat = committee
        .get(app.at(&format!("/results/heatmap?round={round}")))
        .send()
        .await
        .expect("heatmap");
    assert_eq!(heat.status(), 200);
    let heat = heat.text().await.expect("html");
    let row = |unit: &str| {
        heat.split(&format!("href=\"/results/unit/{unit}?round={round}\""))
            .nth(1)
            .and_then(|s| s.split("</tr>").next())
            .map(|s| s.matches("heat-hidden").count())
            .unwrap_or_else(|| panic!("no row for {unit}"))
    };
    assert_eq!(row(&unit_id(&app, "MED").await), 0);
    assert_eq!(row(&unit_id(&app, "MED-M1").await), 1);
    assert_eq!(row(&unit_id(&app, "MED-M2").await), 1);
    let mine = leader
        .get(app.at(&format!("/results/heatmap?round={round}")))
        .send()
        .await
        .expect("heatmap")
        .text()
        .await
        .expect("html");
    assert!(mine.contains(&unit_id(&app, "MED-M1").await));
    assert!(!mine.contains(&format!("/results/unit/{}", unit_id(&app, "HOSP").await)));
    // The committee's export holds the same figures and hides the same
    // cells, each with its reason; the XLSX is a real workbook.
    let csv = committee
        .get(app.at(&format!("/results/export?round={round}&format=csv")))
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .expect("content type")
        .starts_with("text/csv"));
    let csv = csv.text().await.expect("csv");
    let line = |unit: &str, theme: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{unit},")) && l.contains(&format!(",{theme},")))
            .unwrap_or_else(|| panic!("no line {unit} × {theme} in {csv}"))
            .to_owned()
    };
    assert!(line("Sengeafsnit M2", "Psychological safety").ends_with(",fewer than 6 answered"));
    assert!(line("Sengeafsnit M1", "Psychological safety")
        .ends_with(",hidden: would reveal a smaller group"));
    let med_ps = line("Medicinsk afdeling", "Psychological safety");
    let fields: Vec<&str> = med_ps.split(',').collect();
    assert_eq!(
        fields[3].parse::<f64>().ok().map(|s| format!("{s:.0}")),
        Some(cell(&med, "psychological-safety")),
        "the file's score is the page's"
    );
    assert_eq!(fields[7], "11", "respondents of the shown figure");
    let xlsx = committee
        .get(app.at(&format!("/results/export?round={round}&format=xlsx")))
        .send()
        .await
        .expect("xlsx");
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.expect("xlsx");
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip container");
    // Bad format and no session.
    let bad = committee
        .get(app.at(&format!("/results/export?round={round}&format=pdf")))
        .send()
        .await
        .expect("bad");
    assert_eq!(bad.status(), 400);
    assert!(bad
        .text()
        .await
        .expect("page")
        .contains("Choose CSV or XLSX."));
    let anon = client()
        .get(app.at(&format!("/results/export?round={round}&format=csv")))
        .send()
        .await
        .expect("anon");
    assert_eq!(anon.status(), 401);
    // The leader's file covers their scope only (and the organisation row
    // above it for comparison).
    let theirs = leader
        .get(app.at(&format!("/results/export?round={round}&format=csv")))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("csv");
    assert!(theirs.contains("\nSengeafsnit M1,"));
    assert!(!theirs.contains("Akutmodtagelsen"), "{theirs}");
    // A unit outside the leader's scope does not exist for them.
    let other = unit_id(&app, "AKUT").await;
    let res = leader
        .get(app.at(&format!("/results/unit/{other}")))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 404);
}

/// Issue 16: the ambulatorium (four people, below k = 5) files its answers
/// with the medical department, but when the department's own group is
/// still below k at the close, they go one level further up. The page must
/// name the unit whose figures hold them — the words and the stored figures
/// agree.
pub async fn a_small_units_page_names_where_its_answers_are_counted(store: Store) {
    let app = TestApp::demo(store).await;
    pause_demo_pulse(&app).await;
    let round = open_survey(&app, "Where answers count", &["wb-2"], "MED").await;
    let phone = client();
    for (unit, n) in [("MED-M1", 6), ("MED-M2", 6), ("MED-AMB", 3)] {
        for code in super::answering::codes_for(&app, &round, unit, n).await {
            let res = phone
                .post(app.at("/a/submit"))
                .form(&[
                    ("round", &round),
                    ("code", &code),
                    ("q.wb-2", &"3".to_owned()),
                ])
                .send()
                .await
                .expect("post");
            assert_eq!(res.status(), 303);
        }
    }
    core::close_round(&app.db, &test_key(), &round)
        .await
        .expect("close");
    // The stored figures: the wards' twelve in the department's subtree,
    // the ambulatorium's three with the hospital.
    let stored = |unit: String| {
        let (db, round) = (app.db.clone(), round.clone());
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COALESCE(MAX(respondents), 0) FROM result_respondents WHERE round_id = $1 AND unit_id = $2",
            )
            .bind(&round)
            .bind(&unit)
            .fetch_one(&db.pool)
            .await
            .expect("respondents")
        }
    };
    assert_eq!(
        stored(unit_id(&app, "MED").await).await,
        0,
        "no group of the department's own"
    );
    let (root, root_name): (String, String) =
        sqlx::query_as("SELECT id, name FROM units WHERE parent_id IS NULL")
            .fetch_one(&app.db.pool)
            .await
            .expect("root");
    // The survey asks the department only: above it, nobody else answered,
    // so the three never reach a group of five and stay sealed.
    assert_eq!(stored(root).await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM answer_inbox").await, 3);
    // The words: the ambulatorium's page does not claim the department
    // counts them; it says they are counted nowhere.
    let amb = unit_id(&app, "MED-AMB").await;
    let admin = login_ok(&app, crate::support::ADMIN).await;
    let (_, html) = page(&admin, &app, &format!("/results/unit/{amb}?round={round}")).await;
    let notice = html
        .split("data-testid=\"filed-with\"")
        .nth(1)
        .or_else(|| html.split("count with").nth(1))
        .and_then(|s| s.split("</p>").next())
        .unwrap_or_else(|| panic!("no explanation in {html}"));
    assert!(!notice.contains("Medicinsk afdeling"), "{notice}");
    assert!(!notice.contains(&root_name), "{notice}");
    assert!(
        notice.contains("too few answered here and in the units above"),
        "{notice}"
    );
}
