//! A round's frozen tree (A5 across reorganisations): the units it asked,
//! each with its parent on the day it opened (`round_units`, written once by
//! [`store::open_round`](super::store::open_round)). Every figure, count and
//! comment of a round is decided on this tree, whatever happens to the
//! organisation later — otherwise the views before and after a move would
//! subtract to a smaller group. This is the one reader of that record.
//!
//! A round's units and parents never change once it has opened, so they are
//! kept in memory after the first read (bounded; read again when forgotten).

use crate::services::db::Db;
use sqlx::{Any, Executor};
use std::{
    collections::{BTreeMap, BTreeSet},
    sync::{Arc, Mutex, OnceLock},
};

/// Unit → parent.
pub type Parents = BTreeMap<String, Option<String>>;

/// The kept (unit, parent) pairs of a round; empty for a round older than
/// the record, which then counts as asking every unit on today's tree.
pub type Kept = Arc<Vec<(String, Option<String>)>>;

fn memory() -> &'static Mutex<BTreeMap<String, Kept>> {
    static MAP: OnceLock<Mutex<BTreeMap<String, Kept>>> = OnceLock::new();
    MAP.get_or_init(Default::default)
}

/// The round's kept units and parents, through any executor (a pool, or the
/// transaction of a batch being published).
pub async fn kept<'e, E>(e: E, round: &str) -> Result<Kept, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    if let Some(k) = memory().lock().ok().and_then(|m| m.get(round).cloned()) {
        return Ok(k);
    }
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT unit_id, parent_id FROM round_units WHERE round_id = $1")
            .bind(round)
            .fetch_all(e)
            .await?;
    let rows = Arc::new(rows);
    // A round not yet opened has none; only a non-empty record is final.
    if !rows.is_empty() {
        if let Ok(mut m) = memory().lock() {
            if m.len() >= 512 {
                m.clear();
            }
            m.insert(round.to_owned(), rows.clone());
        }
    }
    Ok(rows)
}

/// The tree a round is judged on: its kept parents laid over today's tree
/// (units created since hold none of its answers).
pub async fn parents(db: &Db, round: &str, today: &Parents) -> Result<Parents, sqlx::Error> {
    let kept = kept(&db.pool, round).await?;
    let mut parent = today.clone();
    for (unit, up) in kept.iter() {
        parent.insert(unit.clone(), up.clone());
    }
    Ok(parent)
}

/// The units the round asked; empty when it kept none (then every unit).
pub async fn asked(db: &Db, round: &str) -> Result<BTreeSet<String>, sqlx::Error> {
    Ok(kept(&db.pool, round)
        .await?
        .iter()
        .map(|(u, _)| u.clone())
        .collect())
}
