//! The answer writer: one task that stores submitted answers in batches
//! ("group commit"). Every request hands its answer to the writer and waits;
//! the writer takes everything waiting (up to [`MAX_BATCH`]), and in ONE
//! transaction marks the invitations used with one set-based UPDATE and seals
//! the answers into the inbox with one multi-row INSERT. Replies go out only
//! after COMMIT, so "received" always means durable.
//!
//! Why: a transaction per answer queues every respondent on the database's
//! single writer (SQLite) or on an fsync each (PostgreSQL) and tops out near
//! a few thousand answers a second with long tails; a batch pays that cost
//! once for hundreds of answers.
//!
//! Anonymity: a batch writes "these invitations are used" and "these sealed
//! answers arrived" together, so they share a transaction — harmless, because
//! the inbox rows are sealed and carry no unit (see the module documentation),
//! and batching only widens the crowd each answer hides in.

use super::{
    sealed::InboxKey,
    store::{pack, padded, Packed},
};
use crate::services::{db::Db, ids};
use sqlx::{AssertSqlSafe, Row};
use std::collections::{HashMap, HashSet};
use tokio::sync::{mpsc, oneshot};

/// Most answers in one transaction (each takes at most two bind variables per
/// statement, far below SQLite's 32 766).
pub const MAX_BATCH: usize = 1000;

/// Who is answering: the holder of a code (link or card), or a signed-in staff
/// member whose person has an invitation to the round.
#[derive(Clone, Debug)]
pub enum Claim {
    Code(String),
    Person(String),
}

#[derive(Clone, Debug)]
pub struct Submission {
    pub round: String,
    pub claim: Claim,
    /// The validated answers (JSON).
    pub answers: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    /// Unknown, used, for another round, or the round is closed — deliberately
    /// one answer, so nobody learns whether a code ever existed.
    #[error("the code cannot be used")]
    NotUsable,
    /// The answer is longer than a sealed row holds; nothing was written, the
    /// code is still unused.
    #[error("the answer is too long")]
    TooLong,
    /// The database failed; nothing was written, the code is still unused.
    #[error("the answer could not be stored")]
    Unavailable,
}

struct Job {
    submission: Submission,
    packed: Packed,
    reply: oneshot::Sender<Result<(), SubmitError>>,
}

/// A handle on the writer task; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

impl Writer {
    /// Starts the writer task (needs a Tokio runtime).
    pub fn spawn(db: Db, key: InboxKey) -> Writer {
        let (jobs, rx) = mpsc::channel(MAX_BATCH * 8);
        tokio::spawn(run(db, key, rx));
        Writer { jobs }
    }

    /// Stores one answer; Ok only once it is committed. The answer is
    /// compressed here, by the caller, and refused if it does not fit a
    /// sealed row — before its invitation is claimed.
    pub async fn submit(&self, submission: Submission) -> Result<(), SubmitError> {
        let packed = pack(&submission.answers).ok_or(SubmitError::TooLong)?;
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job {
                submission,
                packed,
                reply,
            })
            .await
            .map_err(|_| SubmitError::Unavailable)?;
        answer.await.unwrap_or(Err(SubmitError::Unavailable))
    }
}

async fn run(db: Db, key: InboxKey, mut rx: mpsc::Receiver<Job>) {
    // Filing units never change once a round is open: cache them per round.
    let mut filing: HashMap<String, HashMap<String, Option<String>>> = HashMap::new();
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let subs: Vec<(&Submission, &Packed)> =
            batch.iter().map(|j| (&j.submission, &j.packed)).collect();
        let outcome = write_batch(&db, &key, &mut filing, &subs).await;
        match outcome {
            Ok(results) => {
                for (job, result) in batch.into_iter().zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, answers = batch.len(), "storing a batch of answers failed");
                for job in batch {
                    let _ = job.reply.send(Err(SubmitError::Unavailable));
                }
            }
        }
    }
}

/// `($1, $2), ($3, $4), …` for `n` pairs.
fn pairs(n: usize) -> String {
    (0..n)
        .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One transaction for the whole batch; a result per submission, in order.
async fn write_batch(
    db: &Db,
    key: &InboxKey,
    filing: &mut HashMap<String, HashMap<String, Option<String>>>,
    subs: &[(&Submission, &Packed)],
) -> Result<Vec<Result<(), SubmitError>>, sqlx::Error> {
    let _turn = db.write_turn().await;
    let mut tx = db.begin_write().await?;

    // Rounds still open (checked inside the transaction).
    let rounds: Vec<&str> = subs
        .iter()
        .map(|(s, _)| s.round.as_str())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let list: Vec<String> = (1..=rounds.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id FROM rounds WHERE closed_at IS NULL AND id IN ({})",
        list.join(", ")
    );
    let mut q = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql));
    for r in &rounds {
        q = q.bind(*r);
    }
    let open: HashSet<String> = q.fetch_all(&mut *tx).await?.into_iter().collect();

    // Claim the invitations: one UPDATE for codes, one for people. Each
    // RETURNING row is (claim key, round, unit).
    let mut codes = Vec::new();
    let mut people = Vec::new();
    for (s, _) in subs.iter().filter(|(s, _)| open.contains(&s.round)) {
        match &s.claim {
            Claim::Code(code) => codes.push((ids::sha256_hex(code), s.round.clone())),
            Claim::Person(person) => people.push((person.clone(), s.round.clone())),
        }
    }
    let mut claimed: HashMap<(String, String), String> = HashMap::new();
    for (column, keys) in [("code_hash", &codes), ("person_id", &people)] {
        if keys.is_empty() {
            continue;
        }
        let sql = format!(
            "UPDATE invitations SET used = 1 WHERE used = 0 AND ({column}, round_id) IN (VALUES {}) \
             RETURNING {column}, round_id, unit_id",
            pairs(keys.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (k, r) in keys {
            q = q.bind(k).bind(r);
        }
        for row in q.fetch_all(&mut *tx).await? {
            let k: String = row.try_get(0)?;
            let r: String = row.try_get(1)?;
            let unit: String = row.try_get(2)?;
            claimed.insert((k, r), unit);
        }
    }

    // Seal each claimed answer with its filing unit. A claim is taken once: a
    // second submission with the same code in this batch finds it gone.
    let mut results = Vec::with_capacity(subs.len());
    let mut sealed_rows: Vec<(String, String)> = Vec::new();
    for (s, packed) in subs {
        let claim_key = match &s.claim {
            Claim::Code(code) => (ids::sha256_hex(code), s.round.clone()),
            Claim::Person(person) => (person.clone(), s.round.clone()),
        };
        let Some(unit) = claimed.remove(&claim_key) else {
            results.push(Err(SubmitError::NotUsable));
            continue;
        };
        if !filing.contains_key(&s.round) {
            let map: HashMap<String, Option<String>> = sqlx::query_as(
                "SELECT unit_id, filing_unit_id FROM round_filing WHERE round_id = $1",
            )
            .bind(&s.round)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
            filing.insert(s.round.clone(), map);
        }
        let filed = filing
            .get(&s.round)
            .and_then(|m| m.get(&unit).cloned())
            .flatten();
        let sealed =
            padded(filed.as_deref(), packed).and_then(|plain| key.seal(&s.round, &plain).ok());
        let Some(sealed) = sealed else {
            // Cannot happen with a valid key; refuse the whole batch rather
            // than mark a code used without its answer.
            return Err(sqlx::Error::Protocol("sealing an answer failed".into()));
        };
        sealed_rows.push((s.round.clone(), sealed));
        results.push(Ok(()));
    }

    if !sealed_rows.is_empty() {
        let values: Vec<String> = (0..sealed_rows.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect();
        let sql = format!(
            "INSERT INTO answer_inbox (id, round_id, sealed) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (round, sealed) in sealed_rows {
            q = q.bind(ids::new_id()).bind(round).bind(sealed);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(results)
}
