//! Code cards: anonymous invitations for people without e-mail or account,
//! printed on a sheet by an administrator (A9 — one person, one voice).
//!
//! A unit's invitations of every kind in a round — personal links made when
//! the round opened and the cards printed since — never outnumber the people
//! who were in it then (`round_units.headcount`). Without that limit, whoever
//! prints cards could answer *k − 1* of them and read one real colleague's
//! answer from the batch they share. The limit is taken by one conditional
//! `UPDATE` (two administrators printing at once cannot both take the last
//! places), and the database's CHECK refuses more whatever the code does.
//!
//! Every printing is recorded — round, unit, how many, by whom, when — and
//! shown on the round's page and to the committees whose scope covers the
//! unit: printing is the one way to add voices to a unit, so it is done in
//! the open. The codes themselves are kept only as hashes.

use super::{db::Db, ids};
use chrono::Utc;
use rand::seq::SliceRandom;
use sqlx::AssertSqlSafe;
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum CardsError {
    /// More cards than the unit has people without an invitation.
    #[error("only {left} more invitations fit the unit's headcount")]
    TooMany { left: i64 },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// One printing of cards, as the round's page and committees see it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Printing {
    pub round_id: String,
    pub round_name: String,
    pub unit_id: String,
    pub unit_name: String,
    /// Who printed them (None: the server's own tools, e.g. a benchmark).
    pub printed_by: Option<String>,
    pub printed_at: i64,
    pub cards: i64,
}

impl Printing {
    /// As pages show it: the day, not the time.
    pub fn into_view(self) -> crate::model::CardPrinting {
        crate::model::CardPrinting {
            round: self.round_name,
            unit: self.unit_name,
            by: self.printed_by,
            day: super::surveys::date(self.printed_at),
            cards: self.cards,
        }
    }
}

/// Makes `count` cards for `unit` in an open round and returns their codes in
/// random order, or refuses when they would outnumber the unit's people.
/// `by` is the administrator's account.
pub async fn print(
    db: &Db,
    round: &str,
    unit: &str,
    count: usize,
    by: Option<&str>,
) -> Result<Vec<String>, CardsError> {
    let n = i64::try_from(count).unwrap_or(i64::MAX);
    let mut tx = db.pool.begin().await?;
    // The write first: it takes the places (and, on SQLite, the write lock
    // before anything is read).
    let taken = sqlx::query(
        "UPDATE round_units SET invitations = invitations + $1 \
         WHERE round_id = $2 AND unit_id = $3 AND invitations + $1 <= headcount",
    )
    .bind(n)
    .bind(round)
    .bind(unit)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        tx.rollback().await?;
        let left = places_left(db, round, unit).await?;
        return Err(CardsError::TooMany { left });
    }
    let codes: Vec<String> = (0..count).map(|_| ids::invitation_code()).collect();
    for chunk in codes.chunks(500) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, $1, ${}, $2)", 3 + 2 * i, 4 + 2 * i))
            .collect();
        let sql = format!(
            "INSERT INTO invitations (id, round_id, code_hash, unit_id) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(round).bind(unit);
        for code in chunk {
            q = q.bind(ids::new_id()).bind(ids::sha256_hex(code));
        }
        q.execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO card_printings (id, round_id, unit_id, account_id, printed_at, cards) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ids::new_id())
    .bind(round)
    .bind(unit)
    .bind(by)
    .bind(Utc::now().timestamp())
    .bind(n)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // Random codes are already in random order; shuffling says so explicitly.
    let mut codes = codes;
    codes.shuffle(&mut rand::rng());
    Ok(codes)
}

/// How many more invitations fit a unit's headcount in a round (0 for a unit
/// the round does not know).
pub async fn places_left(db: &Db, round: &str, unit: &str) -> Result<i64, sqlx::Error> {
    let left: Option<i64> = sqlx::query_scalar(
        "SELECT headcount - invitations FROM round_units WHERE round_id = $1 AND unit_id = $2",
    )
    .bind(round)
    .bind(unit)
    .fetch_optional(&db.pool)
    .await?;
    Ok(left.unwrap_or(0).max(0))
}

/// Places left per unit of a round, for units that have any.
pub async fn places(db: &Db, round: &str) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT unit_id, headcount - invitations FROM round_units \
         WHERE round_id = $1 AND invitations < headcount",
    )
    .bind(round)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().collect())
}

const PRINTINGS: &str = "SELECT p.round_id, r.name AS round_name, p.unit_id, u.name AS unit_name, \
       a.name AS printed_by, p.printed_at, p.cards \
     FROM card_printings p JOIN rounds r ON r.id = p.round_id JOIN units u ON u.id = p.unit_id \
     LEFT JOIN accounts a ON a.id = p.account_id";

/// Every printing of a round, oldest first.
pub async fn printings_of_round(db: &Db, round: &str) -> Result<Vec<Printing>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{PRINTINGS} WHERE p.round_id = $1 ORDER BY p.printed_at, p.id"
    )))
    .bind(round)
    .fetch_all(&db.pool)
    .await
}

/// Every printing since `since` (unix seconds), newest first: the caller
/// keeps those in its scope.
pub async fn printings_since(db: &Db, since: i64) -> Result<Vec<Printing>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{PRINTINGS} WHERE p.printed_at >= $1 ORDER BY p.printed_at DESC, p.id"
    )))
    .bind(since)
    .fetch_all(&db.pool)
    .await
}
