//! What earlier looks showed (A5 over time): at a round, per measure, and at
//! a quarter's sickness absence. The rule for one look
//! ([`suppress::publishable`](super::suppress::publishable)) may, as a round
//! fills or a quarter's entries are saved one by one, hide today a ward it
//! showed yesterday and show its sibling instead; yesterday's ward beside
//! today's sibling and department would then isolate the rest. So every unit
//! a look has shown is remembered here, and later looks are decided with
//! [`suppress::publishable_after`](super::suppress::publishable_after),
//! which keeps them. Rows are only added; several instances agree because
//! the decision depends only on the counts and on these rows.

use crate::services::db::Db;
use std::collections::{BTreeMap, BTreeSet};

/// The measure name of a round's comments (themes go by their ids).
pub const COMMENTS: &str = "comments";

/// Measure → units shown at any earlier look at the round.
pub async fn before(
    db: &Db,
    round: &str,
) -> Result<BTreeMap<String, BTreeSet<String>>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT measure, unit_id FROM result_shown WHERE round_id = $1")
            .bind(round)
            .fetch_all(&db.pool)
            .await?;
    Ok(grouped(rows))
}

/// Remembers, in one statement, the units a look shows per measure that no
/// earlier look had shown.
pub async fn remember(
    db: &Db,
    round: &str,
    now: &BTreeMap<String, BTreeSet<String>>,
    before: &BTreeMap<String, BTreeSet<String>>,
) -> Result<(), sqlx::Error> {
    add(
        db,
        "result_shown (round_id, measure, unit_id)",
        Some(round),
        &new_pairs(now, before),
    )
    .await
}

/// Quarter → units of its sickness absence shown at any earlier look.
pub async fn absence_before(db: &Db) -> Result<BTreeMap<String, BTreeSet<String>>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT period, unit_id FROM absence_shown")
        .fetch_all(&db.pool)
        .await?;
    Ok(grouped(rows))
}

fn grouped(rows: Vec<(String, String)>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, unit) in rows {
        out.entry(key).or_default().insert(unit);
    }
    out
}

/// Remembers the units of each quarter's sickness absence a look shows that
/// no earlier look had shown.
pub async fn absence_remember(
    db: &Db,
    now: &BTreeMap<String, BTreeSet<String>>,
    before: &BTreeMap<String, BTreeSet<String>>,
) -> Result<(), sqlx::Error> {
    add(
        db,
        "absence_shown (period, unit_id)",
        None,
        &new_pairs(now, before),
    )
    .await
}

/// The (key, unit) pairs of `now` that `before` does not hold.
fn new_pairs<'a>(
    now: &'a BTreeMap<String, BTreeSet<String>>,
    before: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<(&'a str, &'a str)> {
    now.iter()
        .flat_map(|(m, units)| units.iter().map(move |u| (m.as_str(), u.as_str())))
        .filter(|(m, u)| !before.get(*m).is_some_and(|b| b.contains(*u)))
        .collect()
}

/// Inserts pairs into `into` (a table and its columns: the `lead` value's
/// column first when there is one), in bounded statements — SQLite's
/// default limit is 32 766 parameters.
async fn add(
    db: &Db,
    into: &'static str,
    lead: Option<&str>,
    pairs: &[(&str, &str)],
) -> Result<(), sqlx::Error> {
    let first = usize::from(lead.is_some()) + 1;
    for chunk in pairs.chunks(5_000) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let (a, b) = (first + 2 * i, first + 2 * i + 1);
                match lead {
                    Some(_) => format!("($1, ${a}, ${b})"),
                    None => format!("(${a}, ${b})"),
                }
            })
            .collect();
        let sql = format!(
            "INSERT INTO {into} VALUES {} ON CONFLICT DO NOTHING",
            values.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(lead) = lead {
            q = q.bind(lead.to_owned());
        }
        for (m, u) in chunk {
            q = q.bind(m.to_string()).bind(u.to_string());
        }
        q.execute(&db.pool).await?;
    }
    Ok(())
}
