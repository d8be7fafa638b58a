//! Staff passwords: argon2id with explicit OWASP parameters (19 MiB, 2
//! iterations, 1 lane), always run on a blocking thread so hashing never stalls
//! the async runtime, and never more at once than the machine has cores
//! (`HashQueue`).

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, SaltString},
    Algorithm, Argon2, Params, Version,
};
use rand::RngCore;
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    mpsc::{sync_channel, SyncSender},
    Arc, LazyLock, Mutex,
};

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
/// core for tens of milliseconds, so it runs on a fixed set of threads, one
/// per core: thousands of sign-ins with different addresses (which the
/// per-account throttle does not slow) then queue instead of exhausting
/// memory. Fixed threads matter as much as the count: the allocator keeps a
/// freed 19 MiB block for the thread that used it, and tokio's blocking pool
/// would have spread the work over ever new threads (a flood of 200 sign-ins
/// left the server at 786 MB). The queue itself is bounded: past it, a check
/// is refused at once ("too many attempts") rather than kept waiting.
pub struct HashQueue {
    jobs: SyncSender<Job>,
    busy: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

type Job = Box<dyn FnOnce() + Send>;

/// The queue was full: try again later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl HashQueue {
    /// `at_once` threads; `max_waiting` jobs may wait for them.
    pub fn new(at_once: usize, max_waiting: usize) -> HashQueue {
        let (jobs, waiting) = sync_channel::<Job>(max_waiting);
        let waiting = Arc::new(Mutex::new(waiting));
        for n in 0..at_once.max(1) {
            let waiting = waiting.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2id-{n}"))
                .spawn(move || loop {
                    // The lock is held only while waiting for the next job.
                    let next = match waiting.lock() {
                        Ok(w) => w.recv(),
                        Err(_) => return,
                    };
                    match next {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "starting a password hashing thread failed");
            }
        }
        HashQueue {
            jobs,
            busy: Arc::default(),
            peak: Arc::default(),
        }
    }

    /// Runs `work` on one of the queue's threads when it is free.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let (done, result) = tokio::sync::oneshot::channel();
        let (busy, peak) = (self.busy.clone(), self.peak.clone());
        let job: Job = Box::new(move || {
            let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let out = work();
            busy.fetch_sub(1, Ordering::SeqCst);
            // The asker may have gone; the work is done either way.
            let _ = done.send(out);
        });
        self.jobs.try_send(job).map_err(|_| Busy)?;
        result.await.map_err(|_| Busy)
    }

    /// The most computations that have run at once (for tests and metrics).
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

/// The process's queue: one thread per core, 64 jobs waiting per core
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
            verify_phc(password.as_bytes(), &phc) && known
        })
        .await
}

thread_local! {
    /// The argon2id working memory of this hashing thread, kept between
    /// checks: allocated once, 19 MiB per thread, instead of 19 MiB per
    /// check — which the allocator kept after freeing, in a pile that grew
    /// with every sign-in (240 MB after twenty, in one allocator arena).
    static MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether `password` matches a PHC string, computed in this thread's
/// kept memory. Parameters, salt and algorithm come from the string, so
/// hashes made with other parameters still verify.
fn verify_phc(password: &[u8], phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    let computed = MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        argon2.hash_password_into_with_memory(password, salt, &mut out, &mut memory[..blocks])
    });
    // `Output`'s comparison takes the same time wherever the bytes differ.
    computed.is_ok()
        && argon2::password_hash::Output::new(&out).is_ok_and(|computed| computed == expected)
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

    #[test]
    fn hashes_made_with_other_parameters_still_verify() {
        let params = Params::new(4096, 3, 1, None).expect("params");
        let salt = SaltString::encode_b64(b"sixteen bytes!!!").expect("salt");
        let phc = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"an older password", &salt)
            .expect("hash")
            .to_string();
        assert!(verify_phc(b"an older password", &phc));
        assert!(!verify_phc(b"an older passwore", &phc));
        assert!(!verify_phc(b"an older password", "not a hash"));
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
        // The first holds the only thread; three wait; the fifth is refused.
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
        // Room again once the queue has drained.
        assert_eq!(Q.run(|| 7).await, Ok(7));
    }
}
