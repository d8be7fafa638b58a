//! The thresholds (A4): the minimum group size behind every published figure
//! — `k_score` for scores, shares and counts, `k_comment` for comments,
//! `k_sensitive` for the sensitive theme and report statistics. Read here
//! and nowhere else; `Thresholds::validate` and the database's CHECK
//! constraints keep every one at 3 or more. A round keeps the thresholds in
//! force when it opened ([`of_round`]), and report quarters and quarters of
//! sickness absence the one in force when they were counted: a change
//! applies to what opens or is counted after it.

use crate::{
    model::Thresholds,
    services::{db::Db, ids},
};
use chrono::Utc;
use sqlx::Row;

// Which threshold each measure takes, never below the floor
// (`Thresholds::MIN`) whatever the database says.

/// A theme's figures (score, shares, distribution, respondents): the
/// sensitive threshold for a sensitive theme.
pub fn theme_threshold(th: &Thresholds, sensitive: bool) -> i64 {
    let k = if sensitive {
        th.k_sensitive
    } else {
        th.k_score
    };
    k.max(Thresholds::MIN)
}

/// Free-text comments (the number of people who wrote one).
pub fn comment_threshold(th: &Thresholds) -> i64 {
    th.k_comment.max(Thresholds::MIN)
}

/// Report statistics: the sensitive threshold.
pub fn report_threshold(th: &Thresholds) -> i64 {
    th.k_sensitive.max(Thresholds::MIN)
}

/// Sickness absence (people per entry) and answered counts: the score
/// threshold.
pub fn count_threshold(th: &Thresholds) -> i64 {
    th.k_score.max(Thresholds::MIN)
}

/// The thresholds a round keeps: those in force when it opened (its `k` is
/// its score threshold). Decided again at a changed threshold, the rule
/// could hide other units than before, and the two looks together isolate
/// a smaller group (`suppress`, `a_threshold_changed_between_looks_isolates_one_person`).
/// A round unknown here gets the defaults, which only ever hide more.
pub async fn of_round<'e, E>(e: E, round: &str) -> Result<Thresholds, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(i64, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT k, k_comment, k_sensitive FROM rounds WHERE id = $1")
            .bind(round)
            .fetch_optional(e)
            .await?;
    let d = Thresholds::default();
    Ok(match row {
        Some((k, kc, ks)) => Thresholds {
            k_score: k,
            k_comment: kc.unwrap_or(d.k_comment),
            k_sensitive: ks.unwrap_or(d.k_sensitive),
        },
        None => d,
    })
}

/// The organisation's thresholds: those new rounds and quarters take.
pub async fn read(db: &Db) -> Result<crate::model::Thresholds, sqlx::Error> {
    read_with(&db.pool).await
}

/// The organisation's thresholds, read through a pool or inside a
/// transaction (the publication steps read them where they apply them).
pub async fn read_with<'e, E>(e: E) -> Result<crate::model::Thresholds, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let r = sqlx::query("SELECT k_score, k_comment, k_sensitive FROM organisation LIMIT 1")
        .fetch_optional(e)
        .await?;
    Ok(match r {
        Some(r) => crate::model::Thresholds {
            k_score: r.try_get("k_score")?,
            k_comment: r.try_get("k_comment")?,
            k_sensitive: r.try_get("k_sensitive")?,
        },
        None => crate::model::Thresholds::default(),
    })
}

/// Saves thresholds that passed `Thresholds::validate` (the database's CHECK
/// constraints refuse anything below 3 as a last line).
pub async fn save(db: &Db, t: crate::model::Thresholds) -> Result<(), sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisation")
        .fetch_one(&db.pool)
        .await?;
    if n == 0 {
        sqlx::query(
            "INSERT INTO organisation (id, name, k_score, k_comment, k_sensitive, created_at) \
             VALUES ($1, '', $2, $3, $4, $5)",
        )
        .bind(ids::new_id())
        .bind(t.k_score)
        .bind(t.k_comment)
        .bind(t.k_sensitive)
        .bind(Utc::now().timestamp())
        .execute(&db.pool)
        .await?;
    } else {
        sqlx::query("UPDATE organisation SET k_score = $1, k_comment = $2, k_sensitive = $3")
            .bind(t.k_score)
            .bind(t.k_comment)
            .bind(t.k_sensitive)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}
