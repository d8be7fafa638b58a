//! What the reporter's browser holds between a form post and the page after
//! it (issue 16).
//!
//! Every form on the reporter's pages answers with a redirect, so that a
//! reload shows the page again instead of sending the form again. The page
//! after the redirect must still know the receipt (just shown) or the case
//! (just opened), and neither may go into an address, where it would stay in
//! the browser's history. So the browser holds it for a short while in a
//! cookie of its own: sealed with a key derived from the server secret (the
//! browser's cookie store does not hold the receipt in the clear), bound to
//! what it is for, with its end inside the seal, `HttpOnly`,
//! `SameSite=Strict`, only for `/report`.
//!
//! - the receipt for [`RECEIPT_SECONDS`] after filing, to be noted down;
//! - the case for [`CASE_SECONDS`] after the receipt opened it, renewed by
//!   every look; "Leave the case" forgets it at once;
//! - the message form carries a pass of its own for [`FORM_SECONDS`], so
//!   that a long message is not lost when the cookie ends while it is
//!   being written.
//!
//! The server keeps nothing of a visit: no session row, no log line. What
//! the cookie gives is what the receipt gives, for less time.

use crate::anonymity::sealed::InboxKey;
use serde::{Deserialize, Serialize};

pub const RECEIPT_COOKIE: &str = "trivsel_receipt";
pub const CASE_COOKIE: &str = "trivsel_case";
/// How long the receipt can be shown again after filing.
pub const RECEIPT_SECONDS: i64 = 15 * 60;
/// How long an opened case stays open in this browser without a look.
pub const CASE_SECONDS: i64 = 30 * 60;
/// How long a message form drawn on the case page can be sent.
pub const FORM_SECONDS: i64 = 24 * 60 * 60;

/// What a pass is for; bound into the seal, so that one is never taken for
/// the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Holds a receipt just shown.
    Receipt,
    /// Holds the id of a case opened with its receipt.
    Case,
}

impl Pass {
    fn bound_to(self) -> &'static str {
        match self {
            Pass::Receipt => "reporter receipt v1",
            Pass::Case => "reporter case v1",
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Sealed {
    value: String,
    /// Unix seconds after which the pass opens nothing.
    until: i64,
}

fn key(inbox: &InboxKey) -> InboxKey {
    inbox.for_purpose(b"reporter visit v1")
}

/// A pass for `value` (a receipt or a case id), good for `seconds` from `now`.
pub fn seal(inbox: &InboxKey, pass: Pass, value: &str, now: i64, seconds: i64) -> String {
    let json = serde_json::to_vec(&Sealed {
        value: value.to_owned(),
        until: now + seconds,
    })
    .unwrap_or_default();
    key(inbox).seal(pass.bound_to(), &json).unwrap_or_default()
}

/// What a pass holds, when it is one of ours, for `pass`, and not over.
pub fn open(inbox: &InboxKey, pass: Pass, sealed: &str, now: i64) -> Option<String> {
    let json = key(inbox).open(pass.bound_to(), sealed.trim()).ok()?;
    let s: Sealed = serde_json::from_slice(&json).ok()?;
    (now <= s.until).then_some(s.value)
}

/// The `Set-Cookie` value that keeps `sealed` for `seconds`.
pub fn cookie(name: &str, sealed: &str, seconds: i64, secure: bool) -> String {
    crate::services::sessions::http_only_cookie(name, sealed, "/report", "Strict", seconds, secure)
}

/// The cookie that keeps case `id` open in this browser for
/// [`CASE_SECONDS`] from `now`.
pub fn case_cookie(inbox: &InboxKey, id: &str, now: i64, secure: bool) -> String {
    let sealed = seal(inbox, Pass::Case, id, now, CASE_SECONDS);
    cookie(CASE_COOKIE, &sealed, CASE_SECONDS, secure)
}

/// The `Set-Cookie` value that forgets cookie `name`.
pub fn forget(name: &str, secure: bool) -> String {
    cookie(name, "", 0, secure)
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_opens_only_for_its_purpose_and_its_time() {
        let k = InboxKey::derive(&[7u8; 32]).expect("key");
        let s = seal(&k, Pass::Case, "ABCD1234", 1_000, 60);
        assert_eq!(open(&k, Pass::Case, &s, 1_060).as_deref(), Some("ABCD1234"));
        assert_eq!(open(&k, Pass::Case, &s, 1_061), None, "over");
        assert_eq!(open(&k, Pass::Receipt, &s, 1_000), None, "not a receipt");
        assert!(!s.contains("ABCD1234"), "sealed");
        let other = InboxKey::derive(&[8u8; 32]).expect("key");
        assert_eq!(open(&other, Pass::Case, &s, 1_000), None, "another server");
        // The answers' key opens nothing of it.
        assert!(k.open(Pass::Case.bound_to(), &s).is_err());
        assert_eq!(open(&k, Pass::Case, "garbage", 1_000), None);
    }
}
