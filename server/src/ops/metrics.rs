//! `/metrics` for the operators, in the Prometheus text format, served only
//! on its own address (`--metrics-addr`), which the operator keeps off the
//! public network; without it there is no `/metrics` at all.
//!
//! What it shows, and why no figure can date an answer or a report:
//! - staff requests, live, by route group and status class (labels from a
//!   fixed list, so strange paths cannot grow the output or memory);
//! - the anonymous routes (answering, reporting, the pages and files they
//!   load) only as counts of completed UTC days, the same counts the access
//!   log writes once after midnight (`request_log`), and the answer writer's
//!   batches, stored answers and deepest queue the same way
//!   (`app::services::tally`): a count that moved between two scrapes
//!   seconds apart would place an answer or a report at its moment;
//! - answers moved out of the inbox (in groups of at least k, on the
//!   scheduler's tick), runs and failures of the background jobs, mail sent
//!   and failed, and the database pool — live.
//!
//! No label names a person, a unit, a round, a path or anything a request
//! carried.

use app::services::{state::AppState, tally};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use prometheus_client::{
    encoding::{text::encode, EncodeLabelSet},
    metrics::{counter::ConstCounter, counter::Counter, family::Family, gauge::ConstGauge},
    registry::Registry,
};
use std::sync::{atomic::Ordering::Relaxed, LazyLock};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Requests {
    group: &'static str,
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobRun {
    job: &'static str,
    outcome: &'static str,
}

static STAFF_REQUESTS: LazyLock<Family<Requests, Counter>> = LazyLock::new(Family::default);
/// Totals over completed days only; added to once a day ([`publish_day`]).
static ANONYMOUS_REQUESTS: LazyLock<Family<Requests, Counter>> = LazyLock::new(Family::default);
static JOB_RUNS: LazyLock<Family<JobRun, Counter>> = LazyLock::new(Family::default);
static ANSWERS_MOVED: LazyLock<Counter> = LazyLock::new(Counter::default);

fn status_class(status: u16) -> &'static str {
    match status {
        0..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// The route group of a staff request's area (`request_log::area`).
fn staff_group(area: &str) -> &'static str {
    match area {
        "/healthz" | "/livez" | "/readyz" => "health",
        "/login" | "/auth" | "/password" | "/api/login" | "/api/logout" | "/api/password"
        | "/api/sign-in" => "sign-in",
        "/api/v1" => "api",
        a if a.starts_with("/api/") => "server-function",
        _ => "page",
    }
}

/// The route group of an anonymous area (`request_log::ANONYMOUS`).
fn anonymous_group(area: &str) -> &'static str {
    match area {
        "/a" | "/api/answer" => "answering",
        "/report" | "/r" | "/api/report" => "reporting",
        _ => "site",
    }
}

/// A staff request, counted at once.
pub fn staff_request(area: &str, status: u16) {
    STAFF_REQUESTS
        .get_or_create(&Requests {
            group: staff_group(area),
            status: status_class(status),
        })
        .inc();
}

/// A completed day's requests to one anonymous area, by status class
/// (2xx, 3xx, 4xx, 5xx), as the access log writes them after midnight.
pub fn publish_day(area: &str, counts: [u64; 4]) {
    for (class, n) in ["2xx", "3xx", "4xx", "5xx"].into_iter().zip(counts) {
        ANONYMOUS_REQUESTS
            .get_or_create(&Requests {
                group: anonymous_group(area),
                status: class,
            })
            .inc_by(n);
    }
}

/// One run of a background job; `job` is one of the scheduler's names.
pub fn job_run(job: &'static str, ok: bool) {
    JOB_RUNS
        .get_or_create(&JobRun {
            job,
            outcome: if ok { "ok" } else { "failed" },
        })
        .inc();
}

pub fn answers_moved(n: u64) {
    ANSWERS_MOVED.inc_by(n);
}

/// The text of one scrape.
pub fn render(state: &AppState) -> String {
    let mut r = Registry::with_prefix("trivsel");
    r.register(
        "staff_requests",
        "Requests to staff routes, by route group and status class",
        STAFF_REQUESTS.clone(),
    );
    r.register(
        "anonymous_requests_completed_days",
        "Requests to the answering and reporting routes and the files their pages load, \
         over completed UTC days only",
        ANONYMOUS_REQUESTS.clone(),
    );
    r.register(
        "answer_batches_completed_days",
        "Batches the answer writer committed, over completed UTC days only",
        ConstCounter::new(tally::ANSWER_BATCHES.published()),
    );
    r.register(
        "answers_stored_completed_days",
        "Answers the writer committed and acknowledged, over completed UTC days only",
        ConstCounter::new(tally::ANSWERS_STORED.published()),
    );
    r.register(
        "answer_queue_deepest_last_day",
        "The most answers waiting for the writer at once on the last completed UTC day",
        ConstGauge::new(tally::DEEPEST_ANSWER_QUEUE.published() as i64),
    );
    r.register(
        "answers_moved",
        "Answers moved from the inbox to permanent storage, in groups of at least k",
        ANSWERS_MOVED.clone(),
    );
    r.register(
        "job_runs",
        "Runs of the background jobs, by job and outcome",
        JOB_RUNS.clone(),
    );
    r.register(
        "mail_sent",
        "E-mails the SMTP relay accepted",
        ConstCounter::new(tally::MAIL_SENT.load(Relaxed)),
    );
    r.register(
        "mail_failed",
        "E-mails that could not be handed to the SMTP relay",
        ConstCounter::new(tally::MAIL_FAILED.load(Relaxed)),
    );
    let pool = &state.db.pool;
    let size = i64::from(pool.size());
    let idle = pool.num_idle() as i64;
    r.register(
        "db_connections_in_use",
        "Database connections in use",
        ConstGauge::new(size - idle),
    );
    r.register(
        "db_connections_idle",
        "Database connections open and idle",
        ConstGauge::new(idle),
    );
    r.register(
        "db_connections_max",
        "Most database connections this instance opens",
        ConstGauge::new(i64::from(pool.options().get_max_connections())),
    );
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = encode(&mut text, &r);
    text
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        render(&state),
    )
        .into_response()
}

/// The router of the metrics address: `/metrics` and nothing else.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_path_falls_in_a_fixed_group() {
        for area in ["/x1", "/%2e%2e", "/api/whatever", "/results", "/api/v1"] {
            let g = staff_group(area);
            assert!(
                ["health", "sign-in", "api", "server-function", "page"].contains(&g),
                "{area}"
            );
        }
        for area in crate::http::request_log::ANONYMOUS {
            assert!(["answering", "reporting", "site"].contains(&anonymous_group(area)));
        }
    }
}
