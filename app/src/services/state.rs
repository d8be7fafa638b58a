//! What every request handler and server function can reach.

use super::{
    answering::{RoundBook, Sheets},
    db::Db,
};
use crate::anonymity::{sealed::InboxKey, writer::Writer};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::{
    collections::HashMap,
    num::NonZeroU32,
    sync::{Arc, Mutex},
};

/// Cloned for every request (each middleware layer with state, each
/// extractor, each page's context), so it is one reference-counted pointer:
/// cloned field by field, its dozen `Arc`s were a dozen atomic counts up
/// and down per clone, shared between the cores (perf: `drop_in_place` of
/// the state alone 0.9 % of the answer post's samples).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Failed-login throttle, keyed by the (normalised) e-mail tried, so one
    /// account cannot be guessed at faster than a few attempts a minute.
    pub login_limiter: Arc<DefaultKeyedRateLimiter<String>>,
    /// Seals answers in the inbox; derived from the server secret, which is
    /// never stored in the database.
    pub inbox_key: InboxKey,
    /// The one task that stores answers, in batches (group commit).
    pub writer: Writer,
    /// Each open round's items, for checking submissions without a query.
    pub rounds: RoundBook,
    /// The parts of answering pages that many people see alike.
    pub sheets: Sheets,
    /// Limits on anonymous reporting (nothing about who asks is looked at).
    pub report_limits: Arc<ReportLimits>,
    /// Progress of imports being applied by this instance: id → (done, total).
    import_progress: Arc<Mutex<HashMap<String, (u64, u64)>>>,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// Set cookies with `Secure` (when the public URL is https).
    pub secure_cookies: bool,
    /// How long a staff session lasts.
    pub session_hours: i64,
    /// Login attempts allowed per e-mail per minute.
    pub login_attempts_per_minute: u32,
    /// Where people reach Trivsel (for links in e-mails and QR codes).
    pub public_url: String,
    /// Whether staff may sign in with a password (off when everyone signs
    /// in through the identity provider).
    pub passwords: bool,
    /// Sign-in through the organisation's identity provider, when set up.
    pub provider: Option<super::provider_sign_in::ProviderSettings>,
    /// Whether administrators and report handlers must use a second step
    /// (an authenticator app's code) after their password. On unless the
    /// operator chooses otherwise; off in the demo and the test harness's
    /// default, whose tests of it turn it on.
    pub two_step_required: bool,
    /// Where people report an accessibility problem, as the accessibility
    /// statement names it (None: the statement asks them to contact the
    /// organisation's IT support).
    pub accessibility_contact: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            session_hours: 12,
            login_attempts_per_minute: 5,
            public_url: "http://127.0.0.1:3000".into(),
            passwords: true,
            provider: None,
            two_step_required: false,
            accessibility_contact: None,
        }
    }
}

impl AppState {
    /// Needs a Tokio runtime: it starts the answer writer.
    pub fn new(db: Db, settings: Settings, inbox_key: InboxKey) -> AppState {
        let per_minute =
            NonZeroU32::new(settings.login_attempts_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        AppState(Arc::new(Shared {
            writer: Writer::spawn(db.clone(), inbox_key.clone()),
            rounds: RoundBook::default(),
            sheets: Sheets::default(),
            db,
            login_limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            settings: Arc::new(settings),
            inbox_key,
            import_progress: Arc::default(),
            report_limits: Arc::new(ReportLimits::new()),
        }))
    }

    pub fn set_import_progress(&self, id: &str, done: u64, total: u64) {
        if let Ok(mut m) = self.import_progress.lock() {
            m.insert(id.to_owned(), (done, total));
        }
    }

    pub fn import_progress(&self, id: &str) -> Option<(u64, u64)> {
        self.import_progress.lock().ok()?.get(id).copied()
    }

    pub fn clear_import_progress(&self, id: &str) {
        if let Ok(mut m) = self.import_progress.lock() {
            m.remove(id);
        }
    }
}

/// Anonymous reporting is limited without looking at who asks: reports filed
/// per minute on this instance. Receipts are not limited here (see
/// `reports::receipt`): any lock on wrong ones would lock the right one out.
pub struct ReportLimits {
    pub filing: DefaultDirectRateLimiter,
}

impl ReportLimits {
    fn new() -> ReportLimits {
        ReportLimits {
            filing: RateLimiter::direct(Quota::per_minute(
                NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN),
            )),
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &self.db.backend)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}
