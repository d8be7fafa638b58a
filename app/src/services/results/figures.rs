//! A unit's figures for one round, computed from the maintained aggregates
//! and passed through [`suppress`](crate::anonymity::suppress) per dimension, so a figure
//! is either safe to publish or absent with the reason why.

use crate::{
    anonymity::{
        round_tree, shown,
        suppress::{publishable_after, Counts},
        thresholds::{self, theme_threshold},
    },
    model::{DimensionFigure, Hidden, Thresholds},
    services::db::Db,
    survey::types::Bank,
};
use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::Arc,
};

/// One round's published aggregates, by filing unit (the copies that move
/// only in steps of each figure's threshold: anonymity::publish).
#[derive(Clone, Debug, Default)]
pub struct RoundData {
    /// (dimension, filing unit) → (respondents, sum of their scores)
    dims: BTreeMap<(String, String), (i64, f64)>,
    /// (item, filing unit) → (favourable, neutral, unfavourable)
    bands: BTreeMap<(String, String), (i64, i64, i64)>,
    /// The units the round asked (`round_units`); empty for a round that
    /// kept none, which then counts as asking every unit.
    units: BTreeSet<String>,
}

pub async fn load(db: &Db, round: &str) -> Result<RoundData, sqlx::Error> {
    let dims: Vec<(String, String, i64, f64)> = sqlx::query_as(
        "SELECT dimension_id, unit_id, pub_n, pub_score_sum FROM result_dimensions \
         WHERE round_id = $1 AND pub_n > 0",
    )
    .bind(round)
    .fetch_all(&db.pool)
    .await?;
    let items: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT item_id, unit_id, pub_favourable, pub_neutral, pub_unfavourable FROM result_items \
         WHERE round_id = $1",
    )
    .bind(round)
    .fetch_all(&db.pool)
    .await?;
    let units = round_tree::asked(db, round).await?;
    Ok(RoundData {
        dims: dims
            .into_iter()
            .map(|(d, u, n, s)| ((d, u), (n, s)))
            .collect(),
        bands: items
            .into_iter()
            .map(|(i, u, f, ne, un)| ((i, u), (f, ne, un)))
            .collect(),
        units,
    })
}

/// A round's suppression decisions for the whole tree: the one entry point by
/// which every page, export and API answer gets its figures, so the same
/// request by two routes hides the same cells.
///
/// Decisions depend only on the round's aggregates, the tree, the bank and the
/// thresholds, so they are kept in memory under a fingerprint of all four (the
/// aggregates by the round's `tallied` counter, which moves in every batch's
/// transaction). A closed round is worked out once; an open one again after
/// each batch. Several instances each keep their own copy, and agree because
/// the fingerprint is read from the database.
pub async fn for_round(
    db: &Db,
    parent: &Parents,
    bank: &Bank,
    round: &str,
) -> Result<Arc<Visibility>, sqlx::Error> {
    // Judged on the round's own tree and at its own thresholds, whatever
    // happened to the tree and the settings since.
    let parent = &round_tree::parents(db, round, parent).await?;
    let th = &thresholds::of_round(&db.pool, round).await?;
    let tallied: Option<i64> = sqlx::query_scalar("SELECT tallied FROM rounds WHERE id = $1")
        .bind(round)
        .fetch_optional(&db.pool)
        .await?;
    let key = fingerprint(parent, bank, th, round, tallied.unwrap_or(-1));
    if let Some(v) = cache::get(round, key) {
        return Ok(v);
    }
    let data = load(db, round).await?;
    // What earlier looks showed stays shown where the rule allows (A5 over
    // time); what this look shows for the first time is remembered.
    let before = shown::before(db, round).await?;
    let (v, now_shown) = visibility(parent, &data, bank, th, &before);
    shown::remember(db, round, &now_shown, &before).await?;
    let v = Arc::new(v);
    cache::put(round, key, v.clone());
    Ok(v)
}

/// Forgets every round's decisions (the benchmark's cold start).
pub fn forget_all() {
    cache::clear();
    super::counts::forget_all();
}

fn fingerprint(parent: &Parents, bank: &Bank, th: &Thresholds, round: &str, tallied: i64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (round, tallied, th.k_score, th.k_sensitive).hash(&mut h);
    parent.hash(&mut h);
    for d in &bank.dimensions {
        (&d.id, d.sensitive).hash(&mut h);
        for i in &d.items {
            i.id.hash(&mut h);
        }
    }
    h.finish()
}

/// The last rounds' decisions (a year of weekly rounds for every page).
mod cache {
    use super::Visibility;
    use std::{
        collections::HashMap,
        sync::{Arc, Mutex, OnceLock},
    };

    const ROUNDS: usize = 128;

    type Entry = (u64, u64, Arc<Visibility>); // fingerprint, last use, decisions

    fn map() -> &'static Mutex<(u64, HashMap<String, Entry>)> {
        static MAP: OnceLock<Mutex<(u64, HashMap<String, Entry>)>> = OnceLock::new();
        MAP.get_or_init(Default::default)
    }

    pub fn get(round: &str, key: u64) -> Option<Arc<Visibility>> {
        let mut m = map().lock().ok()?;
        m.0 += 1;
        let now = m.0;
        let e = m.1.get_mut(round)?;
        if e.0 != key {
            return None;
        }
        e.1 = now;
        Some(e.2.clone())
    }

    pub fn clear() {
        if let Ok(mut m) = map().lock() {
            m.1.clear();
        }
    }

    pub fn put(round: &str, key: u64, v: Arc<Visibility>) {
        let Ok(mut m) = map().lock() else { return };
        m.0 += 1;
        let now = m.0;
        if m.1.len() >= ROUNDS && !m.1.contains_key(round) {
            // Forget the round used longest ago.
            if let Some(old) = m.1.iter().min_by_key(|(_, e)| e.1).map(|(r, _)| r.clone()) {
                m.1.remove(&old);
            }
        }
        m.1.insert(round.to_owned(), (key, now, v));
    }
}

/// The tree as child → parent.
pub use crate::anonymity::round_tree::Parents;

/// Units by position, so a round's decisions are a few flat arrays.
struct Index {
    pos: HashMap<String, usize>,
    parent: Vec<Option<usize>>,
}

impl Index {
    fn new(parents: &Parents) -> Index {
        let pos: HashMap<String, usize> = parents
            .keys()
            .enumerate()
            .map(|(i, u)| (u.clone(), i))
            .collect();
        let parent = parents
            .values()
            .map(|p| p.as_ref().and_then(|p| pos.get(p).copied()))
            .collect();
        Index { pos, parent }
    }

    /// Calls `f` for the unit and each of its ancestors.
    fn up(&self, unit: usize, mut f: impl FnMut(usize)) {
        let mut cur = Some(unit);
        let mut steps = 0;
        while let Some(u) = cur {
            f(u);
            steps += 1;
            if steps > self.parent.len() {
                return; // a cycle would be a bug elsewhere; never loop
            }
            cur = self.parent[u];
        }
    }
}

/// Everything needed to answer for any unit, worked out once per round:
/// for each dimension, the publishable units and every unit's subtree sums
/// (accumulated bottom-up, so a page of many units costs one pass).
pub struct Visibility {
    /// The thresholds the round keeps (`thresholds::of_round`).
    pub th: Thresholds,
    index: Index,
    by_dimension: BTreeMap<String, Prepared>,
    /// by unit: the round asked it or a unit below it.
    in_round: Vec<bool>,
}

struct Prepared {
    /// Some of the round's figures of the theme are published.
    published: bool,
    visible: Vec<bool>,
    /// by unit: (respondents, score sum) over its subtree
    totals: Vec<(i64, f64)>,
    /// by unit: (favourable, neutral, unfavourable) over its subtree
    bands: Vec<(i64, i64, i64)>,
}

/// The round's decisions per theme, and the units each theme shows.
pub fn visibility(
    parent: &Parents,
    data: &RoundData,
    bank: &Bank,
    th: &Thresholds,
    before: &BTreeMap<String, BTreeSet<String>>,
) -> (Visibility, BTreeMap<String, BTreeSet<String>>) {
    let none = BTreeSet::new();
    let mut now_shown = BTreeMap::new();
    let index = Index::new(parent);
    let n = index.parent.len();
    let mut in_round = vec![data.units.is_empty(); n];
    for u in &data.units {
        if let Some(&i) = index.pos.get(u) {
            index.up(i, |a| in_round[a] = true);
        }
    }
    let mut dims_by_unit: BTreeMap<&str, Vec<(&str, i64, f64)>> = BTreeMap::new();
    for ((dim, unit), (count, sum)) in &data.dims {
        dims_by_unit
            .entry(dim.as_str())
            .or_default()
            .push((unit.as_str(), *count, *sum));
    }
    let by_dimension = bank
        .dimensions
        .iter()
        .map(|d| {
            let mut totals = vec![(0i64, 0f64); n];
            let mut direct = BTreeMap::new();
            for (unit, count, sum) in dims_by_unit.get(d.id.as_str()).into_iter().flatten() {
                let Some(&u) = index.pos.get(*unit) else {
                    continue;
                };
                direct.insert((*unit).to_owned(), (*count).max(0) as u64);
                index.up(u, |a| {
                    totals[a].0 += count;
                    totals[a].1 += sum;
                });
            }
            let items: BTreeSet<&str> = d.items.iter().map(|i| i.id.as_str()).collect();
            let mut bands = vec![(0i64, 0i64, 0i64); n];
            for ((item, unit), (f, ne, un)) in &data.bands {
                if !items.contains(item.as_str()) {
                    continue;
                }
                let Some(&u) = index.pos.get(unit) else {
                    continue;
                };
                index.up(u, |a| {
                    bands[a].0 += f;
                    bands[a].1 += ne;
                    bands[a].2 += un;
                });
            }
            let counts = Counts {
                parent: parent.clone(),
                direct,
            };
            let k = theme_threshold(th, d.sensitive);
            let published =
                publishable_after(&counts, k as u64, before.get(&d.id).unwrap_or(&none));
            let mut visible = vec![false; n];
            for u in &published {
                if let Some(&i) = index.pos.get(u) {
                    visible[i] = true;
                }
            }
            now_shown.insert(d.id.clone(), published);
            (
                d.id.clone(),
                Prepared {
                    published: dims_by_unit.contains_key(d.id.as_str()),
                    visible,
                    totals,
                    bands,
                },
            )
        })
        .collect();
    (
        Visibility {
            th: *th,
            index,
            by_dimension,
            in_round,
        },
        now_shown,
    )
}

/// Every dimension's figure for `unit` (its whole subtree), or why not.
pub fn unit_figures(bank: &Bank, visible: &Visibility, unit: &str) -> Vec<DimensionFigure> {
    let (k_score, k_sensitive) = (visible.th.k_score, visible.th.k_sensitive);
    bank.dimensions
        .iter()
        .filter_map(|d| {
            let p = visible.by_dimension.get(&d.id)?;
            let at = visible.index.pos.get(unit).copied();
            let (n, sum) = at.map(|i| p.totals[i]).unwrap_or((0, 0.0));
            let k = if d.sensitive { k_sensitive } else { k_score };
            if n == 0 {
                // Nothing published here. Once the round has figures of the
                // theme, a unit it asked says only "fewer than k": answers
                // held back until enough join them look the same as none.
                let held = p.published && at.is_some_and(|i| visible.in_round[i]);
                return held.then(|| DimensionFigure {
                    dimension: d.id.clone(),
                    score: None,
                    shares: None,
                    respondents: None,
                    hidden: Some(Hidden::TooFew { k }),
                });
            }
            if !at.is_some_and(|i| p.visible[i]) {
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
            let (f, ne, un) = at.map(|i| p.bands[i]).unwrap_or((0, 0, 0));
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
