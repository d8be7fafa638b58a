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
    use std::fmt::Write;
    let digest = Sha256::digest(secret.as_bytes());
    // Written into one string: a `format!` per byte was 32 allocations for
    // every code looked up or claimed.
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The alphabet of codes people type (invitation codes, report receipts,
/// recovery codes): Crockford's base 32 (no I, L, O, U), so a code typed
/// from paper survives the usual misreadings.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `n` random symbols of that alphabet (5 random bits each).
pub fn code_symbols(n: usize) -> String {
    let mut buf = vec![0u8; n];
    rand::rng().fill_bytes(&mut buf);
    buf.iter()
        .map(|b| CODE_ALPHABET[(b & 31) as usize] as char)
        .collect()
}

/// Symbols in groups of four joined by dashes, as printed and shown.
pub fn in_fours(symbols: &str) -> String {
    symbols
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed or scanned code read as `n` symbols: upper case, separators and
/// spaces dropped, O read as 0 and I/L as 1; None unless exactly `n` remain.
pub fn read_code(typed: &str, n: usize) -> Option<String> {
    let symbols: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (symbols.len() == n && symbols.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(symbols)
}

/// A new invitation code: 12 symbols, 60 random bits, printed and sent as
/// `XXXX-XXXX-XXXX`. Guessing one among even a million live codes takes about
/// 2^40 tries.
pub fn invitation_code() -> String {
    in_fours(&code_symbols(12))
}

/// The canonical form of a typed invitation code (`XXXX-XXXX-XXXX`).
pub fn normalise_code(typed: &str) -> Option<String> {
    read_code(typed, 12).map(|s| in_fours(&s))
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
