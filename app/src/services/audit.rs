//! The administrative audit log: every change an administrator makes
//! outside the reports' own trail (`reports::audit_trail`), with who and
//! the exact time. Staff actions are not anonymous; nothing here is about
//! an employee's answers or a reporter. Lines are only ever added; the one
//! change is the erasure of people who left (`services::leavers`), which
//! replaces their name, address and employee number with a pseudonym.

use super::{db::Db, ids};
use crate::model::{AdminAuditRow, SessionUser};
use chrono::Utc;
use sqlx::{Any, Executor};

/// Who did it: a signed-in staff member, a system with an API token, or
/// Trivsel itself (a background job, such as erasing people who left).
pub enum By<'a> {
    Staff(&'a SessionUser),
    Token(&'a str),
    System,
}

/// Adds a line. `action` is a short key (`role-appointed`); the page shows
/// it translated (`audit-action-…`); `subject` and `detail` are what it
/// was done to and how, in words that need no lookup later.
pub async fn record<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    by: By<'_>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let (account, actor) = match by {
        By::Staff(u) => (Some(u.id.clone()), format!("{} <{}>", u.name, u.email)),
        By::Token(label) => (None, format!("API: {label}")),
        By::System => (None, AdminAuditRow::SYSTEM.to_owned()),
    };
    sqlx::query(
        "INSERT INTO admin_audit (id, at_ms, account_id, actor, action, subject, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(ids::new_id())
    .bind(Utc::now().timestamp_millis())
    .bind(account)
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(ex)
    .await?;
    Ok(())
}

/// The newest `limit` lines, newest first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<AdminAuditRow>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT at_ms, actor, action, subject, detail FROM admin_audit \
         ORDER BY at_ms DESC, id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at_ms, actor, action, subject, detail)| AdminAuditRow {
            at: exact(at_ms),
            actor,
            action,
            subject,
            detail,
        })
        .collect())
}

/// The whole log as CSV (UTF-8 with a byte-order mark, for spreadsheets),
/// oldest first.
pub async fn csv(db: &Db) -> Result<Vec<u8>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT at_ms, actor, action, subject, detail FROM admin_audit ORDER BY at_ms, id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = w.write_record(["time_utc", "who", "action", "subject", "detail"]);
    for (at_ms, actor, action, subject, detail) in rows {
        let _ = w.write_record([exact(at_ms), actor, action, subject, detail].map(|f| guard(&f)));
    }
    Ok(w.into_inner().unwrap_or_default())
}

/// The time to the millisecond, UTC, ISO 8601.
fn exact(at_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// A field a spreadsheet would run as a formula gets a leading apostrophe.
fn guard(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    }
}

/// A unit as the log names it: its name and code.
pub async fn unit_label(db: &Db, id: &str) -> Result<String, sqlx::Error> {
    let found: Option<(String, String)> =
        sqlx::query_as("SELECT name, code FROM units WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.map_or_else(|| id.to_owned(), |(name, code)| format!("{name} ({code})")))
}

/// An account as the log names it: its address.
pub async fn account_label(db: &Db, id: &str) -> Result<String, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.unwrap_or_else(|| id.to_owned()))
}
