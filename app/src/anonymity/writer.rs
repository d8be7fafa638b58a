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
    store::{padded, Packed},
};
use crate::services::{
    db::{Backend, Db},
    ids, tally,
};
use sqlx::{pool::PoolConnection, Any, AssertSqlSafe, Transaction};
use std::{
    collections::{BTreeMap, HashMap, HashSet},
    sync::Arc,
};
use tokio::sync::{mpsc, oneshot, Notify};

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
    /// The validated answers, compressed for their sealed row
    /// ([`pack`](super::store::pack)) by the request that submits them, on
    /// any core, rather than by the one writer.
    pub answers: Packed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    /// Unknown, used, for another round, or the round is closed — deliberately
    /// one answer, so nobody learns whether a code ever existed.
    #[error("the code cannot be used")]
    NotUsable,
    /// The database failed; nothing was written, the code is still unused.
    #[error("the answer could not be stored")]
    Unavailable,
}

struct Job {
    submission: Submission,
    reply: oneshot::Sender<Result<(), SubmitError>>,
}

/// A handle on the writer task; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
    stored: Arc<Notify>,
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
        let stored = Arc::new(Notify::new());
        tokio::spawn(run(db, key, rx, stored.clone()));
        Writer { jobs, stored }
    }

    /// Resolves once a batch with answers has been committed since the last
    /// call (or at once, if one was committed before it): the mover's cue
    /// to look at the inbox again (`server::jobs`).
    pub async fn stored(&self) {
        self.stored.notified().await
    }

    /// False once the writer task has stopped (it never should): the
    /// server is then not ready to take answers.
    pub fn running(&self) -> bool {
        !self.jobs.is_closed()
    }

    /// Stores one answer; Ok only once it is committed.
    pub async fn submit(&self, submission: Submission) -> Result<(), SubmitError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { submission, reply })
            .await
            .map_err(|_| SubmitError::Unavailable)?;
        answer.await.unwrap_or(Err(SubmitError::Unavailable))
    }
}

/// The page cache of the writer's own connection: the invitations of two
/// rounds for 30 000 people and their code index take about 15 MiB.
const CACHE_MIB: u32 = 16;

async fn run(db: Db, key: InboxKey, mut rx: mpsc::Receiver<Job>, stored: Arc<Notify>) {
    // Filing units never change once a round is open: cache them per round.
    let mut filing: HashMap<String, HashMap<String, Option<String>>> = HashMap::new();
    // The writer's own connection (`Db::own_connection`), taken at its first
    // batch and given up after a failure, when it may be the connection
    // that broke.
    let mut own: Option<PoolConnection<Any>> = None;
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // For the operators: how deep the queue got (published per day, see
        // `services::tally`).
        tally::DEEPEST_ANSWER_QUEUE.see((batch.len() + rx.len()) as u64);
        let subs: Vec<&Submission> = batch.iter().map(|j| &j.submission).collect();
        let outcome = write_batch(&db, &key, &mut filing, &mut own, &subs).await;
        if outcome.is_err() {
            if let Some(mut conn) = own.take() {
                conn.close_on_drop();
            }
        }
        match outcome {
            Ok(results) => {
                tally::ANSWER_BATCHES.add(1);
                let n = results.iter().filter(|r| r.is_ok()).count();
                tally::ANSWERS_STORED.add(n as u64);
                if n > 0 {
                    stored.notify_one();
                }
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

/// One transaction for the whole batch; a result per submission, in order.
async fn write_batch(
    db: &Db,
    key: &InboxKey,
    filing: &mut HashMap<String, HashMap<String, Option<String>>>,
    own: &mut Option<PoolConnection<Any>>,
    subs: &[&Submission],
) -> Result<Vec<Result<(), SubmitError>>, sqlx::Error> {
    let _turn = db.write_turn().await;
    if own.is_none() {
        *own = db.own_connection(CACHE_MIB).await?;
    }
    let mut tx = match own {
        Some(conn) => db.begin_write_on(conn).await?,
        None => db.begin_write().await?,
    };

    // Rounds still open (checked inside the transaction).
    let rounds: Vec<&str> = subs
        .iter()
        .map(|s| s.round.as_str())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let sql = format!(
        "SELECT id FROM rounds WHERE closed_at IS NULL AND id IN {}",
        db.backend.values(1, rounds.len())
    );
    let mut q = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql));
    for r in &rounds {
        q = q.bind(*r);
    }
    let open: HashSet<String> = q.fetch_all(&mut *tx).await?.into_iter().collect();

    // Claim the invitations. Each claim is a (key, round) pair: a code's
    // hash, or a person, and the round the form names.
    let keys: Vec<(String, &str)> = subs
        .iter()
        .map(|s| match &s.claim {
            Claim::Code(code) => (ids::sha256_hex(code), s.round.as_str()),
            Claim::Person(person) => (person.clone(), s.round.as_str()),
        })
        .collect();
    let mut codes = Vec::new();
    let mut people: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (s, (k, r)) in subs
        .iter()
        .zip(&keys)
        .filter(|(s, _)| open.contains(&s.round))
    {
        match &s.claim {
            Claim::Code(_) => codes.push((k.as_str(), *r)),
            Claim::Person(_) => people.entry(r).or_default().push(k),
        }
    }
    let mut claimed: HashMap<(String, String), String> = HashMap::new();
    for (k, r, unit) in claim_codes(&mut tx, db.backend, &codes).await? {
        claimed.insert((k, r), unit);
    }
    for (round, persons) in people {
        for (k, unit) in claim_people(&mut tx, db.backend, round, &persons).await? {
            claimed.insert((k, round.to_owned()), unit);
        }
    }

    // Seal each claimed answer with its filing unit. A claim is taken once: a
    // second submission with the same code in this batch finds it gone.
    let mut results = Vec::with_capacity(subs.len());
    let mut sealed_rows: Vec<(String, String)> = Vec::new();
    for (s, (k, r)) in subs.iter().zip(keys) {
        let Some(unit) = claimed.remove(&(k, r.to_owned())) else {
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
            padded(filed.as_deref(), &s.answers).and_then(|plain| key.seal(&s.round, &plain).ok());
        let Some(sealed) = sealed else {
            // Cannot happen with a valid key; refuse the whole batch rather
            // than mark a code used without its answer.
            return Err(sqlx::Error::Protocol("sealing an answer failed".into()));
        };
        sealed_rows.push((s.round.clone(), sealed));
        results.push(Ok(()));
    }

    if !sealed_rows.is_empty() {
        let sql = format!(
            "INSERT INTO answer_inbox (id, round_id, sealed) VALUES {}",
            db.backend.values(sealed_rows.len(), 3)
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

/// Marks the codes used that are unused and belong to the round named beside
/// them; returns (code hash, round, unit) for each. Looked up by code alone
/// first: SQLite plans `round_id = ? AND code_hash IN (…)` on the round's
/// index once the list has a few codes - a scan of the whole round, tens of
/// thousands of rows, for every batch - and a list of (code, round) pairs
/// (`IN (VALUES …)`) scanned every invitation. The UPDATE keeps `used = 0`,
/// so of two claims at once (two instances) only one gets the row back.
async fn claim_codes(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    codes: &[(&str, &str)],
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT code_hash, round_id FROM invitations WHERE used = 0 AND code_hash IN {}",
        backend.values(1, codes.len())
    );
    let mut q = sqlx::query_as::<_, (String, String)>(AssertSqlSafe(sql));
    for (k, _) in codes {
        q = q.bind(*k);
    }
    let round_of: HashMap<String, String> = q.fetch_all(&mut **tx).await?.into_iter().collect();
    let mut wanted: Vec<&str> = codes
        .iter()
        .filter(|(k, r)| round_of.get(*k).is_some_and(|of| of == r))
        .map(|(k, _)| *k)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "UPDATE invitations SET used = 1 WHERE used = 0 AND code_hash IN {} \
         RETURNING code_hash, round_id, unit_id",
        backend.values(1, wanted.len())
    );
    let mut q = sqlx::query_as::<_, (String, String, String)>(AssertSqlSafe(sql));
    for k in wanted {
        q = q.bind(k);
    }
    q.fetch_all(&mut **tx).await
}

/// Marks the people's invitations to `round` used that are unused; returns
/// (person, unit) for each. Planned on the (person, round) index.
async fn claim_people(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    round: &str,
    people: &[&str],
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let sql = format!(
        "UPDATE invitations SET used = 1 WHERE used = 0 AND round_id = {} AND person_id IN {} \
         RETURNING person_id, unit_id",
        backend.values(1, 1),
        backend.values_after(1, 1, people.len())
    );
    let mut q = sqlx::query_as::<_, (String, String)>(AssertSqlSafe(sql)).bind(round);
    for k in people {
        q = q.bind(*k);
    }
    q.fetch_all(&mut **tx).await
}
