//! Follow-up (APV / SAM): problems found in a unit → risk assessment →
//! action plan → did the next rounds move? Leaders and committee members work
//! on the units in their scope, administrators on all; everything is checked
//! here against `scope`, whatever a page offers.
//!
//! Days are kept as 'YYYY-MM-DD' text (UTC): deadlines need no more, and the
//! text sorts and compares the same on both stores.

pub mod absence;
pub mod plans;
pub mod problems;
pub mod reminders;

use super::{db::Db, scope::Tree};
use crate::model::{Role, SessionUser};
use chrono::{NaiveDate, Utc};

pub use plans::since_last;

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest description, note or outcome, in characters.
pub const MAX_TEXT: usize = 5_000;

/// Why a change was refused; the key is the message shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not in the person's scope (or no such thing): 403 / 404.
    Scope,
    NotFound,
    /// Invalid input: the message key.
    Invalid(&'static str),
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Whether the person works on follow-up at all.
pub fn takes_part(user: &SessionUser) -> bool {
    user.roles
        .iter()
        .any(|g| matches!(g.role, Role::Admin | Role::Leader | Role::Committee))
}

/// A title: trimmed, not empty, not too long.
pub fn title(s: &str) -> Result<String, Refused> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Refused::Invalid("error-title-missing"));
    }
    if t.chars().count() > MAX_TITLE {
        return Err(Refused::Invalid("error-title-long"));
    }
    Ok(t.to_owned())
}

/// A longer text: trimmed, may be empty, not too long.
pub fn text(s: &str) -> Result<String, Refused> {
    let t = s.trim();
    if t.chars().count() > MAX_TEXT {
        return Err(Refused::Invalid("error-text-long"));
    }
    Ok(t.to_owned())
}

/// Runs an insert that numbers its row `MAX(seq) + 1` in the same
/// statement: two people saving at the same moment may pick the same number
/// on PostgreSQL, and the one whose insert meets the primary key simply
/// tries again.
pub(crate) async fn numbered<F, Fut>(mut write: F) -> Result<(), sqlx::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>>,
{
    for _ in 0..4 {
        match write().await {
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => continue,
            other => return other,
        }
    }
    write().await
}

/// The unit of a problem, when the person may work on it.
pub async fn problem_unit(
    db: &Db,
    user: &SessionUser,
    problem: &str,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let unit: Option<String> = sqlx::query_scalar("SELECT unit_id FROM problems WHERE id = $1")
        .bind(problem)
        .fetch_optional(&db.pool)
        .await?;
    let Some(unit) = unit else {
        return Ok(Err(Refused::NotFound));
    };
    let tree = Tree::load(db).await?;
    Ok(if super::scope::can_see(user, &tree, &unit) {
        Ok(unit)
    } else {
        Err(Refused::Scope)
    })
}
