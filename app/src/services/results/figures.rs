//! A unit's figures for one round, computed from the maintained aggregates
//! and passed through [`suppress`](super::suppress) per dimension, so a figure
//! is either safe to publish or absent with the reason why.

use super::suppress::{publishable, Counts};
use crate::{
    model::{DimensionFigure, Hidden},
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

/// The tree as child → parent.
pub type Parents = BTreeMap<String, Option<String>>;

fn within(parent: &Parents, unit: &str, root: &str) -> bool {
    let mut cur = Some(unit.to_owned());
    let mut steps = 0;
    while let Some(u) = cur {
        if u == root {
            return true;
        }
        steps += 1;
        if steps > parent.len() {
            return false;
        }
        cur = parent.get(&u).cloned().flatten();
    }
    false
}

/// Which units may show each dimension, for every dimension of the bank.
pub struct Visibility {
    by_dimension: BTreeMap<String, BTreeSet<String>>,
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
            let direct = data
                .dims
                .iter()
                .filter(|((dim, _), _)| *dim == d.id)
                .map(|((_, unit), (n, _))| (unit.clone(), (*n).max(0) as u64))
                .collect();
            let counts = Counts {
                parent: parent.clone(),
                direct,
            };
            let k = if d.sensitive { k_sensitive } else { k_score };
            (d.id.clone(), publishable(&counts, k.max(3) as u64))
        })
        .collect();
    Visibility { by_dimension }
}

/// Every dimension's figure for `unit` (its whole subtree), or why not.
pub fn unit_figures(
    parent: &Parents,
    data: &RoundData,
    bank: &Bank,
    visible: &Visibility,
    unit: &str,
    k_score: i64,
    k_sensitive: i64,
) -> Vec<DimensionFigure> {
    bank.dimensions
        .iter()
        .filter_map(|d| {
            let (n, sum) = data
                .dims
                .iter()
                .filter(|((dim, u), _)| *dim == d.id && within(parent, u, unit))
                .fold((0i64, 0f64), |(n, s), (_, (dn, ds))| (n + dn, s + ds));
            if n == 0 {
                return None; // not asked (or nobody answered it) here
            }
            let k = if d.sensitive { k_sensitive } else { k_score };
            let shown = visible
                .by_dimension
                .get(&d.id)
                .is_some_and(|set| set.contains(unit));
            if !shown {
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
            let item_ids: BTreeSet<&str> = d.items.iter().map(|i| i.id.as_str()).collect();
            let (f, ne, un) = data
                .bands
                .iter()
                .filter(|((item, u), _)| {
                    item_ids.contains(item.as_str()) && within(parent, u, unit)
                })
                .fold((0i64, 0i64, 0i64), |(a, b, c), (_, (f, ne, un))| {
                    (a + f, b + ne, c + un)
                });
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
