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

/// Remembers, in one statement, the units a look shows per measure that no
/// earlier look had shown.
pub async fn remember(
    db: &Db,
    round: &str,
    now: &BTreeMap<String, BTreeSet<String>>,
    before: &BTreeMap<String, BTreeSet<String>>,
) -> Result<(), sqlx::Error> {
    let new: Vec<(&String, &String)> = now
        .iter()
        .flat_map(|(m, units)| units.iter().map(move |u| (m, u)))
        .filter(|(m, u)| !before.get(*m).is_some_and(|b| b.contains(*u)))
        .collect();
    // Bounded statements (SQLite's default limit is 32 766 parameters).
    for chunk in new.chunks(5_000) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("($1, ${}, ${})", 2 * i + 2, 2 * i + 3))
            .collect();
        let sql = format!(
            "INSERT INTO result_shown (round_id, measure, unit_id) VALUES {} ON CONFLICT DO NOTHING",
            values.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(round);
        for (m, u) in chunk {
            q = q.bind(*m).bind(*u);
        }
        q.execute(&db.pool).await?;
    }
    Ok(())
}
