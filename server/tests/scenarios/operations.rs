//! What operators watch — liveness, readiness and `/metrics` — attacked as
//! someone who reads the metrics every few seconds to date an answer or a
//! report, or who sends strange paths to grow them.

use super::answering::{open_pulse, print_cards};
use crate::support::{client, login_ok, test_key, unit_id, Store, TestApp, ADMIN};
use app::services::state::{AppState, Settings};

/// The metrics address of `serve --metrics-addr`, on the test's database.
async fn metrics_address(app: &TestApp) -> (String, AppState) {
    let state = AppState::new(app.db.clone(), Settings::default(), test_key());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let router = server::ops::metrics::router(state.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (base, state)
}

async fn scrape(base: &str) -> String {
    let res = client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("scrape");
    assert_eq!(res.status(), 200);
    let kind = res.headers()["content-type"]
        .to_str()
        .expect("type")
        .to_owned();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    res.text().await.expect("text")
}

/// The lines of the figures that anonymous people's actions move.
fn anonymous_figures(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            l.starts_with("trivsel_anonymous_requests")
                || l.starts_with("trivsel_answer_batches")
                || l.starts_with("trivsel_answers_stored")
                || l.starts_with("trivsel_answer_queue")
        })
        .map(str::to_owned)
        .collect()
}

/// The value of one sample (0 when it is not there yet).
fn sample(text: &str, name_and_labels: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name_and_labels)?.trim().parse::<f64>().ok())
        .map_or(0, |v| v as u64)
}

pub async fn metrics_never_date_an_answer_or_a_report(store: Store) {
    let app = TestApp::demo(store).await;
    let (metrics, _state) = metrics_address(&app).await;
    let before = scrape(&metrics).await;
    // (Families with labels appear with their first series.)
    for family in [
        "trivsel_answers_stored_completed_days",
        "trivsel_answer_queue_deepest_last_day",
        "trivsel_answers_moved",
        "trivsel_mail_sent",
        "trivsel_db_connections_max",
    ] {
        assert!(
            before.contains(&format!("# TYPE {family}")),
            "{family}:\n{before}"
        );
    }
    // The public address has no metrics.
    let public = client()
        .get(app.at("/metrics"))
        .send()
        .await
        .expect("public");
    assert_eq!(public.status(), 404);

    // An answer by code card, and a report, as people send them.
    let round = open_pulse(&app, "SERV").await;
    let codes = print_cards(&app, &round, "SERV-REN", 2).await;
    let phone = client();
    let page = phone
        .get(app.at(&format!("/a/{}", codes[0])))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let sent = phone
        .post(app.at("/a/submit"))
        .form(&[
            ("round", round.as_str()),
            ("code", codes[0].as_str()),
            ("q.wb-1", "4"),
            ("q.ps-2", "3"),
        ])
        .send()
        .await
        .expect("submit");
    assert_eq!(sent.headers()["location"], "/a/thanks");
    let unit = unit_id(&app, "SERV-REN").await;
    let month = app::services::reports::months(app::services::reports::today())[0].clone();
    let reported = client()
        .post(app.at("/report/submit"))
        .form(&[
            ("category", "harassment"),
            ("unit", ""),
            ("happened", month.as_str()),
            ("description", "Something happened in the corridor."),
        ])
        .send()
        .await
        .expect("report");
    assert!(
        reported.status().is_success() || reported.status().is_redirection(),
        "{}",
        reported.status()
    );

    // A second look, seconds later: nothing the answer or the report moved.
    let after = scrape(&metrics).await;
    assert_eq!(
        anonymous_figures(&before),
        anonymous_figures(&after),
        "a figure moved by an answer or a report within the day"
    );
    for secret in [&codes[0], &codes[1], &round, &unit] {
        assert!(!after.contains(secret.as_str()), "{secret} in the metrics");
    }

    // Staff requests are counted at once, in fixed groups: strange paths
    // neither appear nor add labels.
    let staff_before = sample(
        &after,
        "trivsel_staff_requests_total{group=\"page\",status=\"2xx\"}",
    );
    let admin = login_ok(&app, ADMIN).await;
    let surveys = admin.get(app.at("/surveys")).send().await.expect("surveys");
    assert_eq!(surveys.status(), 200);
    for i in 0..30 {
        let _ = client()
            .get(app.at(&format!("/zz-strange-{i}/x?code=Q{i}")))
            .send()
            .await
            .expect("strange");
    }
    let staff = scrape(&metrics).await;
    assert!(
        sample(
            &staff,
            "trivsel_staff_requests_total{group=\"page\",status=\"2xx\"}"
        ) > staff_before,
        "{staff}"
    );
    assert!(!staff.contains("zz-strange"), "{staff}");
    let groups: std::collections::BTreeSet<&str> = staff
        .lines()
        .filter(|l| l.starts_with("trivsel_staff_requests_total{"))
        .filter_map(|l| l.split("group=\"").nth(1)?.split('"').next())
        .collect();
    assert!(
        groups
            .iter()
            .all(|g| ["health", "sign-in", "api", "server-function", "page"].contains(g)),
        "{groups:?}"
    );

    // After midnight the day's counts appear, all at once.
    server::http::request_log::write_day(app::services::reports::today());
    let next_day = scrape(&metrics).await;
    for (sample_name, what) in [
        (
            "trivsel_anonymous_requests_completed_days_total{group=\"answering\",status=\"3xx\"}",
            "the answer post",
        ),
        (
            "trivsel_anonymous_requests_completed_days_total{group=\"answering\",status=\"2xx\"}",
            "the questionnaire",
        ),
        (
            "trivsel_answers_stored_completed_days_total",
            "the stored answer",
        ),
    ] {
        assert!(
            sample(&next_day, sample_name) > sample(&after, sample_name),
            "{what} is counted once the day is over:\n{next_day}"
        );
    }
}

pub async fn readiness_follows_the_database_and_liveness_the_process(store: Store) {
    let app = TestApp::demo(store).await;
    let c = client();
    for path in ["/livez", "/readyz", "/healthz"] {
        let res = c.get(app.at(path)).send().await.expect(path);
        assert_eq!(res.status(), 200, "{path}");
    }
    // The database goes away: not ready, still alive.
    app.db.pool.close().await;
    let ready = c.get(app.at("/readyz")).send().await.expect("readyz");
    assert_eq!(ready.status(), 503);
    let live = c.get(app.at("/livez")).send().await.expect("livez");
    assert_eq!(live.status(), 200);
}
