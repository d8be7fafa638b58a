//! Command line: `serve`, `migrate`, `create-admin`, `password-link`, `demo`, `deliver-reports`,
//! `backup`, `restore`. Every option has an environment variable and a default that works on a
//! laptop.

mod serve;

pub use serve::{ServeArgs, SignInArgs};

use anyhow::{bail, Context};
use app::services::{accounts, db::Db, demo};
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

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    init_tracing(&cli.log_format);
    match cli.command {
        Command::Serve(args) => serve::serve(&cli.database_url, *args).await,
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
            crate::ops::secret::create(&secret_file)?;
            println!(
                "server secret written to {} — back it up, apart from the database",
                secret_file.display()
            );
            Ok(())
        }
        Command::DeliverReports { secret_file } => {
            let key = crate::ops::secret::load(&secret_file)?;
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
            let copied = crate::ops::backup::backup(&db, &file).await?;
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
            let copied = crate::ops::backup::restore(&file, &db).await?;
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
            crate::bench::results::run(&db, people, weeks, samples).await
        }
        Command::BenchImport { people } => {
            let db = open(&cli.database_url, 4).await?;
            anyhow::ensure!(db.is_empty().await?, "bench-import needs an empty database");
            crate::bench::import::import(&db, people).await
        }
        Command::BenchAnswers {
            people,
            concurrency,
            rate,
            seconds,
        } => {
            crate::bench::answers::bench(&cli.database_url, people, concurrency, rate, seconds)
                .await
        }
        Command::CrashTest {
            people,
            concurrency,
        } => crate::bench::answers::crash_test(&cli.database_url, people, concurrency).await,
        Command::BenchPage {
            people,
            seconds,
            page,
        } => crate::bench::page::bench(&cli.database_url, people, seconds, page).await,
        Command::BenchFront {
            flood,
            connections,
            seconds,
        } => crate::bench::front::bench(&cli.database_url, flood, connections, seconds).await,
        Command::PageWeight => crate::bench::answers::page_weight(&cli.database_url).await,
        Command::Healthcheck { addr } => crate::ops::health::check(addr).await,
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
