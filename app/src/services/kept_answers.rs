//! Answers kept across a change of language (issue 16).
//!
//! The questionnaire is one form, sent only at the end (A1: nothing
//! half-finished is stored anywhere). A respondent who changes language in
//! the middle would load the page again and lose what they had chosen. So
//! the language buttons on the questionnaire send the form to
//! `/a/language`, which hands the answers straight back to the respondent's
//! own browser in a cookie — sealed with a key derived from the server
//! secret (the cookie store does not hold them in the clear), bound to the
//! round, with its end inside the seal, `HttpOnly`, `SameSite=Strict` — and
//! the questionnaire, drawn again in the new language, starts from them.
//!
//! The server keeps nothing: no row, no log line (the access log has only
//! `/a`). The cookie lasts [`SECONDS`] and is dropped when the answers are
//! sent. A comment of [`crate::model::MAX_COMMENT_CHARS`] characters may not
//! fit one cookie, so the seal is cut into [`MAX_PARTS`] cookies at most.

use crate::anonymity::sealed::InboxKey;
use serde::{Deserialize, Serialize};

pub const COOKIE: &str = "trivsel_kept";
/// How long answers are kept in the browser.
pub const SECONDS: i64 = 60 * 60;
/// Characters of the seal per cookie (browsers take 4 096 bytes a cookie).
const PART: usize = 3_000;
pub const MAX_PARTS: usize = 4;
/// Answer fields kept at most (a questionnaire has far fewer).
const MAX_FIELDS: usize = 200;

#[derive(Serialize, Deserialize)]
struct Sealed {
    fields: Vec<(String, String)>,
    until: i64,
}

fn key(inbox: &InboxKey) -> InboxKey {
    inbox.for_purpose(b"answers kept v1")
}

fn bound_to(round: &str) -> String {
    format!("kept answers of {round}")
}

/// The fields of a questionnaire form worth keeping: the answers (`q.…`)
/// and the comment, bounded in number and length.
pub fn answers_of(fields: &[(String, String)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|(k, v)| {
            (k.starts_with("q.") && k.len() <= 80 && v.len() <= 8)
                || (k == "comment"
                    && !v.trim().is_empty()
                    && v.chars().count() <= crate::model::MAX_COMMENT_CHARS)
        })
        .take(MAX_FIELDS)
        .cloned()
        .collect()
}

/// The `Set-Cookie` values that keep `fields` for `round` (and empty the
/// parts not needed). None when they would not fit.
pub fn keep(
    inbox: &InboxKey,
    round: &str,
    fields: Vec<(String, String)>,
    now: i64,
    secure: bool,
) -> Option<Vec<String>> {
    let json = serde_json::to_vec(&Sealed {
        fields,
        until: now + SECONDS,
    })
    .ok()?;
    let sealed = key(inbox).seal(&bound_to(round), &json).ok()?;
    if sealed.len() > PART * MAX_PARTS {
        return None;
    }
    let parts: Vec<&str> = sealed
        .as_bytes()
        .chunks(PART)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    Some(
        (0..MAX_PARTS)
            .map(|i| match parts.get(i) {
                Some(p) => cookie(i, p, SECONDS, secure),
                None => cookie(i, "", 0, secure),
            })
            .collect(),
    )
}

/// The `Set-Cookie` values that drop kept answers.
pub fn forget(secure: bool) -> Vec<String> {
    (0..MAX_PARTS).map(|i| cookie(i, "", 0, secure)).collect()
}

/// The name of the seal's part `i`.
pub fn part(i: usize) -> String {
    format!("{COOKIE}{i}")
}

fn cookie(i: usize, value: &str, seconds: i64, secure: bool) -> String {
    crate::services::sessions::http_only_cookie(&part(i), value, "/", "Strict", seconds, secure)
}

/// The answers kept for `round`, read from the request's cookies
/// (`cookie(name)`), when they are ours, for this round and not over.
pub fn kept(
    inbox: &InboxKey,
    round: &str,
    cookie: impl Fn(&str) -> Option<String>,
    now: i64,
) -> Option<Vec<(String, String)>> {
    let sealed: String = (0..MAX_PARTS)
        .map_while(|i| cookie(&part(i)).filter(|v| !v.is_empty()))
        .collect();
    if sealed.is_empty() {
        return None;
    }
    let json = key(inbox).open(&bound_to(round), &sealed).ok()?;
    let s: Sealed = serde_json::from_slice(&json).ok()?;
    (now <= s.until).then(|| answers_of(&s.fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn jar(set: &[String]) -> HashMap<String, String> {
        set.iter()
            .filter_map(|c| c.split(';').next()?.split_once('='))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn answers_come_back_only_for_their_round_and_time() {
        let k = InboxKey::derive(&[5u8; 32]).expect("key");
        let long = "æ😀".repeat(crate::model::MAX_COMMENT_CHARS / 3);
        let fields = answers_of(&[
            ("round".into(), "R1".into()),
            ("code".into(), "SECRETCODE".into()),
            ("q.wellbeing".into(), "4".into()),
            ("comment".into(), long.clone()),
        ]);
        assert_eq!(fields.len(), 2, "only the answers and the comment");
        let set = keep(&k, "R1", fields.clone(), 1_000, false).expect("fits");
        assert_eq!(set.len(), MAX_PARTS);
        let jar = jar(&set);
        assert!(jar.len() > 1, "a long comment takes several cookies");
        assert!(jar.values().all(|v| !v.contains("wellbeing")), "sealed");
        let read = |n: &str| jar.get(n).cloned();
        assert_eq!(kept(&k, "R1", read, 1_000 + SECONDS), Some(fields));
        assert_eq!(kept(&k, "R1", read, 1_001 + SECONDS), None, "over");
        assert_eq!(kept(&k, "R2", read, 1_000), None, "another round");
        let other = InboxKey::derive(&[6u8; 32]).expect("key");
        assert_eq!(kept(&other, "R1", read, 1_000), None, "another server");
    }
}
