//! Results: the only path by which figures computed from answers leave the
//! server. `anonymity::suppress` decides which units' figures may be published
//! (A4, A5); `anonymity::tally` keeps the aggregates they are computed from.

pub mod counts;
pub mod dashboard;
pub mod figures;
pub mod heatmap;

/// Run in the background when the server starts: reads every closed round's
/// response counts and works out the latest rounds' decisions, so the first
/// dashboard after a restart does not wait for them.
pub async fn warm_up(db: &crate::services::db::Db) -> Result<(), sqlx::Error> {
    let top: Option<String> =
        sqlx::query_scalar("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_optional(&db.pool)
            .await?;
    if let Some(top) = top {
        dashboard::dashboard(db, crate::i18n::Lang::En, &top, None).await?;
    }
    heatmap::heatmap(db, crate::i18n::Lang::En, None, None, None).await?;
    Ok(())
}
