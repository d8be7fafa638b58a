//! Staff passwords: argon2id with explicit OWASP parameters (19 MiB, 2
//! iterations, 1 lane), always run on a blocking thread so hashing never stalls
//! the async runtime.

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use rand::RngCore;

/// Shortest password accepted for a staff account.
pub const MIN_PASSWORD_LEN: usize = 12;

fn hasher() -> Argon2<'static> {
    // OWASP password storage cheat sheet, argon2id option 1: m=19456 KiB, t=2, p=1.
    // These constants are valid, so `new` cannot fail; argon2's own default
    // is the same OWASP setting should that ever change.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string for `password`. Runs on a blocking thread.
pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| e.to_string())?
}

pub fn hash_blocking(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Verifies `password` against `stored`; with `stored == None` it verifies
/// against a fixed dummy hash so that an unknown account costs the same time as
/// a known one and the response time does not tell who has an account.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        // An account without a password yet (empty hash) cannot sign in, and
        // costs the same time as an unknown one.
        let stored = stored.filter(|h| !h.is_empty());
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = match PasswordHash::new(&phc) {
            Ok(parsed) => hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        };
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// Longest password taken (argon2 would take more, but nobody types it).
pub const MAX_PASSWORD_LEN: usize = 256;

/// Whether a new password may be used, or the message key saying why not:
/// long enough, not too long, and not one that a list of common and
/// breached passwords, keyboard patterns, dates or the person's own name
/// and address would guess (zxcvbn's score of 3 or more: "safely
/// unguessable" — about 10¹⁰ guesses). No rules about character classes:
/// NIST SP 800-63B advises against them.
pub fn acceptable(password: &str, hints: &[&str]) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_LEN {
        return Err("error-password-short");
    }
    if n > MAX_PASSWORD_LEN {
        return Err("error-password-long");
    }
    if zxcvbn::zxcvbn(password, hints).score() < zxcvbn::Score::Three {
        return Err("error-password-common");
    }
    Ok(())
}

static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    hash_blocking("a password nobody has").unwrap_or_else(|_| String::new())
});

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("correct horse battery".into()).await.expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(h)).await);
    }

    #[test]
    fn common_or_personal_passwords_are_refused_and_long_ones_taken() {
        for (pw, why) in [
            ("short1!", "error-password-short"),
            ("password1234", "error-password-common"),
            ("qwertyuiop123", "error-password-common"),
            ("123456789012", "error-password-common"),
            ("anna.jensen@region.dk", "error-password-common"),
        ] {
            assert_eq!(
                acceptable(pw, &["anna.jensen@region.dk", "Anna Jensen"]),
                Err(why),
                "{pw}"
            );
        }
        assert_eq!(
            acceptable(&"x".repeat(MAX_PASSWORD_LEN + 1), &[]),
            Err("error-password-long")
        );
        // A passphrase, with no digits or capitals: fine.
        assert_eq!(acceptable("lanterne bølge kaffe morgen", &[]), Ok(()));
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify("a password nobody has".into(), None).await);
    }
}
