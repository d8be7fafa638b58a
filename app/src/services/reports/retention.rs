//! Retention: a closed case is deleted — with its messages and conflicts —
//! once the organisation's retention period (default 12 months) has passed
//! since it closed, unless a handler put it on hold. Each deletion leaves one
//! line in the audit trail; nothing else of the case remains.

use super::{audit, day};
use crate::services::db::Db;
use chrono::{Months, NaiveDate};

/// Deletes what is due on `today`; returns the ids deleted.
pub async fn purge(db: &Db, today: NaiveDate) -> Result<Vec<String>, sqlx::Error> {
    let months: Option<i64> =
        sqlx::query_scalar("SELECT report_retention_months FROM organisation LIMIT 1")
            .fetch_optional(&db.pool)
            .await?;
    let months = u32::try_from(months.unwrap_or(12).clamp(1, 120)).unwrap_or(12);
    let Some(cutoff) = today.checked_sub_months(Months::new(months)) else {
        return Ok(Vec::new());
    };
    // Closed on or before the cutoff day: kept for the whole period.
    let due: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM reports WHERE status = 'closed' AND hold = 0 AND closed_on <= $1",
    )
    .bind(day(cutoff))
    .fetch_all(&db.pool)
    .await?;
    let mut deleted = Vec::new();
    for id in due {
        let mut tx = db.pool.begin().await?;
        sqlx::query("DELETE FROM report_messages WHERE report_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM report_conflicts WHERE report_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        // The hold is checked again: a handler may have set it meanwhile.
        let gone =
            sqlx::query("DELETE FROM reports WHERE id = $1 AND hold = 0 AND status = 'closed'")
                .bind(&id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if gone == 1 {
            tx.commit().await?;
            audit(
                db,
                &id,
                None,
                &format!("deleted after {months} months of retention"),
            )
            .await?;
            deleted.push(id);
        } else {
            tx.rollback().await?;
        }
    }
    Ok(deleted)
}
