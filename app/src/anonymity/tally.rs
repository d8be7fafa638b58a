//! Adding a batch of stored answers to the maintained aggregates. Called by
//! the anonymity core inside the transaction that stores the batch, so the
//! aggregates change exactly when — and by as much as — the stored answers do.

use super::answer::{Given, StoredAnswer};
use crate::services::db::{
    Backend,
    Value::{self, Int, Real, Text},
};
use crate::survey::{
    scoring::{self, Band},
    types::Bank,
};
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemSum {
    pub n: i64,
    pub dont_know: i64,
    pub score_sum: f64,
    pub favourable: i64,
    pub neutral: i64,
    pub unfavourable: i64,
}

/// The sums of one batch of answers (all of one round and filing unit).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub respondents: i64,
    pub comments: i64,
    pub items: BTreeMap<String, ItemSum>,
    /// dimension → (respondents, sum of their dimension scores)
    pub dimensions: BTreeMap<String, (i64, f64)>,
}

/// Sums stored answers ([`StoredAnswer`] as JSON). Items the bank does not
/// know are left out.
pub fn tally(bank: &Bank, answers: &[&str]) -> Tally {
    let mut t = Tally::default();
    for payload in answers {
        let Some(answer) = StoredAnswer::parse(payload) else {
            continue;
        };
        t.respondents += 1;
        if answer.comment_text().is_some() {
            t.comments += 1;
        }
        let mut per_dimension: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for (id, given) in &answer.items {
            let Some((dim, item)) = bank.item(id) else {
                continue;
            };
            let Some(scale) = bank.scale(&item.scale) else {
                continue;
            };
            let sum = t.items.entry(id.clone()).or_default();
            let point = match given {
                Given::DontKnow(_) => {
                    sum.dont_know += 1;
                    continue;
                }
                Given::Point(p) => *p,
            };
            let Some(score) = scoring::item_score(scale.points, point, item.reverse) else {
                continue;
            };
            sum.n += 1;
            sum.score_sum += score;
            match scoring::band(&scale.id, score) {
                Band::Favourable => sum.favourable += 1,
                Band::Neutral => sum.neutral += 1,
                Band::Unfavourable => sum.unfavourable += 1,
            }
            per_dimension
                .entry(dim.id.as_str())
                .or_default()
                .push(score);
        }
        for (dim, scores) in per_dimension {
            if let Some(score) = scoring::dimension_score(&scores) {
                let d = t.dimensions.entry(dim.to_owned()).or_default();
                d.0 += 1;
                d.1 += score;
            }
        }
    }
    t
}

/// Adds batches' sums to the aggregates of their (round, unit), in the
/// caller's transaction: one statement per table for all of them (upserts,
/// portable to both stores). A mover run files hundreds of small batches;
/// a statement per table and batch had been most of its time on PostgreSQL,
/// one round trip each. The units must differ (a batch is the whole group of
/// its unit): one upsert may not change a row twice.
pub async fn add(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    round: &str,
    batches: &[(&str, Tally)],
) -> Result<(), sqlx::Error> {
    if batches.is_empty() {
        return Ok(());
    }
    // The round's figures are about to change: whatever was worked out from
    // them before is stale (see `figures::for_round`).
    sqlx::query("UPDATE rounds SET tallied = tallied + 1 WHERE id = $1")
        .bind(round)
        .execute(&mut **tx)
        .await?;
    let mut respondents = Vec::new();
    let mut items = Vec::new();
    let mut dimensions = Vec::new();
    for (unit, t) in batches {
        let (round, unit) = (Text(round), Text(unit));
        respondents.extend([round, unit, Int(t.respondents), Int(t.comments)]);
        for (id, s) in &t.items {
            items.extend([round, unit, Text(id), Int(s.n), Int(s.dont_know)]);
            items.extend([Real(s.score_sum), Int(s.favourable)]);
            items.extend([Int(s.neutral), Int(s.unfavourable)]);
        }
        for (id, (n, sum)) in &t.dimensions {
            dimensions.extend([round, unit, Text(id), Int(*n), Real(*sum)]);
        }
    }
    let keys = ["round_id", "unit_id"];
    let respondent_sums = ["respondents", "comments"];
    add_to(
        tx,
        backend,
        "result_respondents",
        &keys,
        &respondent_sums,
        &respondents,
    )
    .await?;
    let keys = ["round_id", "unit_id", "item_id"];
    let item_sums = [
        "n",
        "dont_know",
        "score_sum",
        "favourable",
        "neutral",
        "unfavourable",
    ];
    add_to(tx, backend, "result_items", &keys, &item_sums, &items).await?;
    let keys = ["round_id", "unit_id", "dimension_id"];
    add_to(
        tx,
        backend,
        "result_dimensions",
        &keys,
        &["n", "score_sum"],
        &dimensions,
    )
    .await?;
    Ok(())
}

/// Adds rows of sums to `table`: a new key is inserted, an existing one
/// has each of `sums` increased by the row's value. `values` holds the
/// rows, `keys` then `sums` in each.
async fn add_to(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    table: &str,
    keys: &[&str],
    sums: &[&str],
    values: &[Value<'_>],
) -> Result<(), sqlx::Error> {
    let per_row = keys.len() + sums.len();
    let columns = [keys, sums].concat().join(", ");
    let added: Vec<String> = sums
        .iter()
        .map(|s| format!("{s} = {table}.{s} + excluded.{s}"))
        .collect();
    let (keys, added) = (keys.join(", "), added.join(", "));
    backend
        .execute_rows(tx, per_row, values, |rows| {
            format!(
                "INSERT INTO {table} ({columns}) VALUES {rows} \
                 ON CONFLICT ({keys}) DO UPDATE SET {added}"
            )
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::bank;

    #[test]
    fn a_batch_is_summed_per_item_and_per_dimension() {
        let bank = bank::shipped().expect("bank");
        // wb-1 is 0–10, wb-2 agree5; ps-2 is reverse-scored? Use what the bank says.
        let (_, ps2) = bank.item("ps-2").expect("ps-2");
        let answers = [
            r#"{"a":{"wb-1":10,"wb-2":4,"ps-2":0},"c":"fine"}"#,
            r#"{"a":{"wb-1":5,"wb-2":"dk"}}"#,
            r#"{"a":{"wb-2":2,"unknown-item":3}}"#,
            "not json",
        ];
        let refs: Vec<&str> = answers.to_vec();
        let t = tally(bank, &refs);
        assert_eq!(t.respondents, 3);
        assert_eq!(t.comments, 1);
        let wb1 = &t.items["wb-1"];
        assert_eq!((wb1.n, wb1.dont_know), (2, 0));
        assert!((wb1.score_sum - 150.0).abs() < 1e-9);
        assert_eq!((wb1.favourable, wb1.neutral, wb1.unfavourable), (1, 1, 0));
        let wb2 = &t.items["wb-2"];
        assert_eq!((wb2.n, wb2.dont_know), (2, 1));
        assert!((wb2.score_sum - 150.0).abs() < 1e-9);
        let ps = &t.items["ps-2"];
        let expected = if ps2.reverse { 100.0 } else { 0.0 };
        assert!((ps.score_sum - expected).abs() < 1e-9);
        assert!(!t.items.contains_key("unknown-item"));
        // Wellbeing: respondent 1 mean(100, 100) = 100, respondent 2 mean(50)
        // = 50, respondent 3 mean(50) = 50.
        let (n, sum) = t.dimensions["wellbeing"];
        assert_eq!(n, 3);
        assert!((sum - 200.0).abs() < 1e-9);
    }
}
