//! API tokens for other systems. The token is shown once; only its SHA-256 is
//! stored. Each token has one purpose: importing the organisation (an HR
//! system) or reading results (a BI tool, with the same thresholds as the
//! pages and the whole organisation as its scope).

use super::{db::Db, ids};
use chrono::Utc;

pub use crate::model::TokenPurpose as Purpose;

/// How long a token lives unless another choice is made: a year.
pub const DEFAULT_DAYS: i64 = 365;
/// The lifetimes offered; two years at most.
pub use crate::model::TOKEN_DAYS as DAYS;

/// Creates a token living `days` (one of [`DAYS`]); returns (id, the token
/// to hand over).
pub async fn create(
    db: &Db,
    label: &str,
    created_by: Option<&str>,
    purpose: Purpose,
    days: i64,
) -> Result<(String, String), sqlx::Error> {
    let id = ids::new_id();
    let token = format!("trv_{}", ids::random_token(32));
    let now = Utc::now().timestamp();
    sqlx::query(
        "INSERT INTO api_tokens (id, token_hash, label, created_by, created_at, purpose, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(ids::sha256_hex(&token))
    .bind(label.trim())
    .bind(created_by)
    .bind(now)
    .bind(purpose.as_str())
    .bind(now + days.clamp(1, 730) * 86_400)
    .execute(&db.pool)
    .await?;
    Ok((id, token))
}

/// The id and purpose of a live token, noting its use.
pub async fn verify(db: &Db, token: &str) -> Result<Option<(String, Purpose)>, sqlx::Error> {
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT id, purpose FROM api_tokens \
         WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(ids::sha256_hex(token))
    .bind(Utc::now().timestamp())
    .fetch_optional(&db.pool)
    .await?;
    let id = found.and_then(|(id, p)| Some((id, Purpose::parse(&p)?)));
    if let Some((id, _)) = &id {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(Utc::now().timestamp())
            .bind(id)
            .execute(&db.pool)
            .await?;
    }
    Ok(id)
}

pub async fn revoke(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let r =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(Utc::now().timestamp())
            .bind(id)
            .execute(&db.pool)
            .await?;
    Ok(r.rows_affected() == 1)
}

/// Tokens not revoked, newest first; expired ones too (marked), so the
/// administrator sees which system needs a new one.
pub async fn list(db: &Db) -> Result<Vec<crate::model::TokenView>, sqlx::Error> {
    let rows: Vec<(String, String, i64, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT id, label, created_at, last_used_at, purpose, expires_at FROM api_tokens \
         WHERE revoked_at IS NULL ORDER BY created_at DESC",
    )
    .fetch_all(&db.pool)
    .await?;
    let now = Utc::now().timestamp();
    Ok(rows
        .into_iter()
        .map(
            |(id, label, created_at, last_used_at, purpose, expires_at)| crate::model::TokenView {
                id,
                label,
                created: day(created_at),
                last_used: last_used_at.map(day),
                purpose: Purpose::parse(&purpose).unwrap_or(Purpose::Import),
                expires: day(expires_at),
                expired: expires_at <= now,
            },
        )
        .collect())
}

/// A date (UTC) for display; tokens are administrative, not answers.
fn day(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
