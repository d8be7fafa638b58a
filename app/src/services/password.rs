//! Staff passwords: argon2id with explicit OWASP parameters (19 MiB, 2
//! iterations, 1 lane), always run on a blocking thread so hashing never stalls
//! the async runtime, and never more at once than the machine has cores
//! (`HashQueue`).

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use rand::RngCore;
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc, LazyLock,
};
use tokio::sync::Semaphore;

/// Shortest password accepted for a staff account.
pub const MIN_PASSWORD_LEN: usize = 12;

fn hasher() -> Argon2<'static> {
    // OWASP password storage cheat sheet, argon2id option 1: m=19456 KiB, t=2, p=1.
    // These constants are valid, so `new` cannot fail; argon2's own default
    // is the same OWASP setting should that ever change.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Where argon2id work waits its turn. Each computation holds 19 MiB and a
/// core for tens of milliseconds, so at most one per core runs at once;
/// thousands of sign-ins with different addresses (which the per-account
/// throttle does not slow) then queue instead of exhausting memory. The
/// queue itself is bounded: past it, a check is refused at once ("too many
/// attempts") rather than kept waiting without end.
pub struct HashQueue {
    running: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    busy: AtomicUsize,
    peak: AtomicUsize,
}

/// The queue was full: try again later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl HashQueue {
    pub fn new(at_once: usize, max_waiting: usize) -> HashQueue {
        HashQueue {
            running: Arc::new(Semaphore::new(at_once.max(1))),
            waiting: AtomicUsize::new(0),
            max_waiting,
            busy: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// Runs `work` on a blocking thread when a place is free.
    pub async fn run<T: Send + 'static>(
        &'static self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let permit = {
            let _waiting = Waiting::enter(self)?;
            self.running
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| Busy)?
        };
        tokio::task::spawn_blocking(move || {
            // The place is held until the work ends, even when the request
            // that asked for it has gone.
            let _permit = permit;
            let now = self.busy.fetch_add(1, Ordering::SeqCst) + 1;
            self.peak.fetch_max(now, Ordering::SeqCst);
            let out = work();
            self.busy.fetch_sub(1, Ordering::SeqCst);
            out
        })
        .await
        .map_err(|_| Busy)
    }

    /// The most computations that have run at once (for tests and metrics).
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

/// A place in the queue, given back when the wait ends or is abandoned.
struct Waiting<'a>(&'a HashQueue);

impl<'a> Waiting<'a> {
    fn enter(q: &'a HashQueue) -> Result<Waiting<'a>, Busy> {
        if q.waiting.fetch_add(1, Ordering::SeqCst) >= q.max_waiting {
            q.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Busy);
        }
        Ok(Waiting(q))
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The process's queue: one computation per core, 64 waiting per core
/// (about two seconds of work).
pub static QUEUE: LazyLock<HashQueue> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    HashQueue::new(cores, 64 * cores)
});

/// A PHC string for `password`. Runs on a blocking thread, in the queue.
pub async fn hash(password: String) -> Result<String, String> {
    QUEUE
        .run(move || hash_blocking(&password))
        .await
        .map_err(|_| "the password hasher is busy".to_owned())?
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
/// `Err(Busy)` when the queue is full.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, Busy> {
    QUEUE
        .run(move || {
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
        assert_eq!(
            verify("correct horse battery".into(), Some(h.clone())).await,
            Ok(true)
        );
        assert_eq!(
            verify("wrong horse battery".into(), Some(h)).await,
            Ok(false)
        );
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
        assert_eq!(
            verify("a password nobody has".into(), None).await,
            Ok(false)
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn the_queue_runs_one_at_a_time_and_refuses_past_its_length() {
        static Q: LazyLock<HashQueue> = LazyLock::new(|| HashQueue::new(1, 3));
        let gate = Arc::new(std::sync::Barrier::new(2));
        let first = {
            let gate = gate.clone();
            tokio::spawn(Q.run(move || {
                gate.wait();
                1
            }))
        };
        // The first holds the only place; three wait; the fifth is refused.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let waiting: Vec<_> = (0..3).map(|i| tokio::spawn(Q.run(move || i))).collect();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert_eq!(Q.run(|| 9).await, Err(Busy));
        gate.wait();
        assert_eq!(first.await.expect("first"), Ok(1));
        for (i, w) in waiting.into_iter().enumerate() {
            assert_eq!(w.await.expect("waiting"), Ok(i));
        }
        assert_eq!(Q.peak(), 1);
        // A place given back by an abandoned wait is free again.
        assert_eq!(Q.run(|| 7).await, Ok(7));
    }
}
