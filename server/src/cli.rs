//! Command line: `serve`, `migrate`, `create-admin`, `password-link`, `demo`, `deliver-reports`,
//! `backup`, `restore`. Every option has an environment variable and a default that works on a
//! laptop.

use anyhow::{bail, Context};
use app::services::{
    accounts,
    db::Db,
    demo,
    provider_sign_in::{MatchBy, ProviderSettings},
    state::{AppState, Settings},
};
use clap::{Parser, Subcommand};
use std::{io::BufRead, net::SocketAddr};

#[derive(Debug, Parser)]
#[command(
    name = "server",
    about = "Trivsel: anonymous workplace wellbeing surveys"
)]
pub struct Cli {
    /// sqlite://path/to/file.db (default) or postgres://user@host/db
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/trivsel.db",
        global = true
    )]
    pub database_url: String,

    /// Log format: `text` for people, `json` for log collectors.
    #[arg(
        long,
        env = "TRIVSEL_LOG_FORMAT",
        default_value = "text",
        global = true
    )]
    pub log_format: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the web application.
    Serve(Box<ServeArgs>),
    /// Apply database migrations and exit.
    Migrate,
    /// Create an administrator account. The password is read from
    /// TRIVSEL_ADMIN_PASSWORD or, if unset, from the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Seed the demo organisation into an empty database and print its logins.
    Demo,
    /// Ask a running server whether it is ready (`GET /readyz`): exit 0 when
    /// it answers 200, 1 otherwise. For container health checks, where there
    /// is no curl.
    Healthcheck {
        /// The server's address; 0.0.0.0 and [::] mean this machine.
        #[arg(long, env = "TRIVSEL_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
    },
    /// Create the server secret file (refuses to overwrite an existing one).
    CreateSecret {
        #[arg(long, env = "TRIVSEL_SECRET_FILE", default_value = "data/secret.key")]
        secret_file: std::path::PathBuf,
    },
    /// Hand every report and reporter's message in the sealed inbox to the
    /// handlers now, today's included, instead of after midnight (UTC). Each
    /// use splits a day's reports into smaller batches, which date them more
    /// finely: it is for tests and for handing over cases before a planned
    /// outage, not for daily use.
    DeliverReports {
        #[arg(long, env = "TRIVSEL_SECRET_FILE", default_value = "data/secret.key")]
        secret_file: std::path::PathBuf,
    },
    /// Print a link by which a staff account chooses its password, for an
    /// instance without e-mail (the link works once, for a week; with
    /// e-mail, new accounts and forgotten passwords get one by mail).
    PasswordLink {
        #[arg(long)]
        email: String,
        /// The address people reach Trivsel at, as in `serve`.
        #[arg(
            long,
            env = "TRIVSEL_PUBLIC_URL",
            default_value = "http://127.0.0.1:3000"
        )]
        public_url: String,
    },
    /// Write a consistent copy of the database to FILE (a new SQLite file,
    /// whichever store DATABASE_URL names) while the server runs. The server
    /// secret is not in it: back that up apart.
    Backup {
        file: std::path::PathBuf,
        /// Only named in the reminder to back it up apart.
        #[arg(long, env = "TRIVSEL_SECRET_FILE", default_value = "data/secret.key")]
        secret_file: std::path::PathBuf,
    },
    /// Restore a backup FILE into the store DATABASE_URL names, which must be
    /// empty (a new SQLite file or an empty PostgreSQL database).
    Restore {
        file: std::path::PathBuf,
        /// Where the server will look for the server secret the backup needs.
        #[arg(long, env = "TRIVSEL_SECRET_FILE", default_value = "data/secret.key")]
        secret_file: std::path::PathBuf,
    },
    /// Create an API token for an HR system (printed once; only a hash is kept).
    CreateApiToken {
        #[arg(long)]
        label: String,
        /// `import` (an HR system) or `results` (a BI tool).
        #[arg(long, default_value = "import")]
        purpose: String,
        /// Days until it stops working (at most two years).
        #[arg(long, default_value_t = app::services::tokens::DEFAULT_DAYS)]
        days: i64,
    },
    /// Benchmark: import a synthetic hospital into an empty database and print
    /// the timings (used by `make bench`).
    BenchImport {
        #[arg(long, default_value_t = 30_000)]
        people: usize,
    },
    /// Benchmark: a synthetic organisation with two years of weekly pulses
    /// (about 25 million item answers), then the time of the committee
    /// heatmap, leaders' dashboards and the full export
    BenchResults {
        #[arg(long, default_value_t = 30_000)]
        people: usize,
        #[arg(long, default_value_t = 104)]
        weeks: usize,
        #[arg(long, default_value_t = 40)]
        samples: usize,
    },
    /// Benchmark: a round opening for a whole organisation — answers posted to
    /// a real server (a child process) by 500 respondents at once, then at a
    /// fixed arrival rate; prints throughput, latency and memory.
    BenchAnswers {
        #[arg(long, default_value_t = 30_000)]
        people: usize,
        #[arg(long, default_value_t = 500)]
        concurrency: usize,
        /// People per second arriving in the open-loop part (each opens the
        /// page, then answers).
        #[arg(long, default_value_t = 1_000)]
        rate: u64,
        /// Seconds of arrivals: at 30 and 1 000/s, a 30 000-person
        /// organisation all arrives within the same minute.
        #[arg(long, default_value_t = 30)]
        seconds: u64,
    },
    /// Benchmark: the answering page (`GET /a/{code}`) at 32 and 500
    /// connections, beside a bare Leptos page of the same shape (`bare-page`
    /// from the `bench/` crate, found beside this binary) in the same run.
    BenchPage {
        #[arg(long, default_value_t = 30_000)]
        people: usize,
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Ask Trivsel for this path instead of the answering page (the
        /// baseline is still the bare answering page).
        #[arg(long)]
        page: Option<String>,
    },
    /// Benchmark: the web front under a flood of sign-ins with different
    /// addresses and a stranger's garbage receipts, beside the same requests
    /// at rest (a real server as a child process).
    BenchFront {
        #[arg(long, default_value_t = 2_000)]
        flood: usize,
        #[arg(long, default_value_t = 50)]
        connections: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Kills the server with SIGKILL during an answer load, restarts it, and
    /// checks that no acknowledged answer was lost or stored twice.
    CrashTest {
        #[arg(long, default_value_t = 10_000)]
        people: usize,
        #[arg(long, default_value_t = 200)]
        concurrency: usize,
    },
    /// Prints the transferred size of the answering page with and without
    /// the wasm bundle (on a fresh database with the demo seeded).
    PageWeight,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TRIVSEL_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The URL people use to reach Trivsel; https here turns on Secure cookies.
    #[arg(long, env = "TRIVSEL_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seed the demo organisation when the database is empty, and print its
    /// logins; also creates the server secret if there is none.
    #[arg(long, env = "TRIVSEL_DEMO", default_value_t = false)]
    pub demo: bool,
    /// File holding the server secret (32+ random bytes) that seals pending
    /// answers. Never put it in the database or its backups; see the README.
    #[arg(long, env = "TRIVSEL_SECRET_FILE", default_value = "data/secret.key")]
    pub secret_file: std::path::PathBuf,
    /// Hours a staff session lasts.
    #[arg(long, env = "TRIVSEL_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: i64,
    /// Login attempts allowed per e-mail address per minute.
    #[arg(long, env = "TRIVSEL_LOGIN_ATTEMPTS_PER_MINUTE", default_value_t = 5)]
    pub login_attempts_per_minute: u32,
    /// Database connections per app instance.
    #[arg(long, env = "TRIVSEL_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,
    /// SMTP relay for invitation e-mails, e.g. smtp://127.0.0.1:25 or
    /// smtp://user:password@mail.example.org:587?tls=required. Without it,
    /// people answer by code card or by login only.
    #[arg(long, env = "TRIVSEL_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender of invitation e-mails.
    #[arg(
        long,
        env = "TRIVSEL_MAIL_FROM",
        default_value = "Trivsel <trivsel@localhost>"
    )]
    pub mail_from: String,
    /// Where people report an accessibility problem (an e-mail address or
    /// a web address), named in the accessibility statement (/accessibility)
    /// that Danish and Swedish public bodies must publish.
    #[arg(long, env = "TRIVSEL_ACCESSIBILITY_CONTACT")]
    pub accessibility_contact: Option<String>,
    /// A second address that serves `/metrics` (Prometheus text format) and
    /// nothing else, e.g. 127.0.0.1:9300; keep it off the public network.
    /// Without it there is no `/metrics`.
    #[arg(long, env = "TRIVSEL_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    #[command(flatten)]
    pub sign_in: SignInArgs,
}

/// How staff sign in: with a password, through the organisation's identity
/// provider (OpenID Connect), or both.
#[derive(Debug, clap::Args)]
pub struct SignInArgs {
    /// The identity provider's issuer URL (for Entra ID:
    /// https://login.microsoftonline.com/<tenant id>/v2.0). Register
    /// <public URL>/auth/provider/back as the redirect URI there.
    #[arg(long, env = "TRIVSEL_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The client (application) id Trivsel has at the provider.
    #[arg(long, env = "TRIVSEL_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    pub oidc_client_id: Option<String>,
    /// File holding the client secret (a file, so it can be a systemd or
    /// container credential and never appears in a process listing).
    #[arg(
        long,
        env = "TRIVSEL_OIDC_CLIENT_SECRET_FILE",
        requires = "oidc_issuer"
    )]
    pub oidc_client_secret_file: Option<std::path::PathBuf>,
    /// What a signed-in person is matched by: `email` (an account's address)
    /// or `employee-number` (the HR import's employee number).
    #[arg(long, env = "TRIVSEL_OIDC_MATCH", default_value = "email", value_parser = ["email", "employee-number"])]
    pub oidc_match: String,
    /// The ID-token claim holding that value; by default `email`, or
    /// `employee_number`. With `email` the provider must also say
    /// `email_verified`; a claim the organisation's directory sets (`upn`,
    /// an employee-id claim) is trusted as it is.
    #[arg(long, env = "TRIVSEL_OIDC_CLAIM")]
    pub oidc_claim: Option<String>,
    /// Make an account (without roles) for a person the provider vouches
    /// for who has none. Off by default: administrators make accounts.
    #[arg(long, env = "TRIVSEL_OIDC_CREATE_ACCOUNTS", default_value_t = false)]
    pub oidc_create_accounts: bool,
    /// Turn off signing in with a password (only with an identity provider).
    #[arg(long, env = "TRIVSEL_PASSWORDS_OFF", default_value_t = false)]
    pub passwords_off: bool,
    /// `required`: administrators and report handlers signing in with a
    /// password must also type a code from an authenticator app (the
    /// default); `optional`: anyone may turn it on (the default with --demo).
    #[arg(long, env = "TRIVSEL_TWO_STEP", value_parser = ["required", "optional"])]
    pub two_step: Option<String>,
}

impl SignInArgs {
    fn provider(&self) -> anyhow::Result<Option<ProviderSettings>> {
        let Some(issuer) = self.oidc_issuer.clone() else {
            if self.passwords_off {
                bail!("passwords can only be turned off when an identity provider is set (TRIVSEL_OIDC_ISSUER)");
            }
            return Ok(None);
        };
        let client_id = self
            .oidc_client_id
            .clone()
            .context("TRIVSEL_OIDC_CLIENT_ID is needed with TRIVSEL_OIDC_ISSUER")?;
        let secret_file = self
            .oidc_client_secret_file
            .as_ref()
            .context("TRIVSEL_OIDC_CLIENT_SECRET_FILE is needed with TRIVSEL_OIDC_ISSUER")?;
        let client_secret = std::fs::read_to_string(secret_file)
            .with_context(|| format!("reading {}", secret_file.display()))?
            .trim()
            .to_owned();
        let match_by = if self.oidc_match == "employee-number" {
            MatchBy::EmployeeNumber
        } else {
            MatchBy::Email
        };
        let claim = self.oidc_claim.clone().unwrap_or_else(|| {
            match match_by {
                MatchBy::Email => "email",
                MatchBy::EmployeeNumber => "employee_number",
            }
            .to_owned()
        });
        Ok(Some(ProviderSettings {
            issuer: issuer.trim_end_matches('/').to_owned(),
            client_id,
            client_secret,
            match_by,
            claim,
            create_accounts: self.oidc_create_accounts,
        }))
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    init_tracing(&cli.log_format);
    match cli.command {
        Command::Serve(args) => serve(&cli.database_url, *args).await,
        Command::Migrate => {
            open(&cli.database_url, 2).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let db = open(&cli.database_url, 2).await?;
            let password = match std::env::var("TRIVSEL_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut line)
                        .context("reading the password from standard input")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let id = accounts::create(&db, &email, &name, &password, "da")
                .await
                .context("creating the account")?;
            accounts::grant(&db.pool, &id, app::model::Role::Admin, None, None)
                .await
                .context("granting the administrator role")?;
            println!("administrator {email} created");
            Ok(())
        }
        Command::PasswordLink { email, public_url } => {
            let db = open(&cli.database_url, 2).await?;
            match app::services::password_links::make_now(&db, &email)
                .await
                .context("making the link")?
            {
                Some(token) => {
                    println!(
                        "{}",
                        app::services::password_links::url(&public_url, &token)
                    );
                    Ok(())
                }
                None => bail!("no enabled account has the address {email}"),
            }
        }
        Command::CreateSecret { secret_file } => {
            crate::secret::create(&secret_file)?;
            println!(
                "server secret written to {} — back it up, apart from the database",
                secret_file.display()
            );
            Ok(())
        }
        Command::DeliverReports { secret_file } => {
            let key = crate::secret::load(&secret_file)?;
            let db = open(&cli.database_url, 2).await?;
            let tomorrow = app::services::reports::today() + chrono::Days::new(1);
            let n = app::services::reports::inbox::deliver(&db, &key, tomorrow)
                .await
                .map_err(sqlx::Error::from)
                .context("delivering the sealed reports")?;
            println!("{n} report(s) and reporter's message(s) delivered to the handlers");
            Ok(())
        }
        Command::Backup { file, secret_file } => {
            // Not `open`: a backup must not migrate the database it copies
            // (with a newer binary, before an upgrade, that would be the
            // upgrade); it refuses a database at another migration instead.
            let db = Db::connect(&cli.database_url, 2)
                .await
                .with_context(|| format!("opening {}", redact_url(&cli.database_url)))?;
            let started = std::time::Instant::now();
            let copied = crate::backup::backup(&db, &file).await?;
            println!(
                "backup written to {} ({} bytes, {} rows in {} tables, {:.1} s): {}",
                file.display(),
                copied.bytes,
                copied.total(),
                copied.rows.len(),
                started.elapsed().as_secs_f64(),
                copied.key_counts()
            );
            println!(
                "The server secret ({}) is not in this backup. Keep a copy of it somewhere else: \
                 without it, answers still waiting in the inbox cannot be opened after a restore \
                 (nor reports and reporters' messages not yet delivered to the handlers, nor \
                 the links of invitation e-mails and reminders not yet sent), and staff who sign \
                 in in two steps could not finish signing in (their authenticator secrets are \
                 sealed with it).",
                secret_file.display()
            );
            Ok(())
        }
        Command::Restore { file, secret_file } => {
            let db = Db::connect(&cli.database_url, 2)
                .await
                .with_context(|| format!("opening {}", redact_url(&cli.database_url)))?;
            let started = std::time::Instant::now();
            let copied = crate::backup::restore(&file, &db).await?;
            println!(
                "restored {} into {} ({} rows in {} tables, {:.1} s): {}",
                file.display(),
                redact_url(&cli.database_url),
                copied.total(),
                copied.rows.len(),
                started.elapsed().as_secs_f64(),
                copied.key_counts()
            );
            let sealed = ["answer_inbox", "report_inbox"]
                .iter()
                .map(|t| copied.rows.get(*t).copied().unwrap_or(0))
                .sum::<u64>();
            println!(
                "Start the server with the server secret of the installation this backup came from{}: \
                 it opens the {sealed} answer(s), report(s) and reporter's message(s) still sealed \
                 in the inboxes, the links of e-mail invitations and staff's two-step sign-in.",
                if secret_file.exists() {
                    format!(" ({} is there now: check that it is that one)", secret_file.display())
                } else {
                    format!(" (copy it to {})", secret_file.display())
                }
            );
            Ok(())
        }
        Command::CreateApiToken {
            label,
            purpose,
            days,
        } => {
            let purpose = app::services::tokens::Purpose::parse(&purpose)
                .context("--purpose must be import or results")?;
            if !(1..=730).contains(&days) {
                bail!("--days must be between 1 and 730");
            }
            let db = open(&cli.database_url, 2).await?;
            let (_, token) = app::services::tokens::create(&db, &label, None, purpose, days)
                .await
                .context("creating the token")?;
            let until = chrono::Utc::now() + chrono::Duration::days(days);
            println!(
                "API token for {label} (shown once, keep it secret), valid until {}:\n{token}",
                until.format("%Y-%m-%d")
            );
            Ok(())
        }
        Command::BenchResults {
            people,
            weeks,
            samples,
        } => {
            let db = open(&cli.database_url, 4).await?;
            crate::bench_results::run(&db, people, weeks, samples).await
        }
        Command::BenchImport { people } => {
            let db = open(&cli.database_url, 4).await?;
            anyhow::ensure!(db.is_empty().await?, "bench-import needs an empty database");
            crate::bench::import(&db, people).await
        }
        Command::BenchAnswers {
            people,
            concurrency,
            rate,
            seconds,
        } => crate::loadgen::bench(&cli.database_url, people, concurrency, rate, seconds).await,
        Command::CrashTest {
            people,
            concurrency,
        } => crate::loadgen::crash_test(&cli.database_url, people, concurrency).await,
        Command::BenchPage {
            people,
            seconds,
            page,
        } => crate::bench_page::bench(&cli.database_url, people, seconds, page).await,
        Command::BenchFront {
            flood,
            connections,
            seconds,
        } => crate::bench_front::bench(&cli.database_url, flood, connections, seconds).await,
        Command::PageWeight => crate::loadgen::page_weight(&cli.database_url).await,
        Command::Healthcheck { addr } => crate::health::check(addr).await,
        Command::Demo => {
            let db = open(&cli.database_url, 2).await?;
            if demo::seed_if_empty(&db).await.context("seeding the demo")? {
                println!("{}", demo::login_banner("http://127.0.0.1:3000"));
            } else {
                println!("the database is not empty; nothing seeded");
            }
            Ok(())
        }
    }
}

pub(crate) async fn open(url: &str, max_connections: u32) -> anyhow::Result<Db> {
    let db = Db::connect(url, max_connections)
        .await
        .with_context(|| format!("opening {}", redact_url(url)))?;
    db.migrate().await.context("migrating")?;
    Ok(db)
}

async fn serve(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    if args.session_hours < 1 {
        bail!("TRIVSEL_SESSION_HOURS must be at least 1");
    }
    if args.demo && !args.secret_file.exists() {
        crate::secret::create(&args.secret_file)?;
        println!(
            "created a server secret for the demo at {}",
            args.secret_file.display()
        );
    }
    let inbox_key = crate::secret::load(&args.secret_file)?;
    let provider = args.sign_in.provider()?;
    let db = open(database_url, args.db_max_connections).await?;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.addr));
    if args.demo && demo::seed_if_empty(&db).await.context("seeding the demo")? {
        app::services::demo_history::seed(&db)
            .await
            .context("seeding the demo's past rounds")?;
        app::services::demo_reports::seed(&db)
            .await
            .context("seeding the demo's reports")?;
        app::services::demo_follow_up::seed(&db)
            .await
            .context("seeding the demo's follow-up")?;
        app::services::demo_committees::seed(&db)
            .await
            .context("seeding the demo's committees")?;
        tracing::info!("demo organisation seeded, with a year of past rounds");
    }
    let state = AppState::new(
        db.clone(),
        Settings {
            secure_cookies: public_url.starts_with("https://"),
            session_hours: args.session_hours,
            login_attempts_per_minute: args.login_attempts_per_minute,
            public_url: public_url.trim_end_matches('/').to_owned(),
            passwords: !args.sign_in.passwords_off,
            provider,
            two_step_required: match args.sign_in.two_step.as_deref() {
                Some("optional") => false,
                Some(_) => true,
                // The demo's logins are for trying Trivsel out.
                None => !args.demo,
            },
            accessibility_contact: args
                .accessibility_contact
                .clone()
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty()),
        },
        inbox_key,
    );
    let app = crate::router::build(state.clone(), args.addr);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("binding {}", args.addr))?;
    let mailer = match &args.smtp_url {
        Some(url) => Some(
            app::services::mail::Mailer::new(url, &args.mail_from, &public_url)
                .map_err(|e| anyhow::anyhow!(e))?,
        ),
        None => {
            tracing::info!("no TRIVSEL_SMTP_URL: invitations go by code card and login only");
            None
        }
    };
    let metrics = match args.metrics_addr {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding the metrics address {addr}"))?;
            let router = crate::metrics::router(state.clone());
            println!("metrics on http://{addr}/metrics");
            Some(tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, router).await {
                    tracing::error!(error = %e, "serving metrics failed");
                }
            }))
        }
        None => None,
    };
    let jobs = crate::jobs::spawn(state, mailer);
    let daily_counts = crate::request_log::spawn_daily_counts();
    if args.demo {
        println!("{}", demo::login_banner(&public_url));
    }
    println!("Trivsel is listening on {public_url} ({:?})", db.backend);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving")?;
    jobs.abort();
    daily_counts.abort();
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    Ok(())
}

/// Stops on SIGTERM (how scripts and service managers stop us) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Hides the password in a database URL before it is printed.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn init_tracing(format: &str) {
    use tracing_subscriber::{fmt, EnvFilter};
    let filter = EnvFilter::try_from_env("TRIVSEL_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn,memory_serve=warn"));
    use std::io::IsTerminal;
    // Colours only for a person at a terminal, never in files or collectors.
    let builder = fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal());
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn database_passwords_are_never_printed() {
        assert_eq!(
            redact_url("postgres://trivsel:s3cret@db:5432/trivsel"),
            "postgres://trivsel:***@db:5432/trivsel"
        );
        assert_eq!(
            redact_url("sqlite://data/trivsel.db"),
            "sqlite://data/trivsel.db"
        );
    }
}
