//! Staff forms that create something are sent once (issue 16): a double
//! click, a resent page or Back-and-Send creates nothing twice.
//!
//! Such a form carries [`FIELD`], a random value made when the form is drawn
//! and made anew when the form is edited (`components::form::SentOnce`). The
//! server's `sent_once` layer claims a hash of the value before the server
//! function runs — first sending wins, atomically, on either store — and
//! gives the claim back when the function refuses, so a corrected form can
//! be sent again. A form whose value was already claimed reaches the server
//! function marked [`AlreadySent`], and the signed-in user's check refuses
//! it with "already sent" before anything is written.
//!
//! Only staff forms carry the field; the answering and reporting forms have
//! marks of their own that keep no time (`reports::once`).

use crate::services::{db::Db, reports::once};

/// The form field.
pub const FIELD: &str = "__once";

/// Kept a week: long enough for any resent page, short enough to stay small.
const KEPT_SECONDS: i64 = 7 * 24 * 3600;

/// Put on a request whose form was sent before.
#[derive(Clone, Copy, Debug)]
pub struct AlreadySent;

/// The stored mark for a form value, or None for a value no page of ours
/// made (the form is then treated as having no mark).
pub fn mark(value: &str) -> Option<String> {
    once::mark(value)
}

/// Claims `mark`: true for the first sending, false when it was sent before.
pub async fn claim(db: &Db, mark: &str, now: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM form_marks WHERE used_at < $1")
        .bind(now - KEPT_SECONDS)
        .execute(&db.pool)
        .await?;
    let done = sqlx::query(
        "INSERT INTO form_marks (mark, used_at) VALUES ($1, $2) ON CONFLICT (mark) DO NOTHING",
    )
    .bind(mark)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a claim back: the server function refused the form, so nothing
/// was made and the same form may be sent again once corrected.
pub async fn release(db: &Db, mark: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM form_marks WHERE mark = $1")
        .bind(mark)
        .execute(&db.pool)
        .await?;
    Ok(())
}
