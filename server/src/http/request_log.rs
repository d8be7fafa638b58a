//! The access log, kept so that it can never date an answer or a report.
//!
//! Staff routes get a line per request: the method, the area (the first path
//! segment; two for server functions under `/api`), the status and the
//! duration — never the client address, user agent, query string or the rest
//! of the path, which could identify a person or carry a code.
//!
//! The routes anonymous people use — answering, reporting, the landing page,
//! the language switch and the files their pages load ([`ANONYMOUS`]) — get
//! no line of their own: every line carries the time it was written (and a
//! log collector adds its own), so one line on `/report` at 14:03 would place
//! a report at its time of day, beside the database rows stamped around it.
//! They are counted instead, per area and status class, and each day's
//! counts are written once, just after midnight UTC, for the day that ended
//! ([`spawn_daily_counts`]). The counts of an unfinished day are dropped at
//! shutdown rather than written at a time that would say when they happened.
//! The operators' metrics (`metrics`) publish the same daily counts, at the
//! same moment.

use axum::{extract::Request, middleware::Next, response::Response};
use std::{
    collections::BTreeMap,
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

/// Areas that anonymous respondents and reporters use.
pub const ANONYMOUS: &[&str] = &[
    "/",
    "/a",
    "/r",
    "/report",
    "/lang",
    "/pkg",
    "/favicon.svg",
    "/api/answer",
    "/api/report",
];

/// Requests per area, by status class (2xx, 3xx, 4xx, 5xx).
type Counts = BTreeMap<&'static str, [u64; 4]>;

fn counts() -> &'static Mutex<Counts> {
    static COUNTS: OnceLock<Mutex<Counts>> = OnceLock::new();
    COUNTS.get_or_init(Default::default)
}

pub async fn access_log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let area = area(req.uri().path()).to_owned();
    let start = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16();
    if let Some(anonymous) = ANONYMOUS.iter().find(|a| **a == area) {
        count(anonymous, status);
    } else {
        crate::ops::metrics::staff_request(&area, status);
        tracing::info!(
            %method,
            area = %area,
            status,
            ms = start.elapsed().as_millis() as u64,
            "request"
        );
    }
    res
}

fn count(area: &'static str, status: u16) {
    let class = match status {
        0..=299 => 0,
        300..=399 => 1,
        400..=499 => 2,
        _ => 3,
    };
    if let Ok(mut c) = counts().lock() {
        c.entry(area).or_default()[class] += 1;
    }
}

/// `/a/SECRET?x=1` → `/a`; `/api/answer/code` → `/api/answer`; `/` → `/`.
pub fn area(path: &str) -> &str {
    let first = first_segment(path);
    if first == "/api" {
        let rest = &path[first.len()..];
        return &path[..first.len() + first_segment(rest).len()];
    }
    first
}

fn first_segment(path: &str) -> &str {
    let rest = path.trim_start_matches('/');
    let end = rest.find('/').unwrap_or(rest.len());
    &path[..(path.len() - rest.len() + end).min(path.len())]
}

/// Takes the counts so far and writes them as the given day's.
pub fn write_day(day: chrono::NaiveDate) {
    let taken = counts()
        .lock()
        .map(|mut c| std::mem::take(&mut *c))
        .unwrap_or_default();
    // The answer writer's figures of the day become publishable with them.
    app::services::tally::roll_day();
    for (area, [ok, redirect, client_error, server_error]) in taken {
        crate::ops::metrics::publish_day(area, [ok, redirect, client_error, server_error]);
        tracing::info!(
            %day,
            area,
            ok,
            redirect,
            client_error,
            server_error,
            "requests of the day"
        );
    }
}

/// Writes each day's counts just after midnight UTC.
pub fn spawn_daily_counts() -> tokio::task::JoinHandle<()> {
    tokio::spawn(async {
        loop {
            let now = chrono::Utc::now();
            let today = now.date_naive();
            let midnight = today
                .succ_opt()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc());
            let wait = midnight
                .and_then(|m| (m - now).to_std().ok())
                .unwrap_or(Duration::from_secs(3600));
            tokio::time::sleep(wait).await;
            write_day(today);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_area_is_kept_of_a_path() {
        assert_eq!(area("/a/SECRETCODE123"), "/a");
        assert_eq!(area("/api/login"), "/api/login");
        assert_eq!(area("/api/answer/code?c=SECRET"), "/api/answer");
        assert_eq!(area("/api"), "/api");
        assert_eq!(area("/"), "/");
        assert_eq!(area("/login"), "/login");
    }

    #[test]
    fn anonymous_areas_are_counted_not_logged() {
        for path in [
            "/a/CODE",
            "/report",
            "/r/RECEIPT",
            "/api/answer/open",
            "/pkg/x.js",
        ] {
            assert!(ANONYMOUS.contains(&area(path)), "{path}");
        }
        for path in ["/login", "/api/login", "/results/unit/x", "/healthz"] {
            assert!(!ANONYMOUS.contains(&area(path)), "{path}");
        }
        count("/a", 200);
        count("/a", 303);
        count("/a", 503);
        let c = counts().lock().expect("counts").get("/a").copied();
        assert!(c.is_some_and(|c| c[0] >= 1 && c[1] >= 1 && c[3] >= 1));
    }
}
