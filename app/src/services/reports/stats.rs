//! Report statistics for committees: the number of reports per category,
//! unit and quarter — each (category, quarter) run through the same
//! suppression as survey figures (`results::suppress`) with the sensitive
//! threshold, so a count is shown only when it and every difference with the
//! other shown counts stand for at least that many reports. A count below
//! the threshold, zero included, is shown as "fewer than k".
//!
//! Counts of different categories or quarters are counts of disjoint sets of
//! reports, so comparing them reveals nothing more; a total over all
//! categories is deliberately not offered, because a total minus the shown
//! categories would give the hidden ones.

use super::day;
use crate::{
    model::{Hidden, ReportCategory, ReportStats, ReportStatsRow},
    services::{db::Db, results::suppress, scope, units},
};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::BTreeMap;

/// "2026-Q3"
fn quarter(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), (d.month0() / 3) + 1)
}

/// The first day of the oldest of the four quarters shown.
fn oldest_start(today: NaiveDate) -> NaiveDate {
    let this =
        NaiveDate::from_ymd_opt(today.year(), (today.month0() / 3) * 3 + 1, 1).unwrap_or(today);
    this.checked_sub_months(Months::new(9)).unwrap_or(this)
}

/// This quarter and the three before, oldest first.
pub fn quarters(today: NaiveDate) -> Vec<String> {
    let first = oldest_start(today);
    (0..4u32)
        .filter_map(|i| first.checked_add_months(Months::new(3 * i)))
        .map(quarter)
        .collect()
}

/// `roots`: the viewer's scope (None: everything).
pub async fn stats(
    db: &Db,
    roots: Option<&[String]>,
    category: ReportCategory,
    today: NaiveDate,
) -> Result<ReportStats, sqlx::Error> {
    let k = units::thresholds(db).await?.k_sensitive;
    let tree_rows: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM units ORDER BY name, id")
            .fetch_all(&db.pool)
            .await?;
    let parent: BTreeMap<String, Option<String>> = tree_rows
        .iter()
        .map(|(u, p, _)| (u.clone(), p.clone()))
        .collect();
    let top = tree_rows
        .iter()
        .find(|(_, p, _)| p.is_none())
        .map(|(u, _, _)| u.clone());
    let qs = quarters(today);
    let since = day(oldest_start(today));
    let rows: Vec<(Option<String>, String)> = sqlx::query_as(
        "SELECT unit_id, received_on FROM reports WHERE category = $1 AND received_on >= $2",
    )
    .bind(category.as_str())
    .bind(&since)
    .fetch_all(&db.pool)
    .await?;
    // (quarter → unit → reports filed directly at the unit). A report
    // without a unit counts at the top of the organisation.
    let mut direct: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (unit, received) in rows {
        let Some(d) = NaiveDate::parse_from_str(&received, "%Y-%m-%d").ok() else {
            continue;
        };
        let Some(u) = unit.or_else(|| top.clone()) else {
            continue;
        };
        *direct.entry(quarter(d)).or_default().entry(u).or_default() += 1;
    }
    let decided: Vec<(std::collections::BTreeSet<String>, BTreeMap<String, u64>)> = qs
        .iter()
        .map(|q| {
            let counts = suppress::Counts {
                parent: parent.clone(),
                direct: direct.get(q).cloned().unwrap_or_default(),
            };
            (
                suppress::publishable(&counts, k.max(3) as u64),
                counts.subtree_totals(),
            )
        })
        .collect();
    // Units in the scope, depth-first like the heatmap.
    let mut out = Vec::new();
    for (u, n, depth) in scope::depth_first(&tree_rows, roots) {
        let cells = decided
            .iter()
            .map(|(visible, totals)| {
                let total = totals.get(&u).copied().unwrap_or(0) as i64;
                if visible.contains(&u) {
                    Ok(total)
                } else if total < k {
                    Err(Hidden::TooFew { k })
                } else {
                    Err(Hidden::WouldReveal { k })
                }
            })
            .collect();
        out.push(ReportStatsRow {
            unit_id: u,
            name: n,
            depth,
            cells,
        });
    }
    Ok(ReportStats {
        category,
        quarters: qs,
        k,
        rows: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_are_the_last_four() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 10).expect("date");
        assert_eq!(
            quarters(d),
            vec!["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
        );
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        assert_eq!(
            quarters(d),
            vec!["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        );
    }
}
