//! Submitting answers into the sealed inbox and moving them to permanent
//! storage in batches of at least k (see the module documentation).

use super::{filing, publish, sealed::InboxKey, tally};
use crate::{
    services::{
        db::{
            Backend, Db,
            Value::{self, Text},
        },
        ids,
    },
    survey::types::Bank,
};
use chrono::Utc;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use std::collections::HashMap;

/// What is inside a sealed inbox row.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Inside {
    /// Filing unit, or None when the unit's chain never reaches k.
    pub unit: Option<String>,
    pub answers: String,
}

/// Every sealed row's plaintext is exactly this many bytes, whatever the
/// answer holds, so every sealed row in the inbox has the same length (A2):
/// a row's size cannot be matched with the size of a stored answer after its
/// batch moves. The content is compressed (raw deflate) before it is padded:
/// that is what lets the fixed size stay small — one 4 KiB database page per
/// row once sealed and base64-encoded, which the answer writer's throughput
/// depends on — while 2 000 characters of comment in any alphabet real
/// people write still fit. (An uncompressed pad to the longest possible
/// answer, 10 KiB, halved the writer's throughput on SQLite.) Compression
/// leaks nothing here: every row is padded to the same size after it.
pub const SEALED_PLAINTEXT_BYTES: usize = 2944;

/// The most bytes of stored answer JSON the answering form may produce
/// (2 000 comment characters of up to 4 bytes and every item of a round);
/// what is longer is refused before it is compressed.
pub const MAX_ANSWER_BYTES: usize = 16 * 1024;

/// Room for the unit id beside the compressed answers (ids are 22
/// characters) and the 2-byte length.
const UNIT_ROOM: usize = 64;

/// Raw deflate at the default level, with one compressor per thread, reset
/// between answers. A new compressor allocates and zeroes about 256 KiB of
/// tables for an answer of a few hundred bytes: perf showed that set-up, not
/// the compression, as most of the answer post's own CPU (`memset` under
/// `DeflateEncoder::new`, 12 % of the server's samples at 500 connections).
/// Resetting gives the same output as a fresh compressor.
fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    use std::cell::RefCell;
    thread_local! {
        static COMPRESSOR: RefCell<Compress> =
            RefCell::new(Compress::new(Compression::default(), false));
    }
    COMPRESSOR.with(|c| {
        let mut c = c.try_borrow_mut().ok()?;
        c.reset();
        // Deflate's worst case is a few bytes per 16 KiB block over the input.
        let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 1000 + 64);
        match c.compress_vec(bytes, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => Some(out),
            _ => None,
        }
    })
}

/// An answer compressed for its sealed row. Compressed before its filing
/// unit is known — in the request that submits it, on any core — so the one
/// writer task, which holds the database's write lock, only pads, seals and
/// inserts (compressing there, twice per answer, had halved its throughput).
#[derive(Clone, Debug)]
pub struct Packed(Vec<u8>);

/// Compresses an answer for a sealed row; None when it does not fit. The
/// answering form's check packs each answer once, asks for a shorter comment
/// when it does not fit, and hands the packed answer to the writer, so an
/// answer that does not fit never reaches its invitation's claim.
pub fn pack(answers: &str) -> Option<Packed> {
    if answers.len() > MAX_ANSWER_BYTES {
        return None;
    }
    let d = if answers.len() <= STORED_UP_TO {
        stored(answers.as_bytes())
    } else {
        deflate(answers.as_bytes())?
    };
    (d.len() + UNIT_ROOM <= SEALED_PLAINTEXT_BYTES).then_some(Packed(d))
}

/// Answers up to this many bytes of JSON (every answer without a long
/// comment) are not compressed: they fit the fixed-size row as they are,
/// and compressing a few hundred bytes cost more than the rest of the
/// answer post's own work (perf: 7.6 % of the server's samples, half of it
/// zeroing the compressor's tables on reset).
const STORED_UP_TO: usize = 1024;

/// `bytes` as one raw-deflate "stored" block (RFC 1951, 3.2.4: BFINAL = 1,
/// BTYPE = 00, then LEN and its one's complement, little-endian), which the
/// same inflater reads; `bytes` must be shorter than 64 KiB.
fn stored(bytes: &[u8]) -> Vec<u8> {
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    let mut out = Vec::with_capacity(bytes.len() + 5);
    out.push(0x01);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(&bytes[..usize::from(len)]);
    out
}

/// Whether an answer fits in a sealed row.
#[cfg(test)]
fn fits(answers: &str) -> bool {
    pack(answers).is_some()
}

/// The first byte of the layout with the unit beside the compressed answers
/// (the earlier layout starts with a length below 0x0C).
const LAYOUT_UNIT_APART: u8 = 0xFE;

/// `[0xFE][unit length][unit id][length, 2 bytes big-endian]
/// [deflate(answers)][zeros]`, exactly [`SEALED_PLAINTEXT_BYTES`] long; None
/// if it does not fit.
pub(super) fn padded(unit: Option<&str>, packed: &Packed) -> Option<Vec<u8>> {
    let unit = unit.unwrap_or("");
    if unit.len() + 4 > UNIT_ROOM {
        return None;
    }
    let mut out = Vec::with_capacity(SEALED_PLAINTEXT_BYTES);
    out.push(LAYOUT_UNIT_APART);
    out.push(u8::try_from(unit.len()).ok()?);
    out.extend_from_slice(unit.as_bytes());
    out.extend_from_slice(&u16::try_from(packed.0.len()).ok()?.to_be_bytes());
    out.extend_from_slice(&packed.0);
    if out.len() > SEALED_PLAINTEXT_BYTES {
        return None;
    }
    out.resize(SEALED_PLAINTEXT_BYTES, 0);
    Some(out)
}

/// Inflates at most what an answer can be, whatever the row says.
fn inflate(packed: &[u8]) -> Option<String> {
    use std::io::Read;
    let mut content = String::new();
    flate2::read::DeflateDecoder::new(packed)
        .take((MAX_ANSWER_BYTES + UNIT_ROOM) as u64)
        .read_to_string(&mut content)
        .ok()?;
    Some(content)
}

impl Inside {
    /// The padded plaintext of this answer and unit.
    #[cfg(test)]
    pub(super) fn padded(&self) -> Option<Vec<u8>> {
        padded(self.unit.as_deref(), &pack(&self.answers)?)
    }

    /// Reads a padded plaintext — with the unit apart, or in the earlier
    /// layout (`[length][deflate(unit \n answers)][zeros]`) — or a row sealed
    /// before padding existed (JSON).
    pub(super) fn from_plain(plain: &[u8]) -> Option<Inside> {
        if plain.len() != SEALED_PLAINTEXT_BYTES {
            return serde_json::from_slice(plain).ok();
        }
        if plain[0] == LAYOUT_UNIT_APART {
            let unit_len = usize::from(plain[1]);
            let unit = std::str::from_utf8(plain.get(2..2 + unit_len)?).ok()?;
            let at = 2 + unit_len;
            let len = usize::from(u16::from_be_bytes([*plain.get(at)?, *plain.get(at + 1)?]));
            let answers = inflate(plain.get(at + 2..at + 2 + len)?)?;
            return Some(Inside {
                unit: (!unit.is_empty()).then(|| unit.to_owned()),
                answers,
            });
        }
        let len = usize::from(u16::from_be_bytes([plain[0], plain[1]]));
        let content = inflate(plain.get(2..2 + len)?)?;
        let (unit, answers) = content.split_once('\n')?;
        Some(Inside {
            unit: (!unit.is_empty()).then(|| unit.to_owned()),
            answers: answers.to_owned(),
        })
    }
}

/// What a new round asks, of whom, until when.
#[derive(Clone, Debug)]
pub struct RoundSpec {
    pub name: String,
    pub k: i64,
    pub survey: Option<String>,
    /// Item ids, in the order asked.
    pub items: Vec<String>,
    pub closes_at: Option<i64>,
}

/// Opens a round: fixes the filing unit of every unit from the headcounts
/// (`unit → number of people directly in it`) and keeps the round's tree with
/// them. Returns the round id.
pub async fn open_round(
    db: &Db,
    spec: &RoundSpec,
    invited: &HashMap<String, i64>,
) -> Result<String, sqlx::Error> {
    let parent: HashMap<String, Option<String>> = sqlx::query_as("SELECT id, parent_id FROM units")
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .collect();
    let filing = filing::filing_units(&parent, invited, spec.k);
    let id = ids::new_id();
    let items = serde_json::to_string(&spec.items).unwrap_or_else(|_| "[]".into());
    let mut tx = db.begin_write().await?;
    // The round keeps today's thresholds for comments and the sensitive
    // theme beside its own k, whatever an administrator sets later.
    let th = super::thresholds::read_with(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO rounds (id, name, k, opened_at, survey_id, items, closes_at, k_comment, k_sensitive) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&spec.name)
    .bind(spec.k)
    .bind(Utc::now().timestamp())
    .bind(&spec.survey)
    .bind(items)
    .bind(spec.closes_at)
    .bind(th.k_comment.max(spec.k))
    .bind(th.k_sensitive.max(spec.k))
    .execute(&mut *tx)
    .await?;
    for (unit, to) in filing {
        sqlx::query(
            "INSERT INTO round_filing (round_id, unit_id, filing_unit_id) VALUES ($1, $2, $3)",
        )
        .bind(&id)
        .bind(unit)
        .bind(to)
        .execute(&mut *tx)
        .await?;
    }
    // The round's tree as it is now, with each unit's headcount: what code
    // cards are limited by (services::cards).
    let units: Vec<(&String, &Option<String>)> = parent.iter().collect();
    for chunk in units.chunks(500) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("($1, ${}, ${}, ${}, 0)", 2 + 3 * i, 3 + 3 * i, 4 + 3 * i))
            .collect();
        let sql = format!(
            "INSERT INTO round_units (round_id, unit_id, parent_id, headcount, invitations) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(&id);
        for (unit, up) in chunk {
            q = q
                .bind(*unit)
                .bind(*up)
                .bind(invited.get(*unit).copied().unwrap_or(0));
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Moves every round's ready batches: open rounds' groups that reached
/// *k*, and whatever reached the inbox of a closed round after it closed (a
/// batch committed while it was closing). Returns the answers moved.
pub async fn move_pending(db: &Db, key: &InboxKey) -> Result<usize, sqlx::Error> {
    let pending: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT DISTINCT r.id, r.closed_at FROM rounds r JOIN answer_inbox i ON i.round_id = r.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut moved = 0;
    for (round, closed) in pending {
        moved += move_ready(db, key, &round, closed.is_some()).await?;
    }
    Ok(moved)
}

/// Moves every (round, filing unit) group of at least k pending answers to
/// permanent storage, one shuffled batch per group. With `closing`, smaller
/// groups are first merged into their ancestors' groups. Returns the number
/// of answers moved.
pub async fn move_ready(
    db: &Db,
    key: &InboxKey,
    round: &str,
    closing: bool,
) -> Result<usize, sqlx::Error> {
    move_ready_in_pages(db, key, round, closing, INBOX_PAGE).await
}

/// [`move_ready`], reading the inbox `page` rows at a time (the tests read
/// a few at a time, so that a small inbox spans many pages).
pub async fn move_ready_in_pages(
    db: &Db,
    key: &InboxKey,
    round: &str,
    closing: bool,
    page: i64,
) -> Result<usize, sqlx::Error> {
    let k: i64 = sqlx::query_scalar("SELECT k FROM rounds WHERE id = $1")
        .bind(round)
        .fetch_one(&db.pool)
        .await?;
    let k = k as usize;
    let mut groups: HashMap<String, Vec<(String, String)>> = HashMap::new();
    // The inbox is read a page at a time (a whole round's opening is 30 000
    // sealed rows of 4 KB), and each page is opened on a blocking thread:
    // unsealing and inflating thousands of rows on the async runtime held
    // one of its threads for long stretches, and the pages and answers it
    // should have served waited. Rows that arrive meanwhile wait for the
    // next run.
    let mut after = String::new();
    loop {
        let rows = sqlx::query(
            "SELECT id, sealed FROM answer_inbox WHERE round_id = $1 AND id > $2 \
             ORDER BY id LIMIT $3",
        )
        .bind(round)
        .bind(&after)
        .bind(page)
        .fetch_all(&db.pool)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("id")?;
        let sealed: Vec<(String, String)> = rows
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("sealed")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        let (key, sealed_for) = (key.clone(), round.to_owned());
        let opened = tokio::task::spawn_blocking(move || open_page(&key, &sealed_for, sealed))
            .await
            .map_err(|e| sqlx::Error::Protocol(format!("opening inbox rows: {e}")))?;
        for (id, unit, answers) in opened {
            groups.entry(unit).or_default().push((id, answers));
        }
    }
    if closing {
        let parent: HashMap<String, Option<String>> =
            sqlx::query_as("SELECT id, parent_id FROM units")
                .fetch_all(&db.pool)
                .await?
                .into_iter()
                .collect();
        merge_small_groups(&mut groups, &parent, k);
    }
    let ready: Vec<(String, Vec<(String, String)>)> =
        groups.into_iter().filter(|(_, b)| b.len() >= k).collect();
    if ready.is_empty() {
        return Ok(0);
    }
    let bank = crate::services::questions::bank_with_custom(db, true).await?;
    let mut moved = 0;
    let mut chunk: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut in_chunk = 0;
    for (unit, mut batch) in ready {
        batch.shuffle(&mut rand::rng());
        in_chunk += batch.len();
        chunk.push((unit, batch));
        if in_chunk >= ANSWERS_PER_MOVE {
            moved += move_batches(db, &bank, round, &chunk).await?;
            chunk.clear();
            in_chunk = 0;
        }
    }
    if !chunk.is_empty() {
        moved += move_batches(db, &bank, round, &chunk).await?;
    }
    Ok(moved)
}

/// About how many answers one of the mover's transactions takes, in whole
/// batches. A transaction per batch had meant a commit (an fsync) and a
/// turn at the write lock per filing unit: a round's opening in an
/// organisation of 30 000 is about 1 200 batches, and moving them one by one
/// took longer than taking the answers had (`bench-answers`). A bound, so
/// that the answer writer, which waits for the same lock, never waits long.
const ANSWERS_PER_MOVE: usize = 2000;

/// Several units' batches in one transaction; each batch stays whole and
/// apart (its own shuffled rows, its own step of the aggregates, A6). When
/// another instance has moved some of these rows meanwhile, nothing of the
/// transaction is kept and each batch is tried on its own.
async fn move_batches(
    db: &Db,
    bank: &Bank,
    round: &str,
    batches: &[(String, Vec<(String, String)>)],
) -> Result<usize, sqlx::Error> {
    if let Some(moved) = move_together(db, bank, round, batches).await? {
        return Ok(moved);
    }
    let mut moved = 0;
    if batches.len() > 1 {
        for batch in batches {
            let alone = std::slice::from_ref(batch);
            moved += move_together(db, bank, round, alone).await?.unwrap_or(0);
        }
    }
    Ok(moved)
}

/// One transaction: delete the batches' sealed rows (all of them, or none —
/// another instance may have moved some already: then None) and store each
/// batch's answers in its given (shuffled) order.
async fn move_together(
    db: &Db,
    bank: &Bank,
    round: &str,
    batches: &[(String, Vec<(String, String)>)],
) -> Result<Option<usize>, sqlx::Error> {
    let _turn = db.write_turn().await;
    let mut tx = db.begin_write().await?;
    let sealed: Vec<Value> = batches
        .iter()
        .flat_map(|(_, batch)| batch.iter().map(|(id, _)| Text(id)))
        .collect();
    // A one-column list: `(?, ?, …)` is a single row of as many values.
    let mut claimed = 0;
    for chunk in sealed.chunks(INBOX_PAGE as usize) {
        claimed += db
            .backend
            .execute_rows(&mut tx, chunk.len(), chunk, |ids| {
                format!("DELETE FROM answer_inbox WHERE id IN {ids}")
            })
            .await?;
    }
    if claimed != sealed.len() as u64 {
        tx.rollback().await?;
        return Ok(None);
    }
    let batches: Vec<(&str, Vec<&str>)> = batches
        .iter()
        .map(|(unit, batch)| {
            let answers = batch.iter().map(|(_, a)| a.as_str()).collect();
            (unit.as_str(), answers)
        })
        .collect();
    store_batches(&mut tx, db.backend, bank, round, &batches).await?;
    tx.commit().await?;
    Ok(Some(sealed.len()))
}

/// Inbox rows read and opened at a time by the mover.
const INBOX_PAGE: i64 = 2000;

/// Opens a page of sealed inbox rows: (id, filing unit, answers) for each
/// that has a filing unit. Answers whose chain never reaches k stay sealed
/// for good.
fn open_page(
    key: &InboxKey,
    round: &str,
    page: Vec<(String, String)>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::with_capacity(page.len());
    for (id, sealed) in page {
        let Ok(plain) = key.open(round, &sealed) else {
            tracing::error!("an inbox answer cannot be opened with the current server secret");
            continue;
        };
        let Some(inside) = Inside::from_plain(&plain) else {
            continue;
        };
        if let Some(unit) = inside.unit {
            out.push((id, unit, inside.answers));
        }
    }
    out
}

/// Merges groups smaller than k into the group of their nearest ancestor,
/// deepest first, until every group reaches k or sits at the top.
pub fn merge_small_groups<T>(
    groups: &mut HashMap<String, Vec<T>>,
    parent: &HashMap<String, Option<String>>,
    k: usize,
) {
    let depth = |u: &str| {
        let mut d = 0;
        let mut cur = parent.get(u).cloned().flatten();
        while let Some(p) = cur {
            d += 1;
            if d > parent.len() {
                break;
            }
            cur = parent.get(&p).cloned().flatten();
        }
        d
    };
    loop {
        let mut small: Vec<String> = groups
            .iter()
            .filter(|(u, g)| g.len() < k && parent.get(*u).cloned().flatten().is_some())
            .map(|(u, _)| u.clone())
            .collect();
        if small.is_empty() {
            return;
        }
        small.sort_by_key(|u| std::cmp::Reverse(depth(u)));
        let unit = &small[0];
        let Some(up) = parent.get(unit).cloned().flatten() else {
            return;
        };
        let members = groups.remove(unit).unwrap_or_default();
        groups.entry(up).or_default().extend(members);
    }
}

/// Inserts batches' answers with fresh random ids, each batch in its given
/// order, and adds their sums to the result aggregates in the same
/// transaction — which therefore change only in steps of whole batches (of
/// at least k each; A6). One batch per unit.
async fn store_batches(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    bank: &Bank,
    round: &str,
    batches: &[(&str, Vec<&str>)],
) -> Result<(), sqlx::Error> {
    let ids: Vec<String> = batches
        .iter()
        .flat_map(|(_, answers)| answers.iter().map(|_| ids::new_id()))
        .collect();
    let mut rows = Vec::with_capacity(ids.len() * 4);
    let answers = batches
        .iter()
        .flat_map(|(unit, answers)| answers.iter().map(move |a| (*unit, *a)));
    for (id, (unit, answer)) in ids.iter().zip(answers) {
        rows.extend([Text(id), Text(round), Text(unit), Text(answer)]);
    }
    backend
        .execute_rows(tx, 4, &rows, |rows| {
            format!("INSERT INTO answers (id, round_id, unit_id, payload) VALUES {rows}")
        })
        .await?;
    let tallies: Vec<(&str, tally::Tally)> = batches
        .iter()
        .map(|(unit, answers)| (*unit, tally::tally(bank, answers)))
        .collect();
    tally::add(tx, backend, round, &tallies).await?;
    let units: Vec<&str> = batches.iter().map(|(unit, _)| *unit).collect();
    publish::advance(tx, backend, bank, round, &units).await
}

/// Closes a round: no more answers are accepted, and the inbox is emptied as
/// far as the rule allows.
pub async fn close_round(db: &Db, key: &InboxKey, round: &str) -> Result<usize, sqlx::Error> {
    sqlx::query("UPDATE rounds SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(Utc::now().timestamp())
        .bind(round)
        .execute(&db.pool)
        .await?;
    let moved = move_ready(db, key, round, true).await?;
    let bank = crate::services::questions::bank_with_custom(db, true).await?;
    publish::publish_remainders(db, &bank, round).await?;
    Ok(moved)
}

/// Opens every sealed answer of a round still in the inbox (for the crash
/// test, which checks that nothing acknowledged was lost). The answers only.
pub async fn open_inbox(db: &Db, key: &InboxKey, round: &str) -> Result<Vec<String>, sqlx::Error> {
    Ok(opened_inbox(db, key, round)
        .await?
        .into_iter()
        .map(|inside| inside.answers)
        .collect())
}

/// Every sealed row of a round still in the inbox, opened (in one read: for
/// the benchmark and the crash test, not the mover, which reads by pages).
async fn opened_inbox(db: &Db, key: &InboxKey, round: &str) -> Result<Vec<Inside>, sqlx::Error> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT sealed FROM answer_inbox WHERE round_id = $1")
            .bind(round)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .iter()
        .filter_map(|s| key.open(round, s).ok())
        .filter_map(|plain| Inside::from_plain(&plain))
        .collect())
}

/// How many sealed answers of a round wait in the inbox per filing unit
/// (for the answer benchmark, which checks that what stays after a load is
/// only groups still short of k).
pub async fn inbox_groups(
    db: &Db,
    key: &InboxKey,
    round: &str,
) -> Result<HashMap<Option<String>, usize>, sqlx::Error> {
    let mut groups = HashMap::new();
    for inside in opened_inbox(db, key, round).await? {
        *groups.entry(inside.unit).or_default() += 1;
    }
    Ok(groups)
}

/// Files synthetic groups of answers for a round (the demo's past rounds and
/// the results benchmark): each group of at least k goes the way a real batch
/// goes (answers and aggregates together), all in one transaction.
pub async fn file_synthetic_batches(
    db: &Db,
    round: &str,
    groups: &[(String, Vec<String>)],
    k: usize,
) -> Result<(), sqlx::Error> {
    if groups.iter().any(|(_, a)| a.len() < k) {
        return Err(sqlx::Error::Protocol(
            "a batch must hold at least k answers".into(),
        ));
    }
    let bank = crate::services::questions::bank_with_custom(db, false).await?;
    // One batch per unit: groups of the same unit are filed together.
    let mut batches: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (unit, answers) in groups {
        let i = *at.entry(unit).or_insert_with(|| {
            batches.push((unit, Vec::new()));
            batches.len() - 1
        });
        batches[i].1.extend(answers.iter().map(String::as_str));
    }
    let mut tx = db.begin_write().await?;
    store_batches(&mut tx, db.backend, &bank, round, &batches).await?;
    tx.commit().await?;
    // A past round (closed already) gets its remainders published at once.
    publish::publish_remainders(db, &bank, round).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(comment: &str, items: usize) -> String {
        let a: serde_json::Map<String, serde_json::Value> = (0..items)
            .map(|i| (format!("xx-{i}"), serde_json::Value::from("dk")))
            .collect();
        serde_json::json!({ "a": a, "c": comment }).to_string()
    }

    #[test]
    fn every_padded_plaintext_has_the_same_length_and_reads_back() {
        let short = Inside {
            unit: Some(crate::services::ids::new_id()),
            answers: r#"{"a":{"wb-1":3}}"#.into(),
        };
        let unfiled = Inside {
            unit: None,
            answers: answers("ok", 3),
        };
        for inside in [short, unfiled] {
            let plain = inside.padded().expect("fits");
            assert_eq!(plain.len(), SEALED_PLAINTEXT_BYTES);
            assert_eq!(Inside::from_plain(&plain), Some(inside));
        }
    }

    #[test]
    fn a_long_comment_in_any_alphabet_people_write_fits_in_a_sealed_row() {
        let n = crate::model::MAX_COMMENT_CHARS;
        let danish = "Vi har for travlt på afdelingen, og det går ud over patienterne. "
            .chars()
            .cycle()
            .take(n)
            .collect::<String>();
        let arabic = "نحن مشغولون جدا في القسم وهذا يؤثر على المرضى "
            .chars()
            .cycle()
            .take(n)
            .collect::<String>();
        let emoji = "😀".repeat(n);
        for comment in [danish, arabic, emoji] {
            let inside = Inside {
                unit: Some(crate::services::ids::new_id()),
                answers: answers(&comment, 80),
            };
            assert!(fits(&inside.answers), "{} bytes", inside.answers.len());
            let plain = inside.padded().expect("fits");
            assert_eq!(plain.len(), SEALED_PLAINTEXT_BYTES);
            assert_eq!(Inside::from_plain(&plain), Some(inside));
        }
    }

    #[test]
    fn the_reused_compressor_starts_afresh_for_each_answer() {
        let short = r#"{"a":{"wb-1":3}}"#;
        let first = deflate(short.as_bytes()).expect("deflate");
        // A long answer in between leaves nothing behind in the compressor.
        let long = format!(r#"{{"a":{{}},"c":"{}"}}"#, "lang kommentar ".repeat(100));
        let middle = deflate(long.as_bytes()).expect("deflate");
        assert_eq!(inflate(&middle).as_deref(), Some(long.as_str()));
        assert_eq!(deflate(short.as_bytes()).expect("deflate"), first);
        // And it is what a fresh compressor writes.
        use std::io::Write;
        let mut fresh =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        fresh.write_all(short.as_bytes()).expect("write");
        assert_eq!(fresh.finish().expect("finish"), first);
    }

    #[test]
    fn a_short_answer_is_stored_as_deflate_reads_it() {
        let short = r#"{"a":{"wb-1":3,"ps-1":"dk"},"c":"Fint"}"#;
        let packed = pack(short).expect("fits");
        assert_eq!(packed.0.len(), short.len() + 5, "stored, not compressed");
        assert_eq!(inflate(&packed.0).as_deref(), Some(short));
        let unit = crate::services::ids::new_id();
        let plain = padded(Some(&unit), &packed).expect("fits");
        assert_eq!(plain.len(), SEALED_PLAINTEXT_BYTES);
        assert_eq!(
            Inside::from_plain(&plain),
            Some(Inside {
                unit: Some(unit),
                answers: short.into()
            })
        );
        // Longer answers are still compressed.
        let long = answers(&"travlt ".repeat(300), 8);
        assert!(pack(&long).expect("fits").0.len() < long.len() / 2);
    }

    #[test]
    fn what_does_not_fit_is_refused_not_cut() {
        // Incompressible text longer than a row holds.
        let noise: String = (0..4000u32)
            .map(|i| {
                char::from_u32(0x4E00 + (i.wrapping_mul(2_654_435_761) % 20_000)).unwrap_or('x')
            })
            .collect();
        let inside = Inside {
            unit: None,
            answers: answers(&noise, 3),
        };
        assert!(!fits(&inside.answers));
        assert_eq!(inside.padded(), None);
        assert!(!fits(&"x".repeat(MAX_ANSWER_BYTES + 1)));
    }

    #[test]
    fn a_row_in_the_earlier_padded_layout_still_opens() {
        // [length][deflate("unit\nanswers")][zeros], as sealed before the
        // unit was kept apart.
        let packed = deflate(b"u1\n{\"a\":{}}").expect("deflate");
        let mut plain = (packed.len() as u16).to_be_bytes().to_vec();
        plain.extend_from_slice(&packed);
        plain.resize(SEALED_PLAINTEXT_BYTES, 0);
        assert_eq!(
            Inside::from_plain(&plain),
            Some(Inside {
                unit: Some("u1".into()),
                answers: r#"{"a":{}}"#.into()
            })
        );
    }

    #[test]
    fn a_row_sealed_before_padding_still_opens() {
        let legacy = br#"{"unit":"u1","answers":"{\"a\":{}}"}"#;
        assert_eq!(
            Inside::from_plain(legacy),
            Some(Inside {
                unit: Some("u1".into()),
                answers: r#"{"a":{}}"#.into()
            })
        );
    }
}
