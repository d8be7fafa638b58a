//! Random identifiers and secrets. Ids are random rather than sequential so
//! that neither their value nor their order says anything about when or by
//! whom a row was written.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new random row id: 128 bits, URL-safe text (portable across both stores).
pub fn new_id() -> String {
    random_token(16)
}

/// `bytes` random bytes from the operating system's generator, URL-safe base64.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// SHA-256 of a high-entropy secret (session tokens). Fast hashing is right
/// here: the secret is 256 random bits, so guessing is not the threat; a copy of
/// the database must just not hold usable tokens.
pub fn sha256_hex(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_unordered() {
        let ids: Vec<String> = (0..1000).map(|_| new_id()).collect();
        let set: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(set.len(), ids.len());
        let ascending = ids.windows(2).filter(|w| w[0] < w[1]).count();
        // Random ids are sorted about half the time, sequential ones always.
        assert!((300..700).contains(&ascending), "{ascending}");
    }

    #[test]
    fn token_hash_is_stable_and_hex() {
        assert_eq!(sha256_hex("abc").len(), 64);
        assert_eq!(sha256_hex("abc"), sha256_hex("abc"));
        assert_ne!(sha256_hex("abc"), sha256_hex("abd"));
    }
}
