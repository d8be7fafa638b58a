//! People who left, and the personal data Trivsel holds about staff.
//!
//! The HR import marks a leaver (`people.left_at`) and ends their account
//! and roles; this module forgets who they were once the organisation's
//! retention period has passed (`organisation.leaver_retention_months`,
//! default 12), and answers an access request with everything held about
//! one person ([`export`]).
//!
//! Erasure pseudonymises where history must stay and deletes the rest
//! ([`erase`] says which, table by table). Answers and reports are not
//! touched: nothing links them to a person (anonymity invariants A1, A2,
//! A7), so they are not personal data. Free text that staff typed about
//! someone (a problem's description, a discussion's participants, a
//! report's messages) is not searched for names: it cannot be told apart
//! from a namesake, and the reports' own retention deletes closed cases.

mod erase;
mod export;
pub mod scrub;

pub use erase::{erase_due, run_daily, ErasureOutcome, JOB};
pub use export::export_person;

use super::{audit, db::Db, ids};
use crate::model::{LeaverSettings, LeaverSummary};
use chrono::{DateTime, Months, Utc};

/// The months a leaver's data is kept.
pub async fn retention_months(db: &Db) -> Result<i64, sqlx::Error> {
    let months: Option<i64> =
        sqlx::query_scalar("SELECT leaver_retention_months FROM organisation LIMIT 1")
            .fetch_optional(&db.pool)
            .await?;
    Ok(months
        .unwrap_or(LeaverSettings::DEFAULT)
        .clamp(LeaverSettings::MIN, LeaverSettings::MAX))
}

/// Saves settings made by [`LeaverSettings::parse`], with the audit line, in
/// one transaction (the database's CHECK refuses anything out of bounds as
/// a last line).
pub async fn save_settings(
    db: &Db,
    s: LeaverSettings,
    by: audit::By<'_>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let updated = sqlx::query("UPDATE organisation SET leaver_retention_months = $1")
        .bind(s.retention_months)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        sqlx::query(
            "INSERT INTO organisation (id, name, leaver_retention_months, created_at) \
             VALUES ($1, '', $2, $3)",
        )
        .bind(ids::new_id())
        .bind(s.retention_months)
        .bind(Utc::now().timestamp())
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut *tx,
        by,
        "leaver-retention-changed",
        "",
        &format!("kept {} months after leaving", s.retention_months),
    )
    .await?;
    tx.commit().await
}

/// The last moment of leaving whose data is due for erasure at `now`: the
/// same time of day, `months` calendar months earlier.
pub fn cutoff(now: DateTime<Utc>, months: i64) -> i64 {
    let months =
        u32::try_from(months.clamp(LeaverSettings::MIN, LeaverSettings::MAX)).unwrap_or(12);
    now.checked_sub_months(Months::new(months))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
        .timestamp()
}

/// When a person who left at `left_at` is erased.
fn erased_on(left_at: i64, months: i64) -> String {
    let months = u32::try_from(months).unwrap_or(12);
    DateTime::from_timestamp(left_at, 0)
        .and_then(|d| d.checked_add_months(Months::new(months)))
        .map(|d| d.date_naive().to_string())
        .unwrap_or_default()
}

/// The people who left from `unit` and are not erased yet, for its page.
pub async fn of_unit(db: &Db, unit: &str, months: i64) -> Result<Vec<LeaverSummary>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, employee_no, name, left_at FROM people \
         WHERE unit_id = $1 AND left_at IS NOT NULL AND erased_at IS NULL ORDER BY left_at, name",
    )
    .bind(unit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, employee_no, name, left_at)| LeaverSummary {
            id,
            employee_no,
            name,
            left_on: DateTime::from_timestamp(left_at, 0)
                .map(|d| d.date_naive().to_string())
                .unwrap_or_default(),
            erased_on: erased_on(left_at, months),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_whole_calendar_months_back() {
        let now = DateTime::parse_from_rfc3339("2026-03-31T10:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let one = DateTime::parse_from_rfc3339("2026-02-28T10:00:00Z").expect("time");
        assert_eq!(cutoff(now, 1), one.timestamp());
        // Out of bounds is held to the bounds, never to "erase everyone".
        assert_eq!(cutoff(now, 0), one.timestamp());
        assert_eq!(erased_on(one.timestamp(), 1), "2026-03-28");
    }

    #[test]
    fn the_setting_is_a_whole_number_of_months_in_bounds() {
        assert_eq!(
            LeaverSettings::parse(" 12 ").map(|s| s.retention_months),
            Ok(12)
        );
        for bad in ["0", "121", "-3", "1.5", "", "twelve"] {
            assert_eq!(
                LeaverSettings::parse(bad),
                Err("error-leaver-retention"),
                "{bad}"
            );
        }
    }
}
