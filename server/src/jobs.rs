//! Background jobs. Each job must stay correct when several app instances run
//! against one PostgreSQL; the ones here are idempotent deletes, so running
//! them on every instance is harmless. Import previews hold personal data and
//! are forgotten after a day.

use app::services::{sessions, state::AppState};
use std::time::Duration;

pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    let movers = state.clone();
    tokio::spawn(async move {
        // Pending answers move to permanent storage once a group reaches k.
        // Safe on several instances: a batch is claimed by deleting exactly its
        // sealed rows, or not at all.
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            if let Err(e) = move_pending_answers(&movers).await {
                tracing::warn!(error = %e, "moving pending answers failed");
            }
        }
    });
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

async fn move_pending_answers(state: &AppState) -> Result<(), sqlx::Error> {
    use app::services::anonymity::store;
    let open: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT r.id FROM rounds r JOIN answer_inbox i ON i.round_id = r.id WHERE r.closed_at IS NULL",
    )
    .fetch_all(&state.db.pool)
    .await?;
    for round in open {
        let moved = store::move_ready(&state.db, &state.inbox_key, &round, false).await?;
        if moved > 0 {
            tracing::info!(moved, "answers moved to permanent storage");
        }
    }
    Ok(())
}
