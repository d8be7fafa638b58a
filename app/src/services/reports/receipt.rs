//! # Receipts of anonymous reports (A7)
//!
//! A receipt is 24 symbols of Crockford's base 32, written in six groups of
//! four (`ABCD-EFGH-JKMN-PQRS-TVWX-YZ01`) so that it can be copied by hand:
//!
//! - the first 8 symbols (40 random bits) are the case id, stored as it is —
//!   a lookup key that says nothing about the reporter;
//! - the last 16 symbols (80 random bits) are the secret, of which only an
//!   argon2id hash is stored (the staff-password parameters, see
//!   `services::password`).
//!
//! So a copy of the database cannot open a case as its reporter, and a lost
//! receipt cannot be recovered by anyone. Checking a well-formed receipt
//! always costs one argon2id verification — also for an unknown case id
//! (against a dummy hash) — so the time of a refusal does not tell whether
//! the case exists; a malformed one is refused at once.
//!
//! Wrong receipts lock nothing, neither a case nor the page: a lock is one a
//! stranger (or a handler, who sees case ids) could use to shut a reporter
//! out. None is needed: the hasher's queue (`services::password`) runs one
//! check per core, some 100 a second on a small server, and 2⁸⁰ secrets at
//! that speed take 10¹⁴ years. Nothing about who asks is looked at.

use crate::services::{ids, password};

const ID_LEN: usize = 8;
const SECRET_LEN: usize = 16;

/// A fresh receipt: (case id, secret, the receipt as shown).
pub fn new_receipt() -> (String, String, String) {
    let id = ids::code_symbols(ID_LEN);
    let secret = ids::code_symbols(SECRET_LEN);
    let shown = ids::in_fours(&format!("{id}{secret}"));
    (id, secret, shown)
}

/// Reads a typed receipt (any case, spaces or dashes, O for 0, I/L for 1)
/// into (case id, secret); None when it cannot be one.
pub fn split(typed: &str) -> Option<(String, String)> {
    let all = ids::read_code(typed, ID_LEN + SECRET_LEN)?;
    Some((all[..ID_LEN].to_owned(), all[ID_LEN..].to_owned()))
}

/// The argon2id hash of a secret (a PHC string).
pub async fn hash(secret: &str) -> Result<String, String> {
    password::hash(secret.to_owned()).await
}

/// Whether `secret` matches `stored`; with no stored hash (unknown case) it
/// spends the same time and says no. `Err(Busy)` when too many checks wait.
pub async fn verify(secret: &str, stored: Option<String>) -> Result<bool, password::Busy> {
    password::verify(secret.to_owned(), stored).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_reads_back_however_it_is_typed() {
        let (id, secret, shown) = new_receipt();
        assert_eq!(shown.len(), 24 + 5);
        assert_eq!(split(&shown), Some((id.clone(), secret.clone())));
        let sloppy = shown.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(split(&sloppy), Some((id, secret)));
        assert_eq!(split("ABCD-EFGH"), None);
        assert_eq!(split(&format!("{shown}-X")), None);
        // U is not a Crockford symbol.
        assert_eq!(split(&format!("U{}", &shown[1..])), None);
    }

    #[test]
    fn receipts_differ() {
        let a = new_receipt();
        let b = new_receipt();
        assert_ne!(a.0, b.0);
        assert_ne!(a.1, b.1);
    }
}
