//! A unit's figures for one round, computed from the maintained aggregates
//! and passed through [`suppress`](super::suppress) per dimension, so a figure
//! is either safe to publish or absent with the reason why.

use super::suppress::{publishable, Counts};
use crate::{
    model::{DimensionFigure, Hidden, Thresholds},
    services::db::Db,
    survey::types::Bank,
};
use std::collections::{BTreeMap, BTreeSet};

/// One round's aggregates, by filing unit.
#[derive(Clone, Debug, Default)]
pub struct RoundData {
    /// (dimension, filing unit) → (respondents, sum of their scores)
    dims: BTreeMap<(String, String), (i64, f64)>,
    /// (item, filing unit) → (favourable, neutral, unfavourable)
    bands: BTreeMap<(String, String), (i64, i64, i64)>,
}

pub async fn load(db: &Db, round: &str) -> Result<RoundData, sqlx::Error> {
    let dims: Vec<(String, String, i64, f64)> = sqlx::query_as(
        "SELECT dimension_id, unit_id, n, score_sum FROM result_dimensions WHERE round_id = $1",
    )
    .bind(round)
    .fetch_all(&db.pool)
    .await?;
    let items: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT item_id, unit_id, favourable, neutral, unfavourable FROM result_items WHERE round_id = $1",
    )
    .bind(round)
    .fetch_all(&db.pool)
    .await?;
    Ok(RoundData {
        dims: dims
            .into_iter()
            .map(|(d, u, n, s)| ((d, u), (n, s)))
            .collect(),
        bands: items
            .into_iter()
            .map(|(i, u, f, ne, un)| ((i, u), (f, ne, un)))
            .collect(),
    })
}

/// A round's suppression decisions for the whole tree: the one entry point by
/// which every page, export and API answer gets its figures, so the same
/// request by two routes hides the same cells.
pub async fn for_round(
    db: &Db,
    parent: &Parents,
    bank: &Bank,
    th: &Thresholds,
    round: &str,
) -> Result<Visibility, sqlx::Error> {
    let data = load(db, round).await?;
    Ok(visibility(parent, &data, bank, th.k_score, th.k_sensitive))
}

/// The tree as child → parent.
pub type Parents = BTreeMap<String, Option<String>>;

/// Everything needed to answer for any unit, worked out once per round:
/// for each dimension, the publishable units and every unit's subtree sums
/// (accumulated bottom-up, so a page of many units costs one pass).
pub struct Visibility {
    by_dimension: BTreeMap<String, Prepared>,
}

struct Prepared {
    visible: BTreeSet<String>,
    /// unit → (respondents, score sum) over its subtree
    totals: BTreeMap<String, (i64, f64)>,
    /// unit → (favourable, neutral, unfavourable) over its subtree
    bands: BTreeMap<String, (i64, i64, i64)>,
}

/// Adds `f(unit)` to the unit and each of its ancestors.
fn up_the_tree(parent: &Parents, unit: &str, mut f: impl FnMut(&str)) {
    let mut cur = Some(unit.to_owned());
    let mut steps = 0;
    while let Some(u) = cur {
        f(&u);
        steps += 1;
        if steps > parent.len() {
            return;
        }
        cur = parent.get(&u).cloned().flatten();
    }
}

pub fn visibility(
    parent: &Parents,
    data: &RoundData,
    bank: &Bank,
    k_score: i64,
    k_sensitive: i64,
) -> Visibility {
    let by_dimension = bank
        .dimensions
        .iter()
        .map(|d| {
            let mut totals: BTreeMap<String, (i64, f64)> = BTreeMap::new();
            let mut direct = BTreeMap::new();
            for ((dim, unit), (n, sum)) in &data.dims {
                if *dim != d.id {
                    continue;
                }
                direct.insert(unit.clone(), (*n).max(0) as u64);
                up_the_tree(parent, unit, |u| {
                    let t = totals.entry(u.to_owned()).or_default();
                    t.0 += n;
                    t.1 += sum;
                });
            }
            let items: BTreeSet<&str> = d.items.iter().map(|i| i.id.as_str()).collect();
            let mut bands: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
            for ((item, unit), (f, ne, un)) in &data.bands {
                if !items.contains(item.as_str()) {
                    continue;
                }
                up_the_tree(parent, unit, |u| {
                    let b = bands.entry(u.to_owned()).or_default();
                    b.0 += f;
                    b.1 += ne;
                    b.2 += un;
                });
            }
            let counts = Counts {
                parent: parent.clone(),
                direct,
            };
            let k = if d.sensitive { k_sensitive } else { k_score };
            let visible = publishable(&counts, k.max(3) as u64);
            (
                d.id.clone(),
                Prepared {
                    visible,
                    totals,
                    bands,
                },
            )
        })
        .collect();
    Visibility { by_dimension }
}

/// Every dimension's figure for `unit` (its whole subtree), or why not.
pub fn unit_figures(
    bank: &Bank,
    visible: &Visibility,
    unit: &str,
    k_score: i64,
    k_sensitive: i64,
) -> Vec<DimensionFigure> {
    bank.dimensions
        .iter()
        .filter_map(|d| {
            let p = visible.by_dimension.get(&d.id)?;
            let (n, sum) = p.totals.get(unit).copied().unwrap_or((0, 0.0));
            if n == 0 {
                return None; // not asked (or nobody answered it) here
            }
            let k = if d.sensitive { k_sensitive } else { k_score };
            if !p.visible.contains(unit) {
                let reason = if n < k {
                    Hidden::TooFew { k }
                } else {
                    Hidden::WouldReveal { k }
                };
                return Some(DimensionFigure {
                    dimension: d.id.clone(),
                    score: None,
                    shares: None,
                    respondents: None,
                    hidden: Some(reason),
                });
            }
            let (f, ne, un) = p.bands.get(unit).copied().unwrap_or((0, 0, 0));
            let answers = (f + ne + un).max(1) as f64;
            Some(DimensionFigure {
                dimension: d.id.clone(),
                score: Some((sum / n as f64 * 10.0).round() / 10.0),
                shares: Some((
                    (f as f64 * 100.0 / answers).round() as u8,
                    (ne as f64 * 100.0 / answers).round() as u8,
                    (un as f64 * 100.0 / answers).round() as u8,
                )),
                respondents: Some(n),
                hidden: None,
            })
        })
        .collect()
}
