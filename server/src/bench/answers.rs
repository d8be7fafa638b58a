//! The answer-load benchmark and the crash test (`server bench-answers`,
//! `server crash-test`, run by `make bench`). Both prepare an organisation and
//! open rounds in the database named by DATABASE_URL, start the real server
//! as a child process on loopback, and drive the real form post
//! (`POST /a/submit`) over keep-alive connections, as phones would.
//!
//! The generator shares the machine's cores with the server, so the figures
//! are a floor, not a ceiling.

use anyhow::{bail, Context};
use app::anonymity::{sealed::InboxKey, store};
use app::services::{cards, db::Db, ids, import, surveys::open_for_units};
use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

/// The rounds' threshold.
const LOAD_K: usize = 5;

/// The pulse every generated respondent answers: 8 questions.
const ITEMS: [&str; 8] = [
    "wb-1", "ps-1", "sa-1", "er-1", "wl-1", "in-1", "le-1", "hp-1",
];

/// An organisation with `people` people and `rounds` open rounds for all of
/// them; returns each round with its codes.
pub(crate) async fn prepare(
    db: &Db,
    key: &InboxKey,
    people: usize,
    rounds: usize,
) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    anyhow::ensure!(
        db.is_empty().await?,
        "the benchmark needs an empty database"
    );
    app::services::org::create_organisation(&db.pool, "Bench", "da").await?;
    let (units_csv, people_csv) = import::sample::hospital(people);
    let id = import::store(db, None, Some(units_csv.as_bytes()), people_csv.as_bytes()).await?;
    import::apply_stored(db, &id, false, &|_, _| {}).await?;
    let root: String = sqlx::query_scalar("SELECT id FROM units WHERE parent_id IS NULL LIMIT 1")
        .fetch_one(&db.pool)
        .await?;
    let mut out = Vec::new();
    for n in 0..rounds {
        let spec = store::RoundSpec {
            name: format!("Load {}", n + 1),
            k: LOAD_K as i64,
            survey: None,
            items: ITEMS.iter().map(|s| s.to_string()).collect(),
            closes_at: None,
        };
        let round = open_for_units(db, key, &spec, std::slice::from_ref(&root)).await?;
        let mut codes: Vec<String> = app::services::invitations::personal_codes(db, key, &round)
            .await?
            .into_iter()
            .map(|(_, _, code)| code)
            .collect();
        // People without e-mail answer by code card, as on a real ward.
        for (unit, left) in cards::places(db, &round).await? {
            let left = usize::try_from(left).unwrap_or(0);
            codes.extend(cards::print(db, &round, &unit, left, None).await?);
        }
        anyhow::ensure!(codes.len() == people, "every person gets a code");
        out.push((round, codes));
    }
    Ok(out)
}

/// The form a phone posts: eight answers and a comment carrying a marker.
fn form(round: &str, code: &str, marker: &str) -> String {
    let mut body = format!("round={round}&code={code}");
    for (i, item) in ITEMS.iter().enumerate() {
        let value = if *item == "wb-1" { 7 } else { i % 5 };
        body.push_str(&format!("&q.{item}={value}"));
    }
    body.push_str(&format!("&comment={marker}"));
    body
}

/// The server under test, as a child process.
pub(crate) struct Server {
    child: Child,
    pub(crate) base: String,
}

impl Server {
    pub(crate) async fn start(database_url: &str, secret: &Path) -> anyhow::Result<Server> {
        // For profiling: TRIVSEL_BENCH_WRAP names a program to run the
        // server under (`perf`, `heaptrack`), with its own arguments split
        // on spaces; the server's path follows them.
        let exe = std::env::current_exe()?;
        let mut command = match std::env::var("TRIVSEL_BENCH_WRAP") {
            Ok(wrap) if !wrap.trim().is_empty() => {
                let mut words = wrap.split_whitespace();
                let mut c = Command::new(words.next().unwrap_or("env"));
                c.args(words).arg(exe);
                c
            }
            _ => Command::new(exe),
        };
        command
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("TRIVSEL_SECRET_FILE", secret)
            .env("TRIVSEL_LOG", "warn");
        Server::spawn(command).await
    }

    /// Starts `command` with `--addr` on a free loopback port and waits
    /// until its `/healthz` answers.
    pub(crate) async fn spawn(mut command: Command) -> anyhow::Result<Server> {
        let port = free_port()?;
        let child = command
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting the server")?;
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let start = Instant::now();
        loop {
            if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
                if r.status().is_success() {
                    break;
                }
            }
            if start.elapsed() > Duration::from_secs(60) {
                bail!("the server did not come up");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(Server { child, base })
    }

    /// Peak resident memory so far (VmHWM), in MB.
    pub(crate) fn peak_mb(&self) -> Option<f64> {
        self.status_mb("VmHWM:")
    }

    /// Resident memory now (VmRSS), in MB.
    pub(crate) fn resident_mb(&self) -> Option<f64> {
        self.status_mb("VmRSS:")
    }

    /// CPU time the server has used so far (user and system, all its
    /// threads), in seconds: the cost per answer, which the generator sharing
    /// the cores does not blur the way it blurs the rate.
    pub(crate) fn cpu_seconds(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // After the command name in parentheses, utime and stime are fields
        // 12 and 13 (in clock ticks, 100 a second on Linux).
        let rest = stat.rsplit_once(')')?.1;
        let mut fields = rest.split_whitespace().skip(11);
        let user: f64 = fields.next()?.parse().ok()?;
        let system: f64 = fields.next()?.parse().ok()?;
        Some((user + system) / 100.0)
    }

    fn status_mb(&self, field: &str) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }

    fn kill(mut self) {
        let _ = self.child.kill(); // SIGKILL
        let _ = self.child.wait();
    }

    pub(crate) fn stop(mut self) {
        // SIGTERM for a clean shutdown.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

/// A benchmark-only binary beside this one (`cargo build --release -p
/// bench-baselines` puts them in the same folder).
pub(crate) fn baseline_binary(name: &str) -> anyhow::Result<Option<PathBuf>> {
    let path = std::env::current_exe()?.with_file_name(name);
    Ok(path.exists().then_some(path))
}

/// GETs a page and reads it to the end: true when it came whole with 200.
pub(crate) async fn fetch_page(client: &reqwest::Client, url: &str) -> bool {
    match client.get(url).send().await {
        Ok(r) if r.status() == 200 => r.bytes().await.is_ok(),
        _ => false,
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

pub(crate) fn client(connections: usize) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()?)
}

/// One submission: Ok(latency) when the server answered "received".
async fn submit(client: &reqwest::Client, base: &str, body: String) -> Result<(), String> {
    let res = client
        .post(format!("{base}/a/submit"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("request: {e}"))?;
    let to = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if res.status() == 303 && to == crate::http::answering::THANKS {
        Ok(())
    } else {
        Err(format!("{} → {to}", res.status()))
    }
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    /// The open loop's page loads (`GET /a/{code}`) before each answer.
    pages_us: Vec<u64>,
    errors: HashMap<String, usize>,
    /// Indices of the codes whose answer was acknowledged.
    acknowledged: Vec<usize>,
}

/// The `p` quantile of sorted latencies in microseconds, in milliseconds.
pub(crate) fn quantile_ms(sorted_us: &[u64], p: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let i = ((sorted_us.len() as f64 * p).ceil() as usize).clamp(1, sorted_us.len()) - 1;
    sorted_us[i] as f64 / 1000.0
}

/// "latency p50 … ms, p90 …, p99 …, max …" of unsorted latencies in µs.
fn latency(us: &[u64]) -> String {
    let mut l = us.to_vec();
    l.sort_unstable();
    let pct = |p: f64| quantile_ms(&l, p);
    format!(
        "latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0),
    )
}

fn report(label: &str, tally: &Tally, elapsed: Duration) {
    let ok = tally.acknowledged.len();
    let errors: usize = tally.errors.values().sum();
    println!(
        "  {label}: {ok} answers in {:.2} s = {:.0} answers/s; {}; errors {errors}",
        elapsed.as_secs_f64(),
        ok as f64 / elapsed.as_secs_f64(),
        latency(&tally.latencies_us),
    );
    if !tally.pages_us.is_empty() {
        println!(
            "    pages opened first: {}; {}",
            tally.pages_us.len(),
            latency(&tally.pages_us),
        );
    }
    for (e, n) in &tally.errors {
        println!("    error × {n}: {e}");
    }
}

/// Closed loop: `concurrency` respondents, each sending its next answer as
/// soon as the previous one is acknowledged, until the codes run out (or
/// `stop` says so).
async fn closed_loop(
    base: &str,
    round: &str,
    codes: Arc<Vec<String>>,
    concurrency: usize,
    tally: Arc<Mutex<Tally>>,
) -> anyhow::Result<Duration> {
    let client = client(concurrency)?;
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, next, codes, tally) =
            (client.clone(), next.clone(), codes.clone(), tally.clone());
        let (base, round) = (base.to_owned(), round.to_owned());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(code) = codes.get(i) else { break };
                let t = Instant::now();
                let result =
                    submit(&client, &base, form(&round, code, &format!("load-{i:06}"))).await;
                let us = t.elapsed().as_micros() as u64;
                let Ok(mut tally) = tally.lock() else { break };
                match result {
                    Ok(()) => {
                        tally.latencies_us.push(us);
                        tally.acknowledged.push(i);
                    }
                    Err(e) => *tally.errors.entry(e).or_default() += 1,
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    Ok(start.elapsed())
}

/// Open loop: people arrive at `rate` per second whatever the server does,
/// each opening their questionnaire (`GET /a/{code}`) and then sending it.
/// The page's latency counts from the scheduled arrival, so a stall shows in
/// full; the answer's from when the page had arrived.
async fn open_loop(
    base: &str,
    round: &str,
    codes: &[String],
    rate: u64,
    seconds: u64,
) -> anyhow::Result<(Tally, Duration)> {
    let client = client(1000)?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let total = ((rate * seconds) as usize).min(codes.len());
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for (i, code) in codes.iter().take(total).enumerate() {
        let due = start + Duration::from_micros(i as u64 * 1_000_000 / rate);
        tokio::time::sleep_until(due).await;
        let (client, tally) = (client.clone(), tally.clone());
        let body = form(round, code, &format!("open-{i:06}"));
        let base = base.to_owned();
        let page = format!("{base}/a/{code}");
        tasks.push(tokio::spawn(async move {
            let opened = fetch_page(&client, &page).await;
            let page_us = due.elapsed().as_micros() as u64;
            let sent = Instant::now();
            let result = if opened {
                submit(&client, &base, body).await
            } else {
                Err("the page did not open".to_owned())
            };
            let us = sent.elapsed().as_micros() as u64;
            if let Ok(mut tally) = tally.lock() {
                if opened {
                    tally.pages_us.push(page_us);
                }
                match result {
                    Ok(()) => {
                        tally.latencies_us.push(us);
                        tally.acknowledged.push(i);
                    }
                    Err(e) => *tally.errors.entry(e).or_default() += 1,
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = start.elapsed();
    let tally = Arc::try_unwrap(tally)
        .map_err(|_| anyhow::anyhow!("tally still shared"))?
        .into_inner()
        .map_err(|_| anyhow::anyhow!("tally poisoned"))?;
    Ok((tally, elapsed))
}

/// A working folder with a fresh server secret.
pub(crate) fn workdir() -> anyhow::Result<(PathBuf, PathBuf, InboxKey)> {
    let work = std::env::temp_dir().join(format!("trivsel-load-{}", ids::random_token(6)));
    std::fs::create_dir_all(&work)?;
    let secret = work.join("secret.key");
    crate::ops::secret::create(&secret)?;
    let key = crate::ops::secret::load(&secret)?;
    Ok((work, secret, key))
}

/// `server bench-answers`: closed loop at `concurrency`, then open loop at
/// `rate` per second, for a `people`-person organisation.
pub async fn bench(
    database_url: &str,
    people: usize,
    concurrency: usize,
    rate: u64,
    seconds: u64,
) -> anyhow::Result<()> {
    let (work, secret, key) = workdir()?;
    let db = Db::connect(database_url, 4).await?;
    db.migrate().await?;
    let t = Instant::now();
    let rounds = prepare(&db, &key, people, 2).await?;
    println!(
        "answer benchmark: {people} people, {:?}; prepared two open rounds in {:.1} s",
        db.backend,
        t.elapsed().as_secs_f64()
    );
    let server = Server::start(database_url, &secret).await?;
    let (round_a, codes_a) = &rounds[0];
    let tally = Arc::new(Mutex::new(Tally::default()));
    let cpu_before = server.cpu_seconds();
    let elapsed = closed_loop(
        &server.base,
        round_a,
        Arc::new(codes_a.clone()),
        concurrency,
        tally.clone(),
    )
    .await?;
    let closed_rate = {
        let tally = tally.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        report(
            &format!("closed loop, {concurrency} concurrent respondents"),
            &tally,
            elapsed,
        );
        cpu_line("server", &server, cpu_before, tally.acknowledged.len());
        tally.acknowledged.len() as f64 / elapsed.as_secs_f64()
    };
    drained(&db, &key, round_a, LOAD_K).await?;
    let (round_b, codes_b) = &rounds[1];
    let (tally, elapsed) = open_loop(&server.base, round_b, codes_b, rate, seconds).await?;
    report(
        &format!("open loop, {rate} people/s arriving (page, then answer)"),
        &tally,
        elapsed,
    );
    if let Some(mb) = server.peak_mb() {
        println!("  server peak memory: {mb:.0} MB");
    }
    server.stop();
    baseline(database_url, people, concurrency, closed_rate).await?;
    let stored: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM answer_inbox) + (SELECT COUNT(*) FROM answers)",
    )
    .fetch_one(&db.pool)
    .await?;
    let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE used = 1")
        .fetch_one(&db.pool)
        .await?;
    println!("  stored answers {stored}, used invitations {used}");
    let _ = std::fs::remove_dir_all(&work);
    anyhow::ensure!(stored == used, "stored answers and used invitations differ");
    Ok(())
}

/// Prints the server's CPU time per acknowledged answer since `before`.
fn cpu_line(who: &str, server: &Server, before: Option<f64>, answers: usize) {
    if let (Some(before), Some(after)) = (before, server.cpu_seconds()) {
        println!(
            "  {who} CPU: {:.0} µs per answer",
            (after - before) * 1e6 / answers.max(1) as f64
        );
    }
}

/// Waits for the mover to file what it may after the load, and says how
/// long after the load's last answer the last batch moved (the target: 10 s).
/// Every person answered, so only groups the mover had already split below
/// k may stay sealed (they wait for the round to close): that is checked.
async fn drained(db: &Db, key: &InboxKey, round: &str, k: usize) -> anyhow::Result<()> {
    let ended = Instant::now();
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM answers WHERE round_id = $1")
            .bind(round)
            .fetch_one(&db.pool)
            .await
    };
    let (mut filed, mut last_change) = (count().await?, Duration::ZERO);
    // Settled: nothing moved for longer than the mover's lull and a run.
    while ended.elapsed() < last_change + Duration::from_secs(15)
        && ended.elapsed() < Duration::from_secs(120)
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = count().await?;
        if now != filed {
            (filed, last_change) = (now, ended.elapsed());
        }
    }
    let left = store::inbox_groups(db, key, round).await?;
    let sealed: usize = left.values().sum();
    let largest = left.values().copied().max().unwrap_or(0);
    if largest >= k {
        println!(
            "  inbox NOT drained: a group of {largest} (k = {k}) still sealed \
             {:.0} s after the load",
            ended.elapsed().as_secs_f64()
        );
    } else {
        println!(
            "  inbox drained {:.1} s after the load ended (target ≤ 10 s): {filed} answers \
             filed, {sealed} wait in groups under k",
            last_change.as_secs_f64()
        );
    }
    Ok(())
}

/// The same closed loop against `bare-answers` (the `bench/` crate, beside
/// this binary): a bare axum + sqlx server doing the same claim and insert
/// with one writer and set-based batches, in the same database, without
/// anything of Trivsel (no sealing, no fixed-size rows, no batches moved).
async fn baseline(
    database_url: &str,
    people: usize,
    concurrency: usize,
    trivsel_rate: f64,
) -> anyhow::Result<()> {
    let Some(bin) = baseline_binary("bare-answers")? else {
        println!(
            "  (no bare-answers beside this binary: cargo build --release -p bench-baselines)"
        );
        return Ok(());
    };
    let mut command = Command::new(bin);
    command
        .args(["--people", &people.to_string()])
        .env("DATABASE_URL", database_url);
    let server = Server::spawn(command).await?;
    let codes: Vec<String> = (0..people).map(|i| format!("bare-{i}")).collect();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let cpu_before = server.cpu_seconds();
    let elapsed = closed_loop(
        &server.base,
        "bare-round",
        Arc::new(codes),
        concurrency,
        tally.clone(),
    )
    .await?;
    let tally = tally.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
    report(
        &format!("bare axum + sqlx server, closed loop, {concurrency} concurrent"),
        &tally,
        elapsed,
    );
    cpu_line("bare server", &server, cpu_before, tally.acknowledged.len());
    let bare_rate = tally.acknowledged.len() as f64 / elapsed.as_secs_f64();
    println!(
        "  ratio {:.2} (Trivsel / bare; target ≥ 0.6)",
        trivsel_rate / bare_rate
    );
    if let Some(mb) = server.peak_mb() {
        println!("  bare server peak memory: {mb:.0} MB");
    }
    server.stop();
    Ok(())
}

/// `server crash-test`: kills the server with SIGKILL in the middle of a load,
/// restarts it, and checks that every acknowledged answer is stored exactly
/// once and every used invitation stayed used.
pub async fn crash_test(
    database_url: &str,
    people: usize,
    concurrency: usize,
) -> anyhow::Result<()> {
    let (work, secret, key) = workdir()?;
    let db = Db::connect(database_url, 4).await?;
    db.migrate().await?;
    let rounds = prepare(&db, &key, people, 1).await?;
    let (round, codes) = rounds.into_iter().next().context("a round")?;
    let codes = Arc::new(codes);
    println!("crash test: {people} people, {:?}", db.backend);
    let server = Server::start(database_url, &secret).await?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let load = {
        let (base, round, codes, tally) = (
            server.base.clone(),
            round.clone(),
            codes.clone(),
            tally.clone(),
        );
        tokio::spawn(async move { closed_loop(&base, &round, codes, concurrency, tally).await })
    };
    // Kill it once a good part of the answers is in, mid-stream.
    let start = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let done = tally.lock().map(|t| t.acknowledged.len()).unwrap_or(0);
        if done >= people / 3 || start.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    server.kill();
    let _ = load.await;
    let (acknowledged, failed) = {
        let t = tally.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        (t.acknowledged.clone(), t.errors.values().sum::<usize>())
    };
    println!(
        "  killed the server (SIGKILL) after {} acknowledged answers; {failed} requests failed (in flight, or sent while it was down)",
        acknowledged.len()
    );
    let server = Server::start(database_url, &secret).await?;
    // Every acknowledged code is used, and using it again is refused.
    let client = client(8)?;
    for &i in acknowledged.iter().take(200) {
        if submit(&client, &server.base, form(&round, &codes[i], "again"))
            .await
            .is_ok()
        {
            bail!("an acknowledged code was accepted a second time");
        }
    }
    server.stop();
    let mut used_codes = 0usize;
    for &i in &acknowledged {
        let used: Option<i64> =
            sqlx::query_scalar("SELECT used FROM invitations WHERE code_hash = $1")
                .bind(ids::sha256_hex(&codes[i]))
                .fetch_optional(&db.pool)
                .await?;
        if used == Some(1) {
            used_codes += 1;
        }
    }
    // Every stored answer, sealed or moved, by its marker.
    let mut markers: HashMap<String, usize> = HashMap::new();
    let moved: Vec<String> = sqlx::query_scalar("SELECT payload FROM answers WHERE round_id = $1")
        .bind(&round)
        .fetch_all(&db.pool)
        .await?;
    for payload in store::open_inbox(&db, &key, &round)
        .await?
        .into_iter()
        .chain(moved)
    {
        let v: serde_json::Value = serde_json::from_str(&payload)?;
        let m = v["c"].as_str().unwrap_or("").to_owned();
        *markers.entry(m).or_default() += 1;
    }
    let stored: usize = markers.values().sum();
    let used_total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE used = 1")
        .fetch_one(&db.pool)
        .await?;
    let lost = acknowledged
        .iter()
        .filter(|i| !markers.contains_key(&format!("load-{i:06}")))
        .count();
    let twice = markers.values().filter(|n| **n > 1).count();
    println!(
        "  after restart: {stored} answers stored, {used_total} invitations used; acknowledged and used {used_codes}/{}; lost {lost}; stored twice {twice}",
        acknowledged.len()
    );
    let _ = std::fs::remove_dir_all(&work);
    anyhow::ensure!(
        used_codes == acknowledged.len(),
        "an acknowledged invitation is not used"
    );
    anyhow::ensure!(lost == 0, "an acknowledged answer was lost");
    anyhow::ensure!(twice == 0, "an answer was stored twice");
    anyhow::ensure!(
        stored as i64 == used_total,
        "answers and used invitations differ: an invitation was used without its answer"
    );
    println!("  crash test passed");
    Ok(())
}

/// Bytes on the wire for `path`: gzip-compressed (as a phone asks for it)
/// and uncompressed.
async fn weigh(client: &reqwest::Client, base: &str, path: &str) -> anyhow::Result<(usize, usize)> {
    let get = |gzip: bool| {
        let mut r = client.get(format!("{base}{path}"));
        if gzip {
            r = r.header("accept-encoding", "gzip");
        }
        r.send()
    };
    let zipped = get(true).await?;
    anyhow::ensure!(zipped.status() == 200, "{path}: {}", zipped.status());
    let zipped = zipped.bytes().await?.len();
    let raw = get(false).await?.bytes().await?.len();
    Ok((zipped, raw))
}

/// `server page-weight`: what a phone downloads to open a questionnaire — the
/// page and its stylesheet, then the script and wasm that hydrate it.
pub async fn page_weight(database_url: &str) -> anyhow::Result<()> {
    let (work, secret, key) = workdir()?;
    let db = Db::connect(database_url, 4).await?;
    db.migrate().await?;
    app::services::demo::seed_if_empty(&db).await?;
    let now = chrono::Utc::now().timestamp();
    let round = app::services::surveys::open_due(&db, &key, now)
        .await?
        .pop()
        .context("the demo pulse opens")?;
    let (_, _, code) = app::services::invitations::personal_codes(&db, &key, &round)
        .await?
        .pop()
        .context("an invitation")?;
    let server = Server::start(database_url, &secret).await?;
    let client = client(1)?;
    let kb = |b: usize| b as f64 / 1024.0;
    let (html, html_raw) = weigh(&client, &server.base, &format!("/a/{code}")).await?;
    let pkg = |ext: &str| format!("/pkg/{}.{ext}", crate::http::assets::NAME);
    let (css, css_raw) = weigh(&client, &server.base, &pkg("css")).await?;
    let (js, js_raw) = weigh(&client, &server.base, &pkg("js")).await?;
    let (wasm, wasm_raw) = weigh(&client, &server.base, &pkg("wasm")).await?;
    server.stop();
    let _ = std::fs::remove_dir_all(&work);
    println!("answering page (8 questions), gzip-compressed (uncompressed):");
    println!("  HTML {:>8.1} KB ({:.1} KB)", kb(html), kb(html_raw));
    println!("  CSS  {:>8.1} KB ({:.1} KB)", kb(css), kb(css_raw));
    println!("  JS   {:>8.1} KB ({:.1} KB)", kb(js), kb(js_raw));
    println!("  wasm {:>8.1} KB ({:.1} KB)", kb(wasm), kb(wasm_raw));
    println!("  without wasm (HTML + CSS): {:.1} KB", kb(html + css));
    println!(
        "  with wasm (HTML + CSS + JS + wasm): {:.1} KB",
        kb(html + css + js + wasm)
    );
    Ok(())
}
