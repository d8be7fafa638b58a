//! Background jobs. Each job must stay correct when several app instances run
//! against one PostgreSQL; the ones here are idempotent deletes, so running
//! them on every instance is harmless. Import previews hold personal data and
//! are forgotten after a day.

use app::services::{sessions, state::AppState};
use std::time::Duration;

pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match sessions::purge_expired(&state.db).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "purging expired sessions failed"),
            }
            match app::services::import::purge_stale(&state.db).await {
                Ok(n) if n > 0 => tracing::info!(discarded = n, "stale import previews discarded"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "discarding stale imports failed"),
            }
            state.login_limiter.retain_recent();
        }
    })
}
