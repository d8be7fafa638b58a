//! The sealed report inbox: what places a report no finer than its day.
//!
//! A case written to `reports` the moment it is filed would be dated by
//! whoever holds two copies of the database taken on one day (the case in
//! the second and not the first), and by the order rows are stored in
//! (SQLite's rowid; PostgreSQL's `xmin`, which orders a row against every
//! timestamped row of other tables). The same holds for a reporter's later
//! messages, which tell when the reporter was at a keyboard.
//!
//! So a new case and a reporter's message are *arrivals*: sealed with the
//! server's inbox key (`anonymity::sealed`, bound to this inbox), padded to
//! [`SEALED_BYTES`] so that every row has the same length, and stored with
//! the day in the clear and nothing else. After the day is over, [`deliver`]
//! moves every earlier day's arrivals in one transaction — cases and
//! messages in shuffled order, the sealed rows deleted in the same
//! transaction — so a day's cases share a transaction and their order on
//! disk says nothing. Handlers see a case from the first minutes after
//! midnight (UTC) and hear of it at the fixed morning hour.
//!
//! The reporter follows their case before delivery by the receipt: the
//! inbox is opened row by row (it holds one day), and nothing links its rows
//! to one another or to a case — no case id, no tag in the clear.
//!
//! What is left: two copies taken on one day show that *some* sealed
//! arrival came between them. Which case it was is known only after
//! delivery, among the day's cases; on a day with a single arrival, that is
//! the one (README, "What someone who holds copies can still learn").

use super::day;
use crate::{
    anonymity::sealed::InboxKey,
    services::{db::Db, ids},
};
use chrono::NaiveDate;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plaintext length of every sealed row. The longest arrival is a
/// message of [`super::MAX_CHARS`] characters, each at most six bytes in
/// JSON (a control character as `\u00XX`), with room for the rest.
pub const SEALED_BYTES: usize = 64 * 1024;

/// The associated data every sealed row is bound to: an answer's is its
/// round's id, so neither can be passed off as the other.
const BOUND_TO: &str = "report inbox v1";

/// What waits in the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Arrival {
    /// A new case with its description (the case's first message).
    Case {
        id: String,
        secret_hash: String,
        category: String,
        unit: Option<String>,
        happened: Option<String>,
        description: String,
        /// The form's one-time mark ([`super::once`]), kept with the case.
        #[serde(default)]
        once: Option<String>,
    },
    /// A reporter's message on a case; `n` orders a day's messages of one
    /// case.
    Message {
        case: String,
        n: u32,
        body: String,
        #[serde(default)]
        once: Option<String>,
    },
}

impl Arrival {
    fn case(&self) -> &str {
        match self {
            Arrival::Case { id, .. } => id,
            Arrival::Message { case, .. } => case,
        }
    }
}

/// Why an arrival could not be put in the inbox or taken out of it.
#[derive(Debug)]
pub enum InboxError {
    Db(sqlx::Error),
    /// Longer than [`SEALED_BYTES`] (the form's limits prevent it).
    TooLong,
    /// A sealed row that this server's key cannot open (a replaced secret):
    /// delivery stops rather than delete it.
    Unreadable,
}

impl From<sqlx::Error> for InboxError {
    fn from(e: sqlx::Error) -> Self {
        InboxError::Db(e)
    }
}

impl From<InboxError> for sqlx::Error {
    fn from(e: InboxError) -> Self {
        match e {
            InboxError::Db(e) => e,
            InboxError::TooLong => sqlx::Error::Protocol("a report too long to seal".into()),
            InboxError::Unreadable => sqlx::Error::Protocol(
                "a sealed report that this server's secret cannot open".into(),
            ),
        }
    }
}

fn seal(key: &InboxKey, a: &Arrival) -> Result<String, InboxError> {
    let json = serde_json::to_vec(a).map_err(|_| InboxError::TooLong)?;
    if json.len() > SEALED_BYTES - 4 {
        return Err(InboxError::TooLong);
    }
    let mut plain = Vec::with_capacity(SEALED_BYTES);
    plain.extend_from_slice(&(json.len() as u32).to_be_bytes());
    plain.extend_from_slice(&json);
    plain.resize(SEALED_BYTES, 0);
    key.seal(BOUND_TO, &plain).map_err(|_| InboxError::TooLong)
}

fn open(key: &InboxKey, sealed: &str) -> Result<Arrival, InboxError> {
    let plain = key
        .open(BOUND_TO, sealed)
        .map_err(|_| InboxError::Unreadable)?;
    let len = plain
        .get(..4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_be_bytes)
        .ok_or(InboxError::Unreadable)? as usize;
    let json = plain.get(4..4 + len).ok_or(InboxError::Unreadable)?;
    serde_json::from_slice(json).map_err(|_| InboxError::Unreadable)
}

/// Puts an arrival of `today` in the inbox. The row's id is the form's
/// one-time mark when it has one (a random id of the same shape otherwise),
/// so the same form sent twice finds its row taken: false, nothing written.
pub async fn put(
    db: &Db,
    key: &InboxKey,
    today: NaiveDate,
    a: &Arrival,
) -> Result<bool, InboxError> {
    let sealed = seal(key, a)?;
    let row = match a {
        Arrival::Case { once, .. } | Arrival::Message { once, .. } => {
            once.clone().unwrap_or_else(ids::new_id)
        }
    };
    let put = sqlx::query(
        "INSERT INTO report_inbox (id, day, sealed) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
    )
    .bind(row)
    .bind(day(today))
    .bind(sealed)
    .execute(&db.pool)
    .await?;
    Ok(put.rows_affected() == 1)
}

/// Whether an arrival with the one-time mark `once` is waiting.
pub async fn holds(db: &Db, once: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_inbox WHERE id = $1")
        .bind(once)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

/// The arrivals for one case still waiting, with their day, in order: the
/// case itself (when it has not been delivered yet), then its messages.
pub async fn waiting_for(
    db: &Db,
    key: &InboxKey,
    case: &str,
) -> Result<Vec<(String, Arrival)>, InboxError> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT day, sealed FROM report_inbox")
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::new();
    for (day, sealed) in rows {
        // A row this key cannot open is somebody else's problem (delivery
        // reports it); the reporter's page still works.
        if let Ok(a) = open(key, &sealed) {
            if a.case() == case {
                out.push((day, a));
            }
        }
    }
    out.sort_by_key(|(day, a)| {
        (
            day.clone(),
            match a {
                Arrival::Case { .. } => 0,
                Arrival::Message { n, .. } => *n,
            },
        )
    });
    Ok(out)
}

/// Whether any arrival of a day before `end` is still waiting (a quarter's
/// statistics wait for its last day's delivery).
pub async fn waiting_before(db: &Db, end: NaiveDate) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_inbox WHERE day < $1")
        .bind(day(end))
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

/// Moves every arrival of a day before `today` to the cases, in one
/// transaction and in shuffled order. Safe on several instances: the sealed
/// rows are claimed by deleting them, so a second instance finds none.
/// Returns the number of arrivals moved.
pub async fn deliver(db: &Db, key: &InboxKey, today: NaiveDate) -> Result<usize, InboxError> {
    let due: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_inbox WHERE day < $1")
        .bind(day(today))
        .fetch_one(&db.pool)
        .await?;
    if due == 0 {
        return Ok(0);
    }
    // The transaction starts with its write, so SQLite never refuses it for
    // a snapshot that went stale between a read and the write.
    let mut tx = db.pool.begin().await?;
    let rows: Vec<(String, String)> =
        sqlx::query_as("DELETE FROM report_inbox WHERE day < $1 RETURNING day, sealed")
            .bind(day(today))
            .fetch_all(&mut *tx)
            .await?;
    let mut cases = Vec::new();
    type Thread = Vec<(String, u32, String, Option<String>)>;
    let mut messages: BTreeMap<String, Thread> = BTreeMap::new();
    for (day, sealed) in &rows {
        match open(key, sealed)? {
            Arrival::Case {
                id,
                secret_hash,
                category,
                unit,
                happened,
                description,
                once,
            } => cases.push((
                day.clone(),
                id,
                secret_hash,
                category,
                unit,
                happened,
                description,
                once,
            )),
            Arrival::Message {
                case,
                n,
                body,
                once,
            } => messages
                .entry(case)
                .or_default()
                .push((day.clone(), n, body, once)),
        }
    }
    cases.shuffle(&mut rand::rng());
    for (day, id, secret_hash, category, unit, happened, description, once) in &cases {
        sqlx::query(
            "INSERT INTO reports (id, secret_hash, category, unit_id, happened, status, received_on, next_seq, form_once) \
             VALUES ($1, $2, $3, $4, $5, 'new', $6, 1, $7)",
        )
        .bind(id)
        .bind(secret_hash)
        .bind(category)
        .bind(unit)
        .bind(happened)
        .bind(day)
        .bind(once)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO report_messages (report_id, seq, kind, body, written_on) \
             VALUES ($1, 0, 'reporter', $2, $3)",
        )
        .bind(id)
        .bind(description)
        .bind(day)
        .execute(&mut *tx)
        .await?;
    }
    // Cases in shuffled order; one case's messages in the order written.
    let mut threads: Vec<_> = messages.into_iter().collect();
    threads.shuffle(&mut rand::rng());
    for (case, mut thread) in threads {
        thread.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        for (day, _, body, once) in thread {
            // A case deleted meanwhile (retention) takes its messages with it.
            let seq: Option<i64> = sqlx::query_scalar(
                "UPDATE reports SET next_seq = next_seq + 1 WHERE id = $1 RETURNING next_seq - 1",
            )
            .bind(&case)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(seq) = seq else { continue };
            sqlx::query(
                "INSERT INTO report_messages (report_id, seq, kind, body, written_on, form_once) \
                 VALUES ($1, $2, 'reporter', $3, $4, $5)",
            )
            .bind(&case)
            .bind(seq)
            .bind(body)
            .bind(day)
            .bind(once)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sealed_arrival_has_one_length_and_opens_only_here() {
        let key = InboxKey::derive(&[3u8; 32]).expect("key");
        let short = Arrival::Message {
            case: "ABCD1234".into(),
            n: 1,
            body: "ok".into(),
            once: None,
        };
        // The longest message the form accepts, of the characters that
        // take the most room in JSON.
        let long = Arrival::Case {
            id: "ABCD1234".into(),
            secret_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            category: "sexual_harassment".into(),
            unit: Some("0123456789ABCDEFGHJKMNPQRS".into()),
            happened: Some("2026-12".into()),
            description: "\u{1}".repeat(super::super::MAX_CHARS),
            once: Some("A".repeat(22)),
        };
        let (a, b) = (
            seal(&key, &short).expect("seal"),
            seal(&key, &long).expect("seal"),
        );
        assert_eq!(a.len(), b.len(), "one length for every arrival");
        assert_eq!(open(&key, &a).expect("open"), short);
        assert_eq!(open(&key, &b).expect("open"), long);
        assert!(!a.contains("ABCD1234"));
        // Not an answer of a round, and not openable with another secret.
        assert!(key.open("some-round", &a).is_err());
        let other = InboxKey::derive(&[4u8; 32]).expect("key");
        assert!(matches!(open(&other, &a), Err(InboxError::Unreadable)));
    }
}
