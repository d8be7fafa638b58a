//! `server bench-page`: the answering page (`GET /a/{code}`) under load,
//! beside the bare stack in the same invocation (run by `make bench`).
//!
//! The baseline is `bare-page` from the `bench/` crate: a Leptos 0.8 SSR page
//! of the same shape (8 questions × 5 radios, one async resource, no
//! database), which never ships. Both servers run in turn as child processes
//! on loopback and get the same closed-loop load over keep-alive connections;
//! the generator shares the cores with them, so the ratio is the figure, not
//! the absolute rate.

use crate::bench::answers::{self, Server};
use app::services::db::Db;
use std::{
    process::Command,
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

/// Pages served in one measured stretch.
struct Stretch {
    pages: usize,
    errors: usize,
    elapsed: Duration,
    /// Latencies in microseconds, sorted.
    latencies_us: Vec<u64>,
}

impl Stretch {
    fn per_second(&self) -> f64 {
        self.pages as f64 / self.elapsed.as_secs_f64()
    }

    /// The `p` quantile in milliseconds.
    fn ms(&self, p: f64) -> f64 {
        answers::quantile_ms(&self.latencies_us, p)
    }

    fn line(&self) -> String {
        format!(
            "{:>6.0} pages/s, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, errors {}",
            self.per_second(),
            self.ms(0.50),
            self.ms(0.90),
            self.ms(0.99),
            self.errors
        )
    }
}

/// Closed loop for `seconds`: `connections` clients, each asking for the
/// next page as soon as the previous one has arrived in full.
async fn closed_loop(
    base: &str,
    paths: Arc<Vec<String>>,
    connections: usize,
    seconds: f64,
) -> anyhow::Result<Stretch> {
    let client = answers::client(connections)?;
    let next = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let pages = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::<u64>::new()));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (client, next, stop, pages, errors, latencies, paths) = (
            client.clone(),
            next.clone(),
            stop.clone(),
            pages.clone(),
            errors.clone(),
            latencies.clone(),
            paths.clone(),
        );
        let base = base.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let i = next.fetch_add(1, Ordering::Relaxed) % paths.len();
                let t = Instant::now();
                let ok = answers::fetch_page(&client, &format!("{base}{}", paths[i])).await;
                if ok {
                    pages.fetch_add(1, Ordering::Relaxed);
                    mine.push(t.elapsed().as_micros() as u64);
                } else {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            if let Ok(mut all) = latencies.lock() {
                all.extend(mine);
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = start.elapsed();
    let mut latencies_us = std::mem::take(
        &mut *latencies
            .lock()
            .map_err(|_| anyhow::anyhow!("latencies poisoned"))?,
    );
    latencies_us.sort_unstable();
    Ok(Stretch {
        pages: pages.load(Ordering::Relaxed),
        errors: errors.load(Ordering::Relaxed),
        elapsed,
        latencies_us,
    })
}

/// The connection counts the page is measured at: a busy ward, and a whole
/// organisation opening its invitations at once.
const LOADS: [usize; 2] = [32, 500];

/// A warm-up, then each load in `LOADS` for `seconds`; prints the server's
/// memory at rest and after each load.
async fn measure(
    server: &Server,
    paths: Arc<Vec<String>>,
    seconds: f64,
) -> anyhow::Result<Vec<Stretch>> {
    let mb = |v: Option<f64>| v.map_or("?".to_owned(), |v| format!("{v:.0} MB"));
    let mut memory = vec![format!("at rest {}", mb(server.resident_mb()))];
    closed_loop(&server.base, paths.clone(), 32, 2.0).await?;
    let mut out = Vec::new();
    for connections in LOADS {
        out.push(closed_loop(&server.base, paths.clone(), connections, seconds).await?);
        memory.push(format!(
            "after {connections} connections {} (peak {})",
            mb(server.resident_mb()),
            mb(server.peak_mb())
        ));
    }
    println!("    memory: {}", memory.join(", "));
    Ok(out)
}

/// `server bench-page`.
/// `page`: a fixed path to ask Trivsel for instead of the answering page
/// (e.g. `/login`, to tell the page's own cost from the stack's).
pub async fn bench(
    database_url: &str,
    people: usize,
    seconds: f64,
    page: Option<String>,
) -> anyhow::Result<()> {
    let (work, secret, key) = answers::workdir()?;
    let db = Db::connect(database_url, 4).await?;
    db.migrate().await?;
    let rounds = answers::prepare(&db, &key, people, 1).await?;
    let (_, codes) = &rounds[0];
    // Every request a different person's code, as when a round opens.
    let paths = Arc::new(codes.iter().map(|c| format!("/a/{c}")).collect::<Vec<_>>());
    let asked = page.clone().unwrap_or_else(|| "/a/{code}".to_owned());
    println!(
        "GET {asked}: {people} people, {:?}; {seconds} s per load",
        db.backend
    );

    println!("  Trivsel");
    let server = Server::start(database_url, &secret).await?;
    let trivsel_paths = match page {
        Some(p) => Arc::new(vec![p]),
        None => paths.clone(),
    };
    let trivsel = measure(&server, trivsel_paths, seconds).await?;
    server.stop();

    let bare = match answers::baseline_binary("bare-page")? {
        Some(bin) => {
            println!("  bare Leptos page");
            let server = Server::spawn(Command::new(bin)).await?;
            let bare = measure(&server, paths.clone(), seconds).await?;
            server.stop();
            Some(bare)
        }
        None => {
            println!(
                "  (no bare-page beside this binary: cargo build --release -p bench-baselines)"
            );
            None
        }
    };
    for (i, connections) in LOADS.iter().enumerate() {
        println!("  {connections} connections");
        println!("    Trivsel          {}", trivsel[i].line());
        if let Some(bare) = &bare {
            println!("    bare Leptos page {}", bare[i].line());
            println!(
                "    ratio {:.2} (target ≥ 0.5 at 32 connections)",
                trivsel[i].per_second() / bare[i].per_second()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
