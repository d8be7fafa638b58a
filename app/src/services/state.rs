//! What every request handler and server function can reach.

use super::db::Db;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::{num::NonZeroU32, sync::Arc};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Failed-login throttle, keyed by the (normalised) e-mail tried, so one
    /// account cannot be guessed at faster than a few attempts a minute.
    pub login_limiter: Arc<DefaultKeyedRateLimiter<String>>,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// Set cookies with `Secure` (when the public URL is https).
    pub secure_cookies: bool,
    /// How long a staff session lasts.
    pub session_hours: i64,
    /// Login attempts allowed per e-mail per minute.
    pub login_attempts_per_minute: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            session_hours: 12,
            login_attempts_per_minute: 5,
        }
    }
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> AppState {
        let per_minute =
            NonZeroU32::new(settings.login_attempts_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        AppState {
            db,
            login_limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            settings: Arc::new(settings),
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
