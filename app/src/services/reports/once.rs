//! One-time marks on the reporter's forms (issue 16).
//!
//! A reporter who reloads the page after sending, or goes back and presses
//! "Send" again, sends the same form twice. Each reporting form and each
//! message form on a case carries a random value made when the page was
//! drawn; what the form files is marked with a hash of it (the sealed inbox
//! row by its id, the delivered case or message by `form_once`), and a form
//! whose mark is already there files nothing.
//!
//! The value is random, kept nowhere when the page is drawn, and only its
//! hash is stored with what was filed — so the mark says nothing about who
//! sent the form, or when, that the case does not already say.

use crate::services::{db::Db, ids};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};

/// A new value for a form being drawn: 128 random bits.
pub fn new_value() -> String {
    ids::random_token(16)
}

/// The mark stored for a form's value: the first 128 bits of its SHA-256,
/// the shape of a row id. None for a value no page of ours made (empty,
/// too short or too long, other characters): such a form is sent as if it
/// had no mark.
pub fn mark(value: &str) -> Option<String> {
    let value = value.trim();
    let ours = (16..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ours {
        return None;
    }
    let digest = Sha256::digest(value.as_bytes());
    Some(URL_SAFE_NO_PAD.encode(&digest[..16]))
}

/// Whether something marked `mark` was filed: waiting in the inbox, or
/// delivered as a case or a message.
pub async fn used(db: &Db, mark: &str) -> Result<bool, sqlx::Error> {
    if super::inbox::holds(db, mark).await? {
        return Ok(true);
    }
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM reports WHERE form_once = $1) \
         + (SELECT COUNT(*) FROM report_messages WHERE form_once = $1)",
    )
    .bind(mark)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_of_our_shape_are_marks() {
        let v = new_value();
        let m = mark(&v).expect("a value we made");
        assert_eq!(m.len(), 22, "the shape of a row id");
        assert_eq!(mark(&format!(" {v} ")), Some(m.clone()));
        assert_ne!(mark(&new_value()), Some(m));
        for bad in ["", "short", "x".repeat(65).as_str(), "0123456789abcdef<>"] {
            assert_eq!(mark(bad), None, "{bad}");
        }
    }
}
