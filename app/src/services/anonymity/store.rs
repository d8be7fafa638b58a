//! Submitting answers into the sealed inbox and moving them to permanent
//! storage in batches of at least k (see the module documentation).

use super::{filing, sealed::InboxKey};
use crate::services::{db::Db, ids};
use chrono::Utc;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// Unknown, used, or belonging to another round — deliberately one answer.
    #[error("the code cannot be used")]
    CodeNotUsable,
    #[error("the round is closed")]
    RoundClosed,
    #[error("sealing failed")]
    Seal,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What is inside a sealed inbox row.
#[derive(Serialize, Deserialize)]
struct Inside {
    /// Filing unit, or None when the unit's chain never reaches k.
    unit: Option<String>,
    answers: String,
}

/// Opens a round: fixes the filing unit of every unit from the invited
/// headcounts (`unit → number invited directly`). Returns the round id.
pub async fn open_round(
    db: &Db,
    name: &str,
    k: i64,
    invited: &HashMap<String, i64>,
) -> Result<String, sqlx::Error> {
    let parent: HashMap<String, Option<String>> = sqlx::query_as("SELECT id, parent_id FROM units")
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .collect();
    let filing = filing::filing_units(&parent, invited, k);
    let id = ids::new_id();
    let mut tx = db.pool.begin().await?;
    sqlx::query("INSERT INTO rounds (id, name, k, opened_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(name)
        .bind(k)
        .bind(Utc::now().timestamp())
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
    tx.commit().await?;
    Ok(id)
}

/// Creates an invitation (a personal link or a code card) and returns its code.
pub async fn invite(
    db: &Db,
    round: &str,
    unit: &str,
    person: Option<&str>,
) -> Result<String, sqlx::Error> {
    let code = ids::random_token(15);
    sqlx::query("INSERT INTO invitations (id, round_id, code_hash, unit_id, person_id) VALUES ($1, $2, $3, $4, $5)")
        .bind(ids::new_id())
        .bind(round)
        .bind(ids::sha256_hex(&code))
        .bind(unit)
        .bind(person)
        .execute(&db.pool)
        .await?;
    Ok(code)
}

/// Uses the code once and seals the answers into the inbox, in one transaction:
/// either both happen or neither. When this returns Ok the answer is durable.
pub async fn submit(
    db: &Db,
    key: &InboxKey,
    round: &str,
    code: &str,
    answers: &str,
) -> Result<(), SubmitError> {
    let mut tx = db.pool.begin().await?;
    let open: Option<Option<i64>> =
        sqlx::query_scalar("SELECT closed_at FROM rounds WHERE id = $1")
            .bind(round)
            .fetch_optional(&mut *tx)
            .await?;
    match open {
        None => return Err(SubmitError::CodeNotUsable),
        Some(Some(_)) => return Err(SubmitError::RoundClosed),
        Some(None) => {}
    }
    let unit: Option<String> = sqlx::query_scalar(
        "UPDATE invitations SET used = 1 WHERE code_hash = $1 AND round_id = $2 AND used = 0 RETURNING unit_id",
    )
    .bind(ids::sha256_hex(code))
    .bind(round)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(unit) = unit else {
        return Err(SubmitError::CodeNotUsable);
    };
    let filed: Option<Option<String>> = sqlx::query_scalar(
        "SELECT filing_unit_id FROM round_filing WHERE round_id = $1 AND unit_id = $2",
    )
    .bind(round)
    .bind(&unit)
    .fetch_optional(&mut *tx)
    .await?;
    let inside = Inside {
        unit: filed.flatten(),
        answers: answers.to_owned(),
    };
    let plain = serde_json::to_vec(&inside).map_err(|_| SubmitError::Seal)?;
    let sealed = key.seal(round, &plain).map_err(|_| SubmitError::Seal)?;
    sqlx::query("INSERT INTO answer_inbox (id, round_id, sealed) VALUES ($1, $2, $3)")
        .bind(ids::new_id())
        .bind(round)
        .bind(sealed)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
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
    let k: i64 = sqlx::query_scalar("SELECT k FROM rounds WHERE id = $1")
        .bind(round)
        .fetch_one(&db.pool)
        .await?;
    let k = k as usize;
    let rows = sqlx::query("SELECT id, sealed FROM answer_inbox WHERE round_id = $1")
        .bind(round)
        .fetch_all(&db.pool)
        .await?;
    let mut groups: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for r in rows {
        let id: String = r.try_get("id")?;
        let sealed: String = r.try_get("sealed")?;
        let Ok(plain) = key.open(round, &sealed) else {
            tracing::error!("an inbox answer cannot be opened with the current server secret");
            continue;
        };
        let Ok(inside) = serde_json::from_slice::<Inside>(&plain) else {
            continue;
        };
        // Answers whose chain never reaches k stay sealed for good.
        if let Some(unit) = inside.unit {
            groups.entry(unit).or_default().push((id, inside.answers));
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
    let mut moved = 0;
    for (unit, mut batch) in groups {
        if batch.len() < k {
            continue;
        }
        batch.shuffle(&mut rand::rng());
        moved += move_batch(db, round, &unit, &batch).await?;
    }
    Ok(moved)
}

/// Merges groups smaller than k into the group of their nearest ancestor,
/// deepest first, until every group reaches k or sits at the top.
fn merge_small_groups(
    groups: &mut HashMap<String, Vec<(String, String)>>,
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

/// One transaction: delete the sealed rows (all of them, or none — another
/// instance may have moved them already) and insert the answers in the given
/// (shuffled) order with fresh random ids.
async fn move_batch(
    db: &Db,
    round: &str,
    unit: &str,
    batch: &[(String, String)],
) -> Result<usize, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    for chunk in batch.chunks(500) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 1)).collect();
        let sql = format!("DELETE FROM answer_inbox WHERE id IN ({})", list.join(", "));
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (id, _) in chunk {
            q = q.bind(id);
        }
        if q.execute(&mut *tx).await?.rows_affected() != chunk.len() as u64 {
            tx.rollback().await?;
            return Ok(0);
        }
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, $1, $2, ${})", 3 + 2 * i, 4 + 2 * i))
            .collect();
        let sql = format!(
            "INSERT INTO answers (id, round_id, unit_id, payload) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(round).bind(unit);
        for (_, answers) in chunk {
            q = q.bind(ids::new_id()).bind(answers);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(batch.len())
}

/// Closes a round: no more answers are accepted, and the inbox is emptied as
/// far as the rule allows.
pub async fn close_round(db: &Db, key: &InboxKey, round: &str) -> Result<usize, sqlx::Error> {
    sqlx::query("UPDATE rounds SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(Utc::now().timestamp())
        .bind(round)
        .execute(&db.pool)
        .await?;
    move_ready(db, key, round, true).await
}
