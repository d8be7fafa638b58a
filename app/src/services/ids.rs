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

/// The alphabet of invitation codes: Crockford's base 32 (no I, L, O, U), so a
/// code typed from a printed card survives the usual misreadings.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new invitation code: 12 symbols, 60 random bits, printed and sent as
/// `XXXX-XXXX-XXXX`. Guessing one among even a million live codes takes about
/// 2^40 tries.
pub fn invitation_code() -> String {
    let mut buf = [0u8; 12];
    rand::rng().fill_bytes(&mut buf);
    let symbols: String = buf
        .iter()
        .map(|b| CODE_ALPHABET[(b & 31) as usize] as char)
        .collect();
    format!("{}-{}-{}", &symbols[0..4], &symbols[4..8], &symbols[8..12])
}

/// The canonical form of a typed or scanned code: upper case, separators and
/// spaces dropped, O read as 0 and I/L as 1; None unless 12 symbols remain.
pub fn normalise_code(typed: &str) -> Option<String> {
    let symbols: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    if symbols.len() != 12 || !symbols.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &symbols[0..4],
        &symbols[4..8],
        &symbols[8..12]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_survive_typing() {
        let code = invitation_code();
        assert_eq!(normalise_code(&code).as_deref(), Some(code.as_str()));
        let sloppy = code.to_lowercase().replace('-', " ");
        assert_eq!(normalise_code(&sloppy).as_deref(), Some(code.as_str()));
        assert_eq!(
            normalise_code("abcd efgh jk0o").as_deref(),
            Some("ABCD-EFGH-JK00")
        );
        assert_eq!(
            normalise_code("il11-2222-3333").as_deref(),
            Some("1111-2222-3333")
        );
        assert_eq!(normalise_code("ABCD-EFGH-JKU0"), None);
        assert_eq!(normalise_code("too short"), None);
    }

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
