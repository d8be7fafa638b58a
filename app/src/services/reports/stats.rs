//! Report statistics for committees: the number of reports per category,
//! unit and quarter — each (category, quarter) run through the same
//! suppression as survey figures (`anonymity::suppress`) with the sensitive
//! threshold, so a count is shown only when it and every difference with the
//! other shown counts stand for at least that many reports. A count below
//! the threshold, zero included, is shown as "fewer than k".
//!
//! Only quarters that are over are shown, each from a snapshot taken once
//! after its end (`report_quarters`): the counts and the organisation tree
//! of that day. A running quarter counted live would tell whoever looks
//! every day "one more report, this unit, today"; a snapshot that later
//! deletions (retention) or a moved unit could change would point at the
//! reports concerned. A snapshot never moves.
//!
//! Counts of different categories or quarters are counts of disjoint sets of
//! reports, so comparing them reveals nothing more; a total over all
//! categories is deliberately not offered, because a total minus the shown
//! categories would give the hidden ones.

use super::day;
use crate::{
    anonymity::{suppress, thresholds::report_threshold},
    model::{Hidden, ReportCategory, ReportStats, ReportStatsRow, Thresholds},
    services::{db::Db, scope},
};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::BTreeMap;

/// "2026-Q3"
fn quarter(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), (d.month0() / 3) + 1)
}

/// The first day of the quarter `d` is in.
fn quarter_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1).unwrap_or(d)
}

/// The four quarters that are over, oldest first, with their first day and
/// the first day after them.
fn closed(today: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
    let running = quarter_start(today);
    (1..=4u32)
        .rev()
        .filter_map(|i| {
            let start = running.checked_sub_months(Months::new(3 * i))?;
            let end = start.checked_add_months(Months::new(3))?;
            Some((quarter(start), start, end))
        })
        .collect()
}

/// The four quarters shown: the last four that are over, oldest first.
pub fn quarters(today: NaiveDate) -> Vec<String> {
    closed(today).into_iter().map(|(q, _, _)| q).collect()
}

/// Takes a closed quarter's snapshot unless it exists: the counts per
/// category and filing unit, today's tree and today's threshold (a quarter
/// decided again at another threshold could hide other units, and the two
/// looks together isolate fewer reports than either allows). Claimed by
/// inserting the quarter's row in the same transaction, so it is taken
/// exactly once.
async fn snapshot(db: &Db, q: &str, start: NaiveDate, end: NaiveDate) -> Result<(), sqlx::Error> {
    // Cases of the quarter's last day still sealed in the inbox would be
    // missing from a snapshot that never moves: wait for their delivery
    // (the first minutes after midnight); until then the quarter is hidden.
    if super::inbox::waiting_before(db, end).await? {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    let k = report_threshold(&crate::anonymity::thresholds::read_with(&mut *tx).await?);
    let claimed = sqlx::query(
        "INSERT INTO report_quarters (quarter, k) VALUES ($1, $2) ON CONFLICT (quarter) DO NOTHING",
    )
    .bind(q)
    .bind(k)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return tx.rollback().await;
    }
    sqlx::query(
        "INSERT INTO report_quarter_tree (quarter, unit_id, parent_id) \
         SELECT $1, id, parent_id FROM units",
    )
    .bind(q)
    .execute(&mut *tx)
    .await?;
    // A report without a unit counts at the top of the organisation.
    let top: Option<String> =
        sqlx::query_scalar("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT category, unit_id, COUNT(*) FROM reports \
         WHERE received_on >= $1 AND received_on < $2 GROUP BY category, unit_id",
    )
    .bind(day(start))
    .bind(day(end))
    .fetch_all(&mut *tx)
    .await?;
    let mut counts: BTreeMap<(String, String), i64> = BTreeMap::new();
    for (category, unit, n) in rows {
        if let Some(u) = unit.or_else(|| top.clone()) {
            *counts.entry((category, u)).or_default() += n;
        }
    }
    for ((category, unit), n) in counts {
        sqlx::query(
            "INSERT INTO report_quarter_counts (quarter, category, unit_id, reports) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(q)
        .bind(category)
        .bind(unit)
        .bind(n)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// `roots`: the viewer's scope (None: everything).
pub async fn stats(
    db: &Db,
    roots: Option<&[String]>,
    category: ReportCategory,
    today: NaiveDate,
) -> Result<ReportStats, sqlx::Error> {
    // What a quarter not yet counted will be counted at.
    let mut k = report_threshold(&crate::anonymity::thresholds::read(db).await?);
    let tree_rows: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM units ORDER BY name, id")
            .fetch_all(&db.pool)
            .await?;
    let quarters = closed(today);
    // Each quarter judged on its own tree, with its own counts.
    let mut decided = Vec::new();
    for (q, start, end) in &quarters {
        snapshot(db, q, *start, *end).await?;
        let parent: BTreeMap<String, Option<String>> =
            sqlx::query_as("SELECT unit_id, parent_id FROM report_quarter_tree WHERE quarter = $1")
                .bind(q)
                .fetch_all(&db.pool)
                .await?
                .into_iter()
                .collect();
        let direct: BTreeMap<String, u64> = sqlx::query_as::<_, (String, i64)>(
            "SELECT unit_id, reports FROM report_quarter_counts WHERE quarter = $1 AND category = $2",
        )
        .bind(q)
        .bind(category.as_str())
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|(u, n)| (u, n.max(0) as u64))
        .collect();
        // Each quarter at the threshold it was counted with.
        let kept: Option<Option<i64>> =
            sqlx::query_scalar("SELECT k FROM report_quarters WHERE quarter = $1")
                .bind(q)
                .fetch_optional(&db.pool)
                .await?;
        let kq = kept.flatten().map_or(k, |kq| kq.max(Thresholds::MIN));
        let counts = suppress::Counts { parent, direct };
        decided.push((
            suppress::publishable(&counts, kq as u64),
            counts.subtree_totals(),
            kq,
        ));
    }
    // The page states the newest quarter's threshold; every hidden cell
    // says its own.
    if let Some((_, _, kq)) = decided.last() {
        k = *kq;
    }
    // Units in the scope (today's), depth-first like the heatmap; a unit
    // created after a quarter had no reports in it. Only units a report may
    // name: a finer unit's row could never hold a count (the page says so).
    let nameable: std::collections::BTreeSet<String> = super::units_for_reports(db)
        .await?
        .into_iter()
        .map(|(u, _, _)| u)
        .collect();
    let mut out = Vec::new();
    for (u, n, depth) in scope::depth_first(&tree_rows, roots) {
        if !nameable.contains(&u) {
            continue;
        }
        let cells = decided
            .iter()
            .map(|(visible, totals, k)| {
                let (total, k) = (totals.get(&u).copied().unwrap_or(0) as i64, *k);
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
        quarters: quarters.into_iter().map(|(q, _, _)| q).collect(),
        k,
        rows: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_are_the_last_four_that_are_over() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 10).expect("date");
        assert_eq!(
            quarters(d),
            vec!["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
        );
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        assert_eq!(
            quarters(d),
            vec!["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
        );
        let d = NaiveDate::from_ymd_opt(2026, 4, 1).expect("date");
        let (q, start, end) = closed(d).pop().expect("a quarter");
        assert_eq!(q, "2026-Q1");
        assert_eq!(
            (day(start), day(end)),
            ("2026-01-01".into(), "2026-04-01".into())
        );
    }
}
