//! What earlier looks at a round showed (A5 over time). The rule for one
//! look ([`suppress::publishable`](super::suppress::publishable)) may, as a
//! round fills, hide today a ward it showed yesterday and show its sibling
//! instead; yesterday's ward beside today's sibling and department would
//! then isolate the rest. So every unit a measure of a round has shown is
//! remembered here, and later looks are decided with
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
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (measure, unit) in rows {
        out.entry(measure).or_default().insert(unit);
    }
    Ok(out)
}

/// Remembers the units a look shows that no earlier look had shown.
pub async fn remember(
    db: &Db,
    round: &str,
    measure: &str,
    shown: &BTreeSet<String>,
    known: Option<&BTreeSet<String>>,
) -> Result<(), sqlx::Error> {
    for unit in shown
        .iter()
        .filter(|u| !known.is_some_and(|k| k.contains(*u)))
    {
        sqlx::query(
            "INSERT INTO result_shown (round_id, measure, unit_id) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(round)
        .bind(measure)
        .bind(unit)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}
