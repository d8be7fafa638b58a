//! `server serve`: its options, and starting the web front, the metrics
//! address and the background jobs on one database and one server secret.

use super::open;
use anyhow::{bail, Context};
use app::services::{
    demo,
    provider_sign_in::{MatchBy, ProviderSettings},
    state::{AppState, Settings},
};
use std::net::SocketAddr;

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

pub(super) async fn serve(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    if args.session_hours < 1 {
        bail!("TRIVSEL_SESSION_HOURS must be at least 1");
    }
    if args.demo && !args.secret_file.exists() {
        crate::ops::secret::create(&args.secret_file)?;
        println!(
            "created a server secret for the demo at {}",
            args.secret_file.display()
        );
    }
    let inbox_key = crate::ops::secret::load(&args.secret_file)?;
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
    let app = crate::http::router::build(state.clone(), args.addr);
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
            let router = crate::ops::metrics::router(state.clone());
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
    let daily_counts = crate::http::request_log::spawn_daily_counts();
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
