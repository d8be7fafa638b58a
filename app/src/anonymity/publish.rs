//! Publication in steps (A6): what may be shown of a round that is still
//! filling, so that two looks at any figure differ by at least that figure's
//! own threshold of people, or not at all.
//!
//! Answers reach the result aggregates only in batches of at least k people
//! ([`store::move_ready`](super::store::move_ready)). That is not enough for
//! every figure: a theme counts only those of a batch who answered one of its
//! questions — four "don't know" in a batch of five would move it by one
//! person, and `n₂·s₂ − n₁·s₁` would be that person's score — and the
//! sensitive theme and the comments have thresholds above the batch size.
//! So every aggregate has a published copy beside it (the `pub_` columns,
//! the only ones pages, exports and the API read), and a figure's copy at a
//! filing unit advances, in the batch's own transaction, only when the people
//! it gained since it last advanced reach the figure's threshold:
//!
//! - a theme — its respondents, their score sum and its items' answer bands —
//!   by [`theme_threshold`] (k for scores, the sensitive threshold for the
//!   sensitive theme) more respondents;
//! - the comments by [`comment_threshold`] more people who wrote one; the
//!   texts shown are exactly those the published count counts
//!   (`answers.comment_unit`).
//!
//! Every published figure is a sum of filing units' copies, and each copy
//! moves only by at least its threshold of people, so neither a figure nor
//! the difference between two looks at it (or at two figures) rests on fewer.
//!
//! When a round closes, what a filing unit still holds back goes to its
//! parent in the round's own tree — deepest first, the way small groups of
//! answers are merged — and is published there once it reaches the threshold
//! together with what else arrives there ([`publish_remainders`]). What never
//! reaches it, even at the top, is never published.
//!
//! Answered counts move in steps of k while the round is open
//! ([`answered_in_steps`]); the exact count is shown once it has closed — it
//! says how many took part, not what anyone answered.

use crate::{
    model::Thresholds,
    services::db::{
        Backend, Db,
        Value::{self, Text},
    },
    survey::types::{Bank, Dimension},
};
use sqlx::{Any, AssertSqlSafe, Transaction};
use std::collections::{BTreeMap, HashMap};

use super::thresholds::{comment_threshold, theme_threshold};

/// An answered count as it may be published: in whole steps of k while the
/// round is open, so watching it never shows a single person answering.
pub fn answered_in_steps(answered: i64, closed: bool, th: &Thresholds) -> i64 {
    if closed {
        return answered;
    }
    let k = super::thresholds::count_threshold(th);
    answered.max(0) / k * k
}

/// Advances the published copies at (round, filing unit), for each of
/// `units`, where a batch just added enough people. Called by the batches'
/// transaction, after their sums; a few statements for all the units
/// together (see [`tally::add`](super::tally::add) for why).
pub async fn advance(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    bank: &Bank,
    round: &str,
    units: &[&str],
) -> Result<(), sqlx::Error> {
    if units.is_empty() {
        return Ok(());
    }
    let th = super::thresholds::of_round(&mut **tx, round).await?;
    let at_units: Vec<Value> = units.iter().flat_map(|u| [Text(round), Text(u)]).collect();
    let gained: Vec<(String, String, i64)> = backend
        .fetch_rows(tx, 2, &at_units, |rows| {
            format!(
                "SELECT unit_id, dimension_id, n - pub_n FROM result_dimensions \
                 WHERE (round_id, unit_id) IN (VALUES {rows})"
            )
        })
        .await?;
    let themes: HashMap<&str, &Dimension> =
        bank.dimensions.iter().map(|d| (d.id.as_str(), d)).collect();
    let ready: Vec<(&str, &Dimension)> = gained
        .iter()
        .filter_map(|(unit, dim, gained)| {
            let d = *themes.get(dim.as_str())?;
            (*gained >= theme_threshold(&th, d.sensitive)).then_some((unit.as_str(), d))
        })
        .collect();
    copy_themes(tx, backend, round, &ready).await?;

    let comments: Vec<(String, i64)> = backend
        .fetch_rows(tx, 2, &at_units, |rows| {
            format!(
                "SELECT unit_id, comments - pub_comments FROM result_respondents \
                 WHERE (round_id, unit_id) IN (VALUES {rows})"
            )
        })
        .await?;
    let shown: Vec<Value> = comments
        .iter()
        .filter(|(_, gained)| *gained >= comment_threshold(&th))
        .flat_map(|(unit, _)| [Text(round), Text(unit)])
        .collect();
    // The texts shown are those the published count counts.
    backend
        .execute_rows(tx, 2, &shown, |rows| {
            format!(
                "UPDATE result_respondents SET pub_comments = comments \
                 WHERE (round_id, unit_id) IN (VALUES {rows})"
            )
        })
        .await?;
    backend
        .execute_rows(tx, 2, &shown, |rows| {
            format!(
                "UPDATE answers SET comment_unit = unit_id \
                 WHERE comment_unit IS NULL AND (round_id, unit_id) IN (VALUES {rows})"
            )
        })
        .await?;
    Ok(())
}

/// The published copies of these themes at these filing units become what
/// is there: respondents and score sums, and their items' answer bands.
async fn copy_themes(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    round: &str,
    ready: &[(&str, &Dimension)],
) -> Result<(), sqlx::Error> {
    let themes: Vec<Value> = ready
        .iter()
        .flat_map(|(unit, d)| [Text(round), Text(unit), Text(&d.id)])
        .collect();
    backend
        .execute_rows(tx, 3, &themes, |rows| {
            format!(
                "UPDATE result_dimensions SET pub_n = n, pub_score_sum = score_sum \
                 WHERE (round_id, unit_id, dimension_id) IN (VALUES {rows})"
            )
        })
        .await?;
    let items: Vec<Value> = ready
        .iter()
        .flat_map(|(unit, d)| {
            d.items
                .iter()
                .flat_map(move |i| [Text(round), Text(unit), Text(&i.id)])
        })
        .collect();
    backend
        .execute_rows(tx, 3, &items, |rows| {
            format!(
                "UPDATE result_items SET pub_favourable = favourable, pub_neutral = neutral, \
                 pub_unfavourable = unfavourable WHERE (round_id, unit_id, item_id) IN (VALUES {rows})"
            )
        })
        .await?;
    Ok(())
}

/// What a filing unit holds back of one theme: respondents, their score sum,
/// and per item the answer bands.
#[derive(Clone, Debug, Default)]
struct Held {
    n: i64,
    sum: f64,
    bands: BTreeMap<String, (i64, i64, i64)>,
}

impl Held {
    fn add(&mut self, o: &Held) {
        self.n += o.n;
        self.sum += o.sum;
        for (item, (f, ne, un)) in &o.bands {
            let b = self.bands.entry(item.clone()).or_default();
            b.0 += f;
            b.1 += ne;
            b.2 += un;
        }
    }
}

/// Publishes what the filing units of a closed round still hold back, each
/// remainder at the nearest unit up the round's tree where, with what else
/// arrives there, it reaches its threshold. Runs once per round (claimed with
/// a conditional `UPDATE`, so two instances closing it do not both publish).
pub async fn publish_remainders(db: &Db, bank: &Bank, round: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let claimed = sqlx::query(
        "UPDATE rounds SET remainders_published = 1, tallied = tallied + 1 \
         WHERE id = $1 AND closed_at IS NOT NULL AND remainders_published = 0",
    )
    .bind(round)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return tx.rollback().await;
    }
    let th = super::thresholds::of_round(&mut *tx, round).await?;
    let parent = round_tree(&mut tx, round).await?;

    // (unit, theme) → published copy and what is held back.
    let mut published: HashMap<(String, String), Held> = HashMap::new();
    let mut held: HashMap<(String, String), Held> = HashMap::new();
    let theme_of: HashMap<&str, &str> = bank
        .dimensions
        .iter()
        .flat_map(|d| d.items.iter().map(move |i| (i.id.as_str(), d.id.as_str())))
        .collect();
    let dims: Vec<(String, String, i64, f64, i64, f64)> = sqlx::query_as(
        "SELECT unit_id, dimension_id, n, score_sum, pub_n, pub_score_sum \
         FROM result_dimensions WHERE round_id = $1",
    )
    .bind(round)
    .fetch_all(&mut *tx)
    .await?;
    for (unit, dim, n, sum, pn, psum) in dims {
        let key = (unit, dim);
        let p = published.entry(key.clone()).or_default();
        p.n = pn;
        p.sum = psum;
        let h = held.entry(key).or_default();
        h.n = n - pn;
        h.sum = sum - psum;
    }
    type ItemRow = (String, String, i64, i64, i64, i64, i64, i64);
    let items: Vec<ItemRow> = sqlx::query_as(
        "SELECT unit_id, item_id, favourable, neutral, unfavourable, \
           pub_favourable, pub_neutral, pub_unfavourable FROM result_items WHERE round_id = $1",
    )
    .bind(round)
    .fetch_all(&mut *tx)
    .await?;
    for (unit, item, f, ne, un, pf, pne, pun) in items {
        let Some(dim) = theme_of.get(item.as_str()) else {
            continue;
        };
        let key = (unit, (*dim).to_owned());
        published
            .entry(key.clone())
            .or_default()
            .bands
            .insert(item.clone(), (pf, pne, pun));
        held.entry(key)
            .or_default()
            .bands
            .insert(item, (f - pf, ne - pne, un - pun));
    }
    let comment_rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT unit_id, comments, pub_comments FROM result_respondents WHERE round_id = $1",
    )
    .bind(round)
    .fetch_all(&mut *tx)
    .await?;
    let mut comments_published: HashMap<String, i64> = HashMap::new();
    let mut comments_held: HashMap<String, i64> = HashMap::new();
    for (unit, c, pc) in comment_rows {
        comments_published.insert(unit.clone(), pc);
        comments_held.insert(unit, c - pc);
    }

    // Deepest first, so a unit has received its children's remainders
    // before it decides.
    let mut order: Vec<String> = parent.keys().cloned().collect();
    for (u, _) in held.keys() {
        if !parent.contains_key(u) {
            order.push(u.clone());
        }
    }
    order.sort();
    order.dedup();
    order.sort_by_key(|u| std::cmp::Reverse(depth(&parent, u)));
    let up = |u: &str| parent.get(u).cloned().flatten();
    for unit in &order {
        for d in &bank.dimensions {
            let key = (unit.clone(), d.id.clone());
            let Some(h) = held.remove(&key) else {
                continue;
            };
            if h.n <= 0 {
                continue;
            }
            if h.n >= theme_threshold(&th, d.sensitive) {
                let p = published.entry(key).or_default();
                p.add(&h);
                write_theme(&mut tx, round, unit, &d.id, p).await?;
            } else if let Some(above) = up(unit) {
                held.entry((above, d.id.clone())).or_default().add(&h);
            }
        }
        let Some(c) = comments_held.remove(unit) else {
            continue;
        };
        if c <= 0 {
            continue;
        }
        if c >= comment_threshold(&th) {
            let shown = comments_published.get(unit).copied().unwrap_or(0) + c;
            write_comments(&mut tx, round, unit, shown, &subtree(&parent, unit)).await?;
        } else if let Some(above) = up(unit) {
            *comments_held.entry(above).or_default() += c;
        }
    }
    tx.commit().await
}

/// The round's tree as it was when the round opened (units created since
/// have no answers in it); today's for rounds older than that record.
async fn round_tree(
    tx: &mut Transaction<'_, Any>,
    round: &str,
) -> Result<HashMap<String, Option<String>>, sqlx::Error> {
    let kept = super::round_tree::kept(&mut **tx, round).await?;
    if !kept.is_empty() {
        return Ok(kept.iter().cloned().collect());
    }
    Ok(sqlx::query_as("SELECT id, parent_id FROM units")
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .collect())
}

fn depth(parent: &HashMap<String, Option<String>>, unit: &str) -> usize {
    let mut d = 0;
    let mut cur = parent.get(unit).cloned().flatten();
    while let Some(p) = cur {
        d += 1;
        if d > parent.len() {
            break; // a cycle would be a bug elsewhere; never loop
        }
        cur = parent.get(&p).cloned().flatten();
    }
    d
}

fn subtree(parent: &HashMap<String, Option<String>>, unit: &str) -> Vec<String> {
    if !parent.contains_key(unit) {
        return vec![unit.to_owned()];
    }
    parent
        .keys()
        .filter(|u| {
            let mut cur = Some((*u).clone());
            let mut steps = 0;
            while let Some(c) = cur {
                if c == unit {
                    return true;
                }
                steps += 1;
                if steps > parent.len() {
                    return false;
                }
                cur = parent.get(&c).cloned().flatten();
            }
            false
        })
        .cloned()
        .collect()
}

/// Stores a theme's published copy at a unit (which may have had no answers
/// of its own: then its live sums are zero).
async fn write_theme(
    tx: &mut Transaction<'_, Any>,
    round: &str,
    unit: &str,
    dim: &str,
    p: &Held,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO result_dimensions (round_id, unit_id, dimension_id, n, score_sum, pub_n, pub_score_sum) \
         VALUES ($1, $2, $3, 0, 0, $4, $5) ON CONFLICT (round_id, unit_id, dimension_id) DO UPDATE SET \
         pub_n = excluded.pub_n, pub_score_sum = excluded.pub_score_sum",
    )
    .bind(round)
    .bind(unit)
    .bind(dim)
    .bind(p.n)
    .bind(p.sum)
    .execute(&mut **tx)
    .await?;
    for (item, (f, ne, un)) in &p.bands {
        sqlx::query(
            "INSERT INTO result_items (round_id, unit_id, item_id, n, dont_know, score_sum, \
               favourable, neutral, unfavourable, pub_favourable, pub_neutral, pub_unfavourable) \
             VALUES ($1, $2, $3, 0, 0, 0, 0, 0, 0, $4, $5, $6) \
             ON CONFLICT (round_id, unit_id, item_id) DO UPDATE SET \
             pub_favourable = excluded.pub_favourable, pub_neutral = excluded.pub_neutral, \
             pub_unfavourable = excluded.pub_unfavourable",
        )
        .bind(round)
        .bind(unit)
        .bind(item)
        .bind(*f)
        .bind(*ne)
        .bind(*un)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Stores the published comment count at a unit and shows there every
/// comment of its subtree not yet shown anywhere.
async fn write_comments(
    tx: &mut Transaction<'_, Any>,
    round: &str,
    unit: &str,
    shown: i64,
    subtree: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO result_respondents (round_id, unit_id, respondents, comments, pub_comments) \
         VALUES ($1, $2, 0, 0, $3) ON CONFLICT (round_id, unit_id) DO UPDATE SET \
         pub_comments = excluded.pub_comments",
    )
    .bind(round)
    .bind(unit)
    .bind(shown)
    .execute(&mut **tx)
    .await?;
    for chunk in subtree.chunks(500) {
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "UPDATE answers SET comment_unit = $2 \
             WHERE round_id = $1 AND comment_unit IS NULL AND unit_id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(round).bind(unit);
        for u in chunk {
            q = q.bind(u);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answered_counts_move_in_whole_steps_while_open() {
        let th = Thresholds {
            k_score: 5,
            k_comment: 10,
            k_sensitive: 10,
        };
        let shown: Vec<i64> = (0..12).map(|a| answered_in_steps(a, false, &th)).collect();
        assert_eq!(shown, [0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10]);
        assert_eq!(answered_in_steps(12, true, &th), 12);
        assert_eq!(theme_threshold(&th, true), 10);
        assert_eq!(theme_threshold(&th, false), 5);
    }
}
