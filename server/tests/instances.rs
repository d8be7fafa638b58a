//! Several instances, as an organisation running Trivsel on PostgreSQL runs
//! it: two real `server serve` processes on one database, with one server
//! secret file, behind a real reverse proxy (HAProxy from Debian, round robin,
//! no stickiness), mailing through a real SMTP sink (MailDev). The test
//! checks that
//! - a session started through the proxy is valid on both instances, and
//!   ending it ends it on both;
//! - the background jobs, which both instances run, do their work once:
//!   a due survey opens one round, each invitation and reminder is mailed
//!   once, each overdue measure's owner is reminded once, each leaver is
//!   erased once, each closed report past retention is deleted once, and
//!   each batch of answers is moved once;
//! - an instance killed (SIGKILL) in the middle of an answer load loses no
//!   acknowledged answer and stores none twice, while the proxy sends the
//!   rest of the load to the other one.
//!
//! One test, not several: the cluster, the sink, two servers and the proxy
//! take seconds to start, and the jobs run on the servers' own 30-second
//! tick, which the checks must wait for.

#[allow(
    dead_code,
    reason = "the harness is shared with integration.rs; this binary uses a part of it"
)]
mod support;

use app::{
    anonymity::{
        sealed::InboxKey,
        store::{self, RoundSpec},
    },
    i18n::Lang,
    services::{cards, db::Db, demo, follow_up, ids, invitations, surveys},
};
use std::{
    collections::{HashMap, HashSet},
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use support::{smtp::SmtpSink, Store, ADMIN};

const DAY: i64 = 86_400;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

/// A child process that dies with the test, however the test ends.
struct Process {
    child: Option<Child>,
}

impl Process {
    /// SIGKILL, as a crash or the kernel's OOM killer ends a process.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One `server serve` process.
struct Instance {
    /// Its server name in the proxy (the `X-Backend` header names it).
    name: &'static str,
    base: String,
    metrics: String,
    process: Process,
}

/// What both instances are started with; only the addresses differ.
struct Shared<'a> {
    database_url: &'a str,
    secret: &'a Path,
    public_url: &'a str,
    smtp_url: &'a str,
}

impl Instance {
    fn spawn(name: &'static str, with: &Shared) -> Instance {
        let (port, metrics_port) = (free_port(), free_port());
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("serve")
            .env_remove("TRIVSEL_DEMO")
            .env("DATABASE_URL", with.database_url)
            .env("TRIVSEL_SECRET_FILE", with.secret)
            .env("TRIVSEL_ADDR", format!("127.0.0.1:{port}"))
            .env("TRIVSEL_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))
            // Links in e-mails and redirects name the proxy, as people reach it.
            .env("TRIVSEL_PUBLIC_URL", with.public_url)
            .env("TRIVSEL_SMTP_URL", with.smtp_url)
            .env("TRIVSEL_MAIL_FROM", "Trivsel <trivsel@test.invalid>")
            // The demo administrator signs in with the password alone.
            .env("TRIVSEL_TWO_STEP", "optional")
            .env("TRIVSEL_LOGIN_ATTEMPTS_PER_MINUTE", "1000")
            .env("TRIVSEL_LOG", "warn")
            .env("TRIVSEL_LOG_FORMAT", "text")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting `server serve`");
        Instance {
            name,
            base: format!("http://127.0.0.1:{port}"),
            metrics: format!("http://127.0.0.1:{metrics_port}/metrics"),
            process: Process { child: Some(child) },
        }
    }

    async fn ready(&mut self) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.process.exited() {
                panic!("instance {} exited while starting: {status}", self.name);
            }
            if let Ok(r) = reqwest::get(format!("{}/healthz", self.base)).await {
                if r.status().is_success() {
                    return;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "instance {} did not come up",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn metrics_text(&self) -> String {
        reqwest::get(&self.metrics)
            .await
            .and_then(|r| r.error_for_status())
            .expect("metrics")
            .text()
            .await
            .expect("metrics text")
    }

    /// The value of one metric line (`name{labels}`), 0 when absent.
    async fn metric(&self, series: &str) -> f64 {
        let text = self.metrics_text().await;
        text.lines()
            .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    }

    async fn job_runs(&self, job: &str) -> f64 {
        self.metric(&format!(
            "trivsel_job_runs_total{{job=\"{job}\",outcome=\"ok\"}}"
        ))
        .await
    }
}

/// HAProxy from Debian: round robin over both instances, no stickiness,
/// health checks on `/healthz`, and a request whose connection is refused
/// (a dead instance) sent to the other instance. Each response names the
/// instance that answered in `X-Backend`.
struct Proxy {
    base: String,
    _process: Process,
}

fn haproxy_binary() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into()])
        .map(|dir| dir.join("haproxy"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "HAProxy was not found (on PATH, in /usr/sbin or /usr/local/sbin).\n\
                 This test runs two servers behind a real reverse proxy and never skips it.\n\
                 Install it with `scripts/setup.sh test`, or `apt-get install -y haproxy` (Debian)."
            )
        })
}

impl Proxy {
    async fn start(port: u16, instances: &[&Instance], dir: &Path) -> Proxy {
        let servers: String = instances
            .iter()
            .map(|i| {
                format!(
                    "    server {} {} check inter 200ms fall 1 rise 1\n",
                    i.name,
                    i.base.trim_start_matches("http://")
                )
            })
            .collect();
        let config = format!(
            "global\n\
             \x20   maxconn 2000\n\
             defaults\n\
             \x20   mode http\n\
             \x20   timeout connect 2s\n\
             \x20   timeout client 60s\n\
             \x20   timeout server 60s\n\
             \x20   retries 3\n\
             \x20   option redispatch 1\n\
             \x20   retry-on conn-failure\n\
             frontend web\n\
             \x20   bind 127.0.0.1:{port}\n\
             \x20   default_backend trivsel\n\
             backend trivsel\n\
             \x20   balance roundrobin\n\
             \x20   option httpchk GET /healthz\n\
             \x20   http-response set-header X-Backend %[srv_name]\n\
             {servers}"
        );
        let file = dir.join("haproxy.cfg");
        std::fs::write(&file, config).expect("writing the HAProxy configuration");
        // Its notices of servers going down and up are expected; they are
        // kept for when it does not start.
        let log = dir.join("haproxy.log");
        let child = Command::new(haproxy_binary())
            .arg("-f")
            .arg(&file)
            // In the foreground, as a child of the test.
            .arg("-db")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("HAProxy's log"))
            .spawn()
            .expect("starting HAProxy");
        let mut process = Process { child: Some(child) };
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        loop {
            if let Some(status) = process.exited() {
                panic!(
                    "HAProxy exited: {status}\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            if let Ok(r) = reqwest::get(format!("{base}/healthz")).await {
                if r.status().is_success() {
                    break;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "HAProxy did not pass requests on"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Proxy {
            base,
            _process: process,
        }
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn backend(res: &reqwest::Response) -> String {
    res.headers()
        .get("x-backend")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_owned()
}

async fn scalar(db: &Db, sql: &'static str, bind: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(&db.pool)
        .await
        .expect(sql)
}

async fn unit(db: &Db, code: &str) -> String {
    sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
        .bind(code)
        .fetch_one(&db.pool)
        .await
        .expect("unit")
}

/// Work that is due when the instances start, so that both find it on
/// their first tick.
struct Due {
    /// The demo's pulse survey, due now: the schedulers open its round.
    pulse: String,
    /// A round opened before the start whose invitations are not mailed.
    to_invite: String,
    /// A round half over, its invitations mailed: the reminder is due.
    to_remind: String,
    /// Overdue measures with an owner to remind: (title, owner's address).
    overdue: Vec<(String, String)>,
    /// People who left three years ago: to be erased.
    leavers: Vec<String>,
    /// Closed reports past their retention: to be deleted.
    expired_reports: Vec<String>,
}

/// The demo organisation as `serve --demo` seeds it. Seeded here, before
/// either instance starts, so that both start at the same moment with the
/// same due work and their schedulers tick together from the first tick.
async fn seed(db: &Db) {
    assert!(demo::seed_if_empty(db).await.expect("seed"));
    app::services::demo_history::seed(db)
        .await
        .expect("past rounds");
    app::services::demo_reports::seed(db)
        .await
        .expect("reports");
    app::services::demo_follow_up::seed(db)
        .await
        .expect("follow-up");
    app::services::demo_committees::seed(db)
        .await
        .expect("committees");
}

async fn make_work_due(db: &Db, key: &InboxKey) -> Due {
    let now = chrono::Utc::now().timestamp();
    let pulse: String = sqlx::query_scalar("SELECT id FROM surveys WHERE name = 'Trivselspuls'")
        .fetch_one(&db.pool)
        .await
        .expect("the demo pulse");

    // Leavers first, so that the rounds below do not invite them.
    let leavers: Vec<String> = sqlx::query_scalar(
        "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'SERV-REN' \
         AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.id) \
         ORDER BY p.employee_no LIMIT 3",
    )
    .fetch_all(&db.pool)
    .await
    .expect("people");
    for person in &leavers {
        sqlx::query("UPDATE people SET left_at = $1 WHERE id = $2")
            .bind(now - 3 * 365 * DAY)
            .bind(person)
            .execute(&db.pool)
            .await
            .expect("a leaver");
    }

    let hospital = unit(db, "HOSP").await;
    let to_invite = surveys::open_for_units(
        db,
        key,
        &RoundSpec {
            name: "Instances: invitations".into(),
            k: 5,
            survey: None,
            items: vec!["wb-1".into(), "ps-1".into()],
            closes_at: Some(now + 14 * DAY),
        },
        std::slice::from_ref(&hospital),
    )
    .await
    .expect("a round to invite to");
    let to_remind = surveys::open_for_units(
        db,
        key,
        &RoundSpec {
            name: "Instances: reminders".into(),
            k: 5,
            survey: None,
            items: vec!["wb-1".into()],
            closes_at: Some(now + 2 * DAY),
        },
        &[unit(db, "KIR").await],
    )
    .await
    .expect("a round to remind of");
    // Opened three days ago with its invitations sent then: past halfway.
    sqlx::query("UPDATE rounds SET opened_at = $1 WHERE id = $2")
        .bind(now - 3 * DAY)
        .bind(&to_remind)
        .execute(&db.pool)
        .await
        .expect("backdate the round");
    sqlx::query("UPDATE invitations SET mailed = 1 WHERE round_id = $1")
        .bind(&to_remind)
        .execute(&db.pool)
        .await
        .expect("invitations sent");

    // Every open measure's deadline passed five days ago.
    let today = follow_up::today();
    sqlx::query("UPDATE measures SET deadline = $1 WHERE status IN ('planned', 'in_progress')")
        .bind(follow_up::day(today - chrono::Days::new(5)))
        .execute(&db.pool)
        .await
        .expect("backdate deadlines");
    let overdue: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.title, m.owner_email FROM measures m JOIN problems p ON p.id = m.problem_id \
         WHERE m.status IN ('planned', 'in_progress') AND m.owner_email IS NOT NULL \
         AND p.closed_on IS NULL ORDER BY m.title",
    )
    .fetch_all(&db.pool)
    .await
    .expect("overdue measures");
    assert!(
        overdue.len() >= 2,
        "the demo has measures with owners: {overdue:?}"
    );

    // Three closed cases closed three years ago, beyond any retention.
    let closed: Vec<String> =
        sqlx::query_scalar("SELECT id FROM reports WHERE status = 'closed' ORDER BY id LIMIT 3")
            .fetch_all(&db.pool)
            .await
            .expect("closed reports");
    assert_eq!(closed.len(), 3, "the demo has closed reports");
    let long_ago = app::services::reports::today() - chrono::Days::new(3 * 365);
    for id in &closed {
        sqlx::query("UPDATE reports SET closed_on = $1, hold = 0 WHERE id = $2")
            .bind(long_ago.format("%Y-%m-%d").to_string())
            .bind(id)
            .execute(&db.pool)
            .await
            .expect("backdate a report");
    }
    let months: i64 =
        sqlx::query_scalar("SELECT report_retention_months FROM organisation LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .expect("retention");
    let cutoff = app::services::reports::today()
        - chrono::Months::new(u32::try_from(months).expect("months"));
    let expired_reports: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM reports WHERE status = 'closed' AND hold = 0 AND closed_on <= $1",
    )
    .bind(cutoff.format("%Y-%m-%d").to_string())
    .fetch_all(&db.pool)
    .await
    .expect("expired reports");

    Due {
        pulse,
        to_invite,
        to_remind,
        overdue,
        leavers,
        expired_reports,
    }
}

/// A personal invitation that goes by e-mail: its code, the address and
/// the person's language.
struct Letter {
    code: String,
    email: String,
    lang: String,
}

async fn letters(db: &Db, key: &InboxKey, round: &str) -> Vec<Letter> {
    let mut out = Vec::new();
    for (_, person, code) in invitations::personal_codes(db, key, round)
        .await
        .expect("codes")
    {
        let (email, lang): (Option<String>, String) =
            sqlx::query_as("SELECT email, lang FROM people WHERE id = $1")
                .bind(&person)
                .fetch_one(&db.pool)
                .await
                .expect("person");
        if let Some(email) = email {
            out.push(Letter { code, email, lang });
        }
    }
    out
}

type Mail = (String, String, String);

/// What MailDev holds once nothing more arrives for a second.
async fn settled_mail(sink: &SmtpSink) -> Vec<Mail> {
    let mut last = sink.messages().await;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = sink.messages().await;
        if now.len() == last.len() {
            return now;
        }
        last = now;
    }
}

/// Fluent isolates arguments with invisible marks; compare without them.
fn plain(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

/// Each letter's link arrived in exactly one message: to its address, with
/// the subject `kind` (`mail-invite` or `mail-remind`) in its language.
fn each_once(mail: &[Mail], public_url: &str, round_name: &str, letters: &[Letter], kind: &str) {
    assert!(!letters.is_empty(), "{round_name}: nobody to write to");
    for l in letters {
        let link = format!("{public_url}/a/{}", l.code);
        let got: Vec<&Mail> = mail
            .iter()
            .filter(|(_, _, text)| text.contains(&link))
            .collect();
        assert_eq!(
            got.len(),
            1,
            "{round_name}: the link {link} should have been mailed once ({kind}), got {got:?}"
        );
        let lang = Lang::parse(&l.lang).unwrap_or_default();
        let subject = lang.t_args(
            &format!("{kind}-subject"),
            &[("round", round_name.to_owned().into())],
        );
        assert_eq!(
            (got[0].0.as_str(), plain(&got[0].1)),
            (l.email.as_str(), plain(&subject)),
            "{round_name}: {kind} for the wrong address or with the wrong subject"
        );
    }
}

/// No message was sent twice: a job that did its work twice sends the
/// same letter (same address, subject and link) twice.
fn no_message_twice(mail: &[Mail]) {
    let mut seen = HashSet::new();
    for m in mail {
        assert!(seen.insert(m), "sent twice: {m:?}");
    }
}

/// Signs in through the proxy with the demo password.
async fn sign_in(proxy: &Proxy, email: &str) -> (reqwest::Client, String) {
    let c = support::client();
    let res = c
        .post(proxy.at("/api/login"))
        .form(&[("email", email), ("password", demo::DEMO_PASSWORD)])
        .send()
        .await
        .expect("login request");
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "signing in through the proxy: {}",
        res.status()
    );
    let on = backend(&res);
    (c, on)
}

/// Whom the session signs in (`/api/me`), and which instance answered.
async fn me(c: &reqwest::Client, proxy: &Proxy) -> (Option<String>, String) {
    let res = c.post(proxy.at("/api/me")).send().await.expect("me");
    let on = backend(&res);
    let body: serde_json::Value =
        serde_json::from_str(&res.text().await.expect("body")).unwrap_or_default();
    (body["email"].as_str().map(str::to_owned), on)
}

async fn sessions_work_across_both(proxy: &Proxy) -> reqwest::Client {
    let both = HashSet::from(["a".to_owned(), "b".to_owned()]);
    let (admin, signed_in_on) = sign_in(proxy, ADMIN).await;
    // Consecutive requests go to the instances in turn: four pages, then
    // four calls of a server function, each land on both.
    let mut pages_on = HashSet::new();
    for _ in 0..4 {
        let res = admin
            .get(proxy.at("/overview"))
            .header("accept-language", "en")
            .send()
            .await
            .expect("overview");
        let on = backend(&res);
        assert_eq!(res.status(), 200, "the overview from instance {on}");
        let html = res.text().await.expect("html");
        assert!(
            html.contains("Welcome, Astrid Admin"),
            "instance {on} does not know the session started on {signed_in_on}"
        );
        pages_on.insert(on);
    }
    let mut calls_on = HashSet::new();
    for _ in 0..4 {
        let (who, on) = me(&admin, proxy).await;
        assert_eq!(who.as_deref(), Some(ADMIN), "/api/me on instance {on}");
        calls_on.insert(on);
    }
    assert_eq!(
        (&pages_on, &calls_on),
        (&both, &both),
        "the proxy should spread requests over both instances"
    );

    // Signing out on one instance ends the session on both.
    let res = admin
        .post(proxy.at("/api/logout"))
        .send()
        .await
        .expect("logout");
    let out_on = backend(&res);
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "signing out on instance {out_on}: {}",
        res.status()
    );
    let (mut pages_on, mut calls_on) = (HashSet::new(), HashSet::new());
    for _ in 0..4 {
        let res = admin
            .get(proxy.at("/overview"))
            .send()
            .await
            .expect("overview");
        let on = backend(&res);
        // 401, or a redirect to the sign-in page for a browser.
        assert!(
            res.status() == 401 || res.status().is_redirection(),
            "the overview from instance {on} after signing out on {out_on}: {}",
            res.status()
        );
        pages_on.insert(on);
    }
    for _ in 0..4 {
        let (who, on) = me(&admin, proxy).await;
        assert_eq!(
            who, None,
            "instance {on} still knows the session ended on {out_on}"
        );
        calls_on.insert(on);
    }
    assert_eq!((&pages_on, &calls_on), (&both, &both));
    sign_in(proxy, ADMIN).await.0
}

/// Every code of a round: the personal invitations' (unsealed with the key
/// of the server secret file) and code cards for everyone else, printed by
/// the administrator through the proxy.
async fn all_codes(
    db: &Db,
    key: &InboxKey,
    proxy: &Proxy,
    admin: &reqwest::Client,
    round: &str,
) -> Vec<String> {
    let mut codes: Vec<String> = invitations::personal_codes(db, key, round)
        .await
        .expect("codes")
        .into_iter()
        .map(|(_, _, code)| code)
        .collect();
    for (unit, left) in cards::places(db, round).await.expect("places") {
        let res = admin
            .post(proxy.at(&format!("/surveys/round/{round}/cards")))
            .form(&[("unit", unit.as_str()), ("count", &left.to_string())])
            .send()
            .await
            .expect("cards");
        let on = backend(&res);
        assert_eq!(res.status(), 200, "printing code cards on instance {on}");
        let html = res.text().await.expect("sheet");
        let printed: Vec<String> = html
            .split("data-testid=\"card-code\">")
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .map(str::to_owned)
            .collect();
        assert_eq!(printed.len() as i64, left, "cards printed on instance {on}");
        codes.extend(printed);
    }
    let headcount = scalar(
        db,
        "SELECT CAST(SUM(headcount) AS BIGINT) FROM round_units WHERE round_id = $1",
        round,
    )
    .await;
    assert_eq!(codes.len() as i64, headcount, "a code for everyone");
    codes
}

#[derive(Debug)]
enum Outcome {
    /// 303 to the thanks page: acknowledged.
    Thanks(String),
    /// 303 to the refusal: the code is used (or unknown).
    Refused(String),
    /// Anything else: nothing acknowledged; the phone may try again.
    Failed(String),
}

async fn submit(
    c: &reqwest::Client,
    proxy: &str,
    round: &str,
    code: &str,
    marker: &str,
) -> Outcome {
    let res = c
        .post(format!("{proxy}/a/submit"))
        .form(&[
            ("round", round),
            ("code", code),
            ("q.wb-1", "0"),
            ("comment", marker),
        ])
        .send()
        .await;
    let res = match res {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(format!("request: {e}")),
    };
    let on = backend(&res);
    let to = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    match (res.status().as_u16(), to.as_str()) {
        (303, server::http::answering::THANKS) => Outcome::Thanks(on),
        (303, server::http::answering::REFUSED) => Outcome::Refused(on),
        (status, _) => Outcome::Failed(format!("{status} → {to} from {on}")),
    }
}

fn load_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// Every stored answer of a round, sealed or moved: marker → times stored.
async fn stored_markers(db: &Db, key: &InboxKey, round: &str) -> HashMap<String, usize> {
    let moved: Vec<String> = sqlx::query_scalar("SELECT payload FROM answers WHERE round_id = $1")
        .bind(round)
        .fetch_all(&db.pool)
        .await
        .expect("answers");
    let mut markers = HashMap::new();
    for payload in store::open_inbox(db, key, round)
        .await
        .expect("inbox")
        .into_iter()
        .chain(moved)
    {
        let v: serde_json::Value = serde_json::from_str(&payload).expect("an answer");
        *markers
            .entry(v["c"].as_str().unwrap_or("").to_owned())
            .or_default() += 1;
    }
    markers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_behind_a_proxy_act_as_one() {
    let started = Instant::now();
    let work = tempfile::tempdir().expect("temp dir");

    // One server secret, made as an operator makes it, for both instances.
    let secret = work.path().join("secret.key");
    let made = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("create-secret")
        .arg("--secret-file")
        .arg(&secret)
        .output()
        .expect("server create-secret");
    assert!(
        made.status.success(),
        "create-secret: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let key = server::ops::secret::load(&secret).expect("the server secret");

    let (db, database_url, _) = support::fresh_db(Store::Postgres).await;
    seed(&db).await;
    let due = make_work_due(&db, &key).await;
    let sink = SmtpSink::start().await;
    let proxy_port = free_port();
    let public_url = format!("http://127.0.0.1:{proxy_port}");
    let shared = Shared {
        database_url: &database_url,
        secret: &secret,
        public_url: &public_url,
        smtp_url: &sink.smtp_url,
    };
    // Both at once: each runs every job on its first tick, against the
    // same due work, and their 30-second ticks stay together afterwards.
    let mut a = Instance::spawn("a", &shared);
    let mut b = Instance::spawn("b", &shared);
    a.ready().await;
    b.ready().await;
    let proxy = Proxy::start(proxy_port, &[&a, &b], work.path()).await;
    eprintln!(
        "instances: cluster, demo, sink, two servers and HAProxy up in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Both instances have run every job at least once (the answer mover
    // ends the 30-second tick, the import purge the hourly one).
    let start = Instant::now();
    for i in [&a, &b] {
        while i.job_runs("answer-mover").await < 1.0 || i.job_runs("import-purge").await < 1.0 {
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "instance {} did not finish its first tick:\n{}",
                i.name,
                i.metrics_text().await
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    let last_tick = Instant::now();
    eprintln!(
        "instances: both ran their jobs {:.1} s after starting",
        started.elapsed().as_secs_f64()
    );

    // ---- Sessions live in the database: both instances know them.
    let admin = sessions_work_across_both(&proxy).await;

    // ---- The scheduler: the due pulse opened one round, on one instance.
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM rounds WHERE survey_id = $1",
            &due.pulse
        )
        .await,
        1,
        "the due pulse opened more than one round"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT rounds_opened FROM surveys WHERE id = $1",
            &due.pulse
        )
        .await,
        1
    );
    let pulse_round: String = sqlx::query_scalar("SELECT id FROM rounds WHERE survey_id = $1")
        .bind(&due.pulse)
        .fetch_one(&db.pool)
        .await
        .expect("the pulse's round");
    let pulse_name: String = sqlx::query_scalar("SELECT name FROM rounds WHERE id = $1")
        .bind(&pulse_round)
        .fetch_one(&db.pool)
        .await
        .expect("name");

    // ---- Invitations, reminders and overdue measures: each mailed once.
    let invited = letters(&db, &key, &due.to_invite).await;
    let pulse_letters = letters(&db, &key, &pulse_round).await;
    let reminded = letters(&db, &key, &due.to_remind).await;
    let mail = settled_mail(&sink).await;
    each_once(
        &mail,
        &public_url,
        "Instances: invitations",
        &invited,
        "mail-invite",
    );
    each_once(
        &mail,
        &public_url,
        &pulse_name,
        &pulse_letters,
        "mail-invite",
    );
    each_once(
        &mail,
        &public_url,
        "Instances: reminders",
        &reminded,
        "mail-remind",
    );
    for (title, owner) in &due.overdue {
        let got = mail
            .iter()
            .filter(|(to, subject, _)| to == owner && plain(subject).contains(title.as_str()))
            .count();
        assert_eq!(
            got, 1,
            "the owner of the overdue measure {title:?} was reminded {got} times"
        );
    }
    no_message_twice(&mail);

    // ---- Retention: each leaver erased once, each expired case deleted once.
    for person in &due.leavers {
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM people WHERE id = $1 AND erased_at IS NOT NULL",
                person
            )
            .await,
            1,
            "a leaver past retention was not erased"
        );
    }
    let erased: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.id, (SELECT COUNT(*) FROM admin_audit l \
           WHERE l.action = 'person-erased' AND l.subject = p.name) \
         FROM people p WHERE p.erased_at IS NOT NULL",
    )
    .fetch_all(&db.pool)
    .await
    .expect("erased");
    assert_eq!(erased.len(), due.leavers.len(), "{erased:?}");
    assert!(erased.iter().all(|(_, lines)| *lines == 1), "{erased:?}");
    let erasure_lines: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM admin_audit WHERE action = 'person-erased'")
            .fetch_one(&db.pool)
            .await
            .expect("audit");
    assert_eq!(
        erasure_lines,
        due.leavers.len() as i64,
        "a leaver was erased twice"
    );
    assert!(due.expired_reports.len() >= 3);
    for id in &due.expired_reports {
        assert_eq!(
            scalar(&db, "SELECT COUNT(*) FROM reports WHERE id = $1", id).await,
            0,
            "a closed report past retention is still there"
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM report_audit WHERE report_id = $1 AND action LIKE 'deleted after%'",
                id
            )
            .await,
            1,
            "a report's deletion should be logged once"
        );
    }

    // No job failed on either instance (a lost race that errs counts).
    for i in [&a, &b] {
        let text = i.metrics_text().await;
        let failed: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("outcome=\"failed\"") && !l.ends_with(" 0"))
            .collect();
        assert!(failed.is_empty(), "instance {}: {failed:?}", i.name);
        eprintln!(
            "instances: {} sent {} e-mails",
            i.name,
            i.metric("trivsel_mail_sent_total").await
        );
    }

    // ---- The answer mover: both instances move ready batches on the same
    // tick (their ticks started together); each answer is moved once.
    let mover = "answer-mover";
    let codes = all_codes(&db, &key, &proxy, &admin, &pulse_round).await;
    // The answers go in between two runs of the movers, so that every group
    // is complete when they next look: right after a run.
    let mut runs = (a.job_runs(mover).await, b.job_runs(mover).await);
    if last_tick.elapsed() > Duration::from_secs(10) {
        let start = Instant::now();
        while a.job_runs(mover).await <= runs.0 || b.job_runs(mover).await <= runs.1 {
            assert!(
                start.elapsed() < Duration::from_secs(45),
                "the movers stopped running"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        runs = (a.job_runs(mover).await, b.job_runs(mover).await);
    }
    let client = load_client();
    let mut answered_on: HashMap<String, usize> = HashMap::new();
    for (i, code) in codes.iter().enumerate() {
        match submit(
            &client,
            &proxy.base,
            &pulse_round,
            code,
            &format!("pulse-{i:04}"),
        )
        .await
        {
            Outcome::Thanks(on) => *answered_on.entry(on).or_default() += 1,
            other => panic!("an answer with both instances up: {other:?}"),
        }
    }
    assert_eq!(
        answered_on.len(),
        2,
        "answers on both instances: {answered_on:?}"
    );
    assert_eq!(
        (a.job_runs(mover).await, b.job_runs(mover).await),
        runs,
        "a mover ran while the answers went in: this test's timing assumption failed"
    );
    // What the rule lets them move: each group (the answers of units filed
    // together) of at least k. Smaller groups wait for the round to close.
    let groups: Vec<(i64,)> = sqlx::query_as(
        "SELECT COUNT(*) FROM invitations i JOIN round_filing f \
           ON f.round_id = i.round_id AND f.unit_id = i.unit_id \
         WHERE i.round_id = $1 AND i.used = 1 AND f.filing_unit_id IS NOT NULL \
         GROUP BY f.filing_unit_id",
    )
    .bind(&pulse_round)
    .fetch_all(&db.pool)
    .await
    .expect("groups");
    let k = scalar(&db, "SELECT k FROM rounds WHERE id = $1", &pulse_round).await;
    let ready: i64 = groups.iter().map(|(n,)| *n).filter(|n| *n >= k).sum();
    assert!(ready > 0, "{groups:?}");
    let start = Instant::now();
    loop {
        let moved = scalar(
            &db,
            "SELECT COUNT(*) FROM answers WHERE round_id = $1",
            &pulse_round,
        )
        .await;
        let ran = (a.job_runs(mover).await, b.job_runs(mover).await);
        if moved == ready && ran.0 > runs.0 && ran.1 > runs.1 {
            break;
        }
        // A run that began while the answers went in (the job's tick does
        // other work first) can end after them having seen only some; the
        // run after it began once they were all in.
        if ran.0 > runs.0 + 1.0 && ran.1 > runs.1 + 1.0 {
            assert_eq!(
                moved, ready,
                "both movers ran after the answers: answers moved"
            );
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(80),
            "the movers did not run"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let markers = stored_markers(&db, &key, &pulse_round).await;
    assert_eq!(markers.len(), codes.len(), "every answer stored");
    assert!(
        markers.values().all(|n| *n == 1),
        "an answer was stored twice"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM answer_inbox WHERE round_id = $1",
            &pulse_round
        )
        .await,
        codes.len() as i64 - ready,
        "only groups below k wait in the inbox"
    );
    let moved = (
        a.metric("trivsel_answers_moved_total").await,
        b.metric("trivsel_answers_moved_total").await,
    );
    assert_eq!(
        moved.0 + moved.1,
        ready as f64,
        "the instances together moved each answer once (a: {}, b: {})",
        moved.0,
        moved.1
    );
    eprintln!(
        "instances: {} answers, answered on {answered_on:?}, {ready} in groups of k or more, \
         moved by a {} and b {}",
        codes.len(),
        moved.0,
        moved.1
    );

    // ---- One instance killed in the middle of an answer load.
    killing_one_mid_load_loses_nothing_acknowledged(&db, &key, &proxy, &admin, &due, &mut a).await;

    // Another look after later ticks: no batch moved again, no letter sent
    // again.
    assert_eq!(
        stored_markers(&db, &key, &pulse_round).await,
        markers,
        "the pulse's answers changed after they were moved"
    );
    no_message_twice(&sink.messages().await);
    eprintln!(
        "instances: done in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[derive(Default)]
struct Tally {
    /// Code index → the instance that acknowledged it, and whether it was
    /// sent after the kill.
    acknowledged: HashMap<usize, (String, bool)>,
    /// Codes refused after an attempt that failed: that attempt was stored.
    stored_unacknowledged: HashSet<usize>,
    failures: Vec<String>,
    killed: bool,
}

async fn killing_one_mid_load_loses_nothing_acknowledged(
    db: &Db,
    key: &InboxKey,
    proxy: &Proxy,
    admin: &reqwest::Client,
    due: &Due,
    victim: &mut Instance,
) {
    let round = due.to_invite.clone();
    let codes = Arc::new(all_codes(db, key, proxy, admin, &round).await);
    let tally = Arc::new(Mutex::new(Tally::default()));
    let next = Arc::new(Mutex::new(0usize));
    let client = load_client();
    let base = proxy.base.clone();
    // Twelve phones answering at once, each taking the next code, so that
    // the kill finds answers in flight; an answer that was not acknowledged
    // is sent again with the same code.
    let workers: Vec<_> = (0..12)
        .map(|_| {
            let (codes, tally, next, client, round, base) = (
                codes.clone(),
                tally.clone(),
                next.clone(),
                client.clone(),
                round.clone(),
                base.clone(),
            );
            tokio::spawn(async move {
                loop {
                    let i = {
                        let mut n = next.lock().expect("next");
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(code) = codes.get(i) else { break };
                    let mut failed_before = false;
                    let mut tries = 0;
                    loop {
                        tries += 1;
                        let sent_after_kill = tally.lock().expect("tally").killed;
                        let outcome =
                            submit(&client, &base, &round, code, &format!("kill-{i:04}")).await;
                        let done = {
                            let mut t = tally.lock().expect("tally");
                            match outcome {
                                Outcome::Thanks(on) => {
                                    t.acknowledged.insert(i, (on, sent_after_kill));
                                    true
                                }
                                Outcome::Refused(on) => {
                                    assert!(
                                        failed_before,
                                        "instance {on} refused the unused code #{i}"
                                    );
                                    t.stored_unacknowledged.insert(i);
                                    true
                                }
                                Outcome::Failed(e) => {
                                    failed_before = true;
                                    t.failures.push(e);
                                    assert!(tries < 100, "code #{i} never got through");
                                    false
                                }
                            }
                        };
                        if done {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            })
        })
        .collect();

    // SIGKILL once a third is acknowledged, while answers are in flight.
    let start = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(5)).await;
        let done = tally.lock().expect("tally").acknowledged.len();
        if done >= codes.len() / 3 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the load stalled"
        );
    }
    victim.process.kill();
    let at_kill = {
        let mut t = tally.lock().expect("tally");
        t.killed = true;
        t.acknowledged.len()
    };
    for w in workers {
        w.await.expect("a phone failed");
    }
    let t = Arc::try_unwrap(tally)
        .ok()
        .expect("tally shared")
        .into_inner()
        .expect("tally");
    eprintln!(
        "instances: killed {} after {at_kill} of {} answers; {} acknowledged, {} stored but not \
         acknowledged (refused when sent again), {} failed requests: {:?}",
        victim.name,
        codes.len(),
        t.acknowledged.len(),
        t.stored_unacknowledged.len(),
        t.failures.len(),
        t.failures.iter().take(5).collect::<Vec<_>>()
    );
    let by_victim = t
        .acknowledged
        .values()
        .filter(|(on, after)| on == victim.name && !after)
        .count();
    let after_kill = t.acknowledged.values().filter(|(_, after)| *after).count();
    assert!(
        by_victim > 0,
        "the killed instance took no part of the load"
    );
    assert!(
        after_kill > 0,
        "no answer was acknowledged after the kill: the proxy did not fail over"
    );
    assert_eq!(
        t.acknowledged.len() + t.stored_unacknowledged.len(),
        codes.len(),
        "every code got through or was found used"
    );

    // Every acknowledged answer is stored exactly once and its code used;
    // stored answers and used invitations agree.
    let markers = stored_markers(db, key, &round).await;
    let lost: Vec<usize> = t
        .acknowledged
        .keys()
        .copied()
        .filter(|i| !markers.contains_key(&format!("kill-{i:04}")))
        .collect();
    assert!(lost.is_empty(), "acknowledged answers lost: {lost:?}");
    let twice: Vec<&String> = markers
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(m, _)| m)
        .collect();
    assert!(twice.is_empty(), "answers stored twice: {twice:?}");
    for i in t.acknowledged.keys() {
        let code = ids::normalise_code(&codes[*i]).expect("a code");
        assert_eq!(
            scalar(
                db,
                "SELECT COUNT(*) FROM invitations WHERE code_hash = $1 AND used = 1",
                &ids::sha256_hex(&code)
            )
            .await,
            1,
            "the code of an acknowledged answer is not used"
        );
    }
    let stored: usize = markers.values().sum();
    let used = scalar(
        db,
        "SELECT COUNT(*) FROM invitations WHERE round_id = $1 AND used = 1",
        &round,
    )
    .await;
    assert_eq!(
        stored as i64, used,
        "stored answers and used invitations differ"
    );
    assert_eq!(stored, codes.len());
}
