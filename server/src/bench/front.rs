//! `server bench-front` (run by `make bench`): the web front under the two
//! floods the hardening is for, against the real server as a child process
//! on loopback, each beside a baseline measured in the same run.
//!
//! 1. Sign-ins with `flood` different addresses at once (the per-account
//!    throttle does not slow them): how many are answered and how, how the
//!    server's memory grows, and how long a genuine sign-in takes during
//!    the flood — beside the same sign-in at rest.
//! 2. A stranger sending garbage and wrong receipts to `/report/case` from
//!    `connections` connections for `seconds`: whether a genuine reporter
//!    still opens their case, and how fast — beside the same at rest.

use crate::bench::answers::{client, workdir, Server};
use app::services::demo;
use std::{
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn summary(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    format!(
        "p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        percentile(&ms, 1.0)
    )
}

/// One sign-in: status and milliseconds.
async fn sign_in(c: &reqwest::Client, base: &str, email: &str, password: &str) -> (u16, f64) {
    let t = Instant::now();
    let status = c
        .post(format!("{base}/api/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .map_or(0, |r| r.status().as_u16());
    (status, t.elapsed().as_secs_f64() * 1000.0)
}

/// The reporter opening their case: whether it opened (the answer sends the
/// browser on to the case), and milliseconds.
async fn open_case(c: &reqwest::Client, base: &str, receipt: &str) -> (bool, f64) {
    let t = Instant::now();
    let ok = c
        .post(format!("{base}/report/case"))
        .form(&[("receipt", receipt)])
        .send()
        .await
        .is_ok_and(|r| r.status() == reqwest::StatusCode::SEE_OTHER);
    (ok, t.elapsed().as_secs_f64() * 1000.0)
}

pub async fn bench(
    database_url: &str,
    flood: usize,
    connections: usize,
    seconds: u64,
) -> anyhow::Result<()> {
    let db = crate::cli::open(database_url, 4).await?;
    anyhow::ensure!(
        db.is_empty().await?,
        "the benchmark needs an empty database"
    );
    demo::seed_if_empty(&db).await?;
    let (work, secret, key) = workdir()?;
    // A report filed the way a reporter files one, for its receipt.
    let receipt = app::services::reports::file(
        &db,
        &key,
        &app::services::reports::NewReport {
            category: "harassment".into(),
            unit: String::new(),
            happened: String::new(),
            description: "A report whose reporter comes back".into(),
            once: String::new(),
        },
    )
    .await?
    .filed()
    .ok_or_else(|| anyhow::anyhow!("the report was not filed"))?;
    let server = Server::start(database_url, &secret).await?;
    let base = server.base.clone();
    let c = client(connections.max(64))?;
    println!("  (the load generator shares the machine's cores with the server)");

    // 1. Sign-ins.
    let rest_mb = server.peak_mb().unwrap_or(0.0);
    let mut at_rest = Vec::new();
    for i in 0..10 {
        at_rest.push(
            sign_in(&c, &base, &format!("rest{i}@bench.invalid"), "a guess")
                .await
                .1,
        );
    }
    let at_rest_mb = server.peak_mb().unwrap_or(0.0);
    let flood_client = client(flood)?;
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..flood {
        let (c, base) = (flood_client.clone(), base.clone());
        tasks.spawn(async move {
            sign_in(&c, &base, &format!("flood{i}@bench.invalid"), "a guess").await
        });
    }
    // A genuine sign-in in the middle of it.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let genuine = sign_in(&c, &base, demo::DEMO_LOGINS[0].email, demo::DEMO_PASSWORD).await;
    let answers = tasks.join_all().await;
    let took = start.elapsed().as_secs_f64();
    let refused = answers.iter().filter(|(s, _)| *s == 401).count();
    let busy = answers.iter().filter(|(s, _)| *s == 429).count();
    let other = answers.len() - refused - busy;
    let flood_mb = server.peak_mb().unwrap_or(0.0);
    println!("  sign-ins: {flood} at once, with different addresses");
    println!("    at rest (10 one after another): {}", summary(at_rest));
    println!(
        "    the flood: {refused} checked and refused (401), {busy} turned away at once (429, the queue full), {other} other, in {took:.1} s ({:.0} checks/s); {}",
        refused as f64 / took,
        summary(answers.iter().map(|(_, ms)| *ms).collect())
    );
    println!(
        "    a genuine sign-in during the flood: {} in {:.0} ms",
        genuine.0, genuine.1
    );
    println!(
        "    server peak memory: {rest_mb:.0} MB at start, {at_rest_mb:.0} MB after the sign-ins at rest, {flood_mb:.0} MB after the flood (each argon2id check holds 19 MiB; unqueued, {flood} would ask for {:.0} MB)",
        flood as f64 * 19.0
    );

    // 2. Receipts.
    let mut rest = Vec::new();
    for _ in 0..10 {
        let (ok, ms) = open_case(&c, &base, &receipt).await;
        anyhow::ensure!(ok, "the reporter could not open the case at rest");
        rest.push(ms);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let garbage_client = client(connections)?;
    let mut strangers = tokio::task::JoinSet::new();
    for n in 0..connections {
        let (c, base, stop, sent) = (
            garbage_client.clone(),
            base.clone(),
            stop.clone(),
            sent.clone(),
        );
        strangers.spawn(async move {
            let mut i = 0usize;
            while !stop.load(Ordering::Relaxed) {
                // Half garbage, half well-formed wrong receipts.
                let guess = if i.is_multiple_of(2) {
                    format!("garbage {n} {i}")
                } else {
                    format!("ZZZZ{:04}AAAABBBBCCCC{:04}", n % 10_000, i % 10_000)
                };
                let _ = c
                    .post(format!("{base}/report/case"))
                    .form(&[("receipt", guess.as_str())])
                    .send()
                    .await;
                sent.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        });
    }
    let mut under = Vec::new();
    let mut opened = 0;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        let (ok, ms) = open_case(&c, &base, &receipt).await;
        if ok {
            opened += 1;
        }
        under.push(ms);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    stop.store(true, Ordering::Relaxed);
    strangers.join_all().await;
    let tries = under.len();
    println!("  receipts: a stranger on {connections} connections for {seconds} s, half garbage, half wrong receipts");
    println!("    the reporter at rest (10 opens): {}", summary(rest));
    println!(
        "    the stranger sent {} requests ({:.0}/s); the reporter opened the case {opened} of {tries} times: {}",
        sent.load(Ordering::Relaxed),
        sent.load(Ordering::Relaxed) as f64 / seconds as f64,
        summary(under)
    );
    server.stop();
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
