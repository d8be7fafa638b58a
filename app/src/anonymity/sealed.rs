//! Sealing inbox answers: ChaCha20-Poly1305 with a key derived (HKDF-SHA256)
//! from the server secret, which is kept out of the database. The round id is
//! bound as associated data, so a sealed answer cannot be replayed into
//! another round.

use base64::{engine::general_purpose::STANDARD, Engine};
use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    ChaCha20Poly1305, Key, Nonce,
};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;

/// The inbox key. Debug output never shows it.
#[derive(Clone)]
pub struct InboxKey(Key);

impl std::fmt::Debug for InboxKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InboxKey(…)")
    }
}

impl InboxKey {
    /// Derives the inbox key from the server secret (at least 32 bytes).
    pub fn derive(server_secret: &[u8]) -> Result<InboxKey, &'static str> {
        if server_secret.len() < 32 {
            return Err("the server secret must be at least 32 bytes");
        }
        let mut okm = [0u8; 32];
        Hkdf::<Sha256>::new(Some(b"trivsel"), server_secret)
            .expand(b"answer inbox v1", &mut okm)
            .map_err(|_| "key derivation failed")?;
        Ok(InboxKey(Key::from(okm)))
    }

    /// A key of its own for another purpose (`b"staff totp v1"`), derived
    /// from this one, so that nothing sealed for one purpose opens as another.
    pub fn for_purpose(&self, purpose: &[u8]) -> InboxKey {
        let mut okm = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit, so expand cannot fail.
        let _ = Hkdf::<Sha256>::new(Some(b"trivsel purpose"), self.0.as_slice())
            .expand(purpose, &mut okm);
        InboxKey(Key::from(okm))
    }

    pub fn seal(&self, round: &str, plaintext: &[u8]) -> Result<String, &'static str> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let ct = ChaCha20Poly1305::new(&self.0)
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: round.as_bytes(),
                },
            )
            .map_err(|_| "sealing failed")?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(STANDARD.encode(out))
    }

    pub fn open(&self, round: &str, sealed: &str) -> Result<Vec<u8>, &'static str> {
        let bytes = STANDARD.decode(sealed).map_err(|_| "not a sealed answer")?;
        if bytes.len() < 12 + 16 {
            return Err("not a sealed answer");
        }
        let (nonce, ct) = bytes.split_at(12);
        ChaCha20Poly1305::new(&self.0)
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: round.as_bytes(),
                },
            )
            .map_err(|_| "the answer cannot be opened with this key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_answer_opens_only_with_the_same_key_and_round() {
        let key = InboxKey::derive(&[7u8; 32]).expect("key");
        let plain = b"{\"q1\":4,\"c\":\"a comment\"}";
        let sealed = key.seal("round-1", plain).expect("seal");
        // Neither the text nor its base64 shows. (A check for a two-letter
        // piece such as "q1" failed one run in a hundred: random base64
        // holds any two letters that often.)
        assert!(!sealed.contains("a comment"));
        assert!(!sealed.contains(&STANDARD.encode(plain)[..12]));
        assert_eq!(key.open("round-1", &sealed).expect("open"), plain);
        assert!(key.open("round-2", &sealed).is_err(), "bound to its round");
        let other = InboxKey::derive(&[8u8; 32]).expect("key");
        assert!(
            other.open("round-1", &sealed).is_err(),
            "another secret cannot open it"
        );
        assert_ne!(
            sealed,
            key.seal("round-1", b"{\"q1\":4}").expect("seal"),
            "fresh nonce each time"
        );
        assert!(InboxKey::derive(b"short").is_err());
        assert_eq!(format!("{key:?}"), "InboxKey(…)");
    }
}
