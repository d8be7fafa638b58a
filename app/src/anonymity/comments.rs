//! Free-text comments of a unit in a round. Comments are a measure of their
//! own: the number of respondents who wrote one, per filing unit, goes
//! through the same suppression as the scores with the comment threshold, so
//! the comments of a department minus those of its visible teams are always
//! at least that many people's (A4, A5). Texts come without timing or
//! authorship, in an order fixed by their random ids (a refresh shows the
//! same order, so it says nothing about which came last). Counts and texts
//! are the published ones, which grow only by the comment threshold's worth
//! of people at a time ([`publish`](super::publish)).

use super::{
    answer::StoredAnswer,
    round_tree::{self, Parents},
    shown,
    suppress::{publishable_after, Counts},
    thresholds::comment_threshold,
};
use crate::{
    model::{CommentsView, Hidden, Thresholds},
    services::{db::Db, scope::Tree},
};
use sqlx::AssertSqlSafe;

pub async fn for_unit(
    db: &Db,
    parent: &Parents,
    th: &Thresholds,
    round: &str,
    unit: &str,
) -> Result<CommentsView, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT unit_id, pub_comments FROM result_respondents WHERE round_id = $1 AND pub_comments > 0",
    )
    .bind(round)
    .fetch_all(&db.pool)
    .await?;
    // The round's own tree, like its figures.
    let parent = &round_tree::parents(db, round, parent).await?;
    let tree = Tree::from_parents(parent.clone());
    let here: Vec<&String> = rows
        .iter()
        .filter(|(u, _)| tree.is_within(u, unit))
        .map(|(u, _)| u)
        .collect();
    let total: i64 = rows
        .iter()
        .filter(|(u, _)| tree.is_within(u, unit))
        .map(|(_, n)| n)
        .sum();
    let k = comment_threshold(th);
    if total == 0 {
        // Nothing published here. Once the round shows comments anywhere,
        // a unit it asked says only "fewer than k": comments held back
        // until enough join them look the same as none at all.
        if rows.is_empty() {
            return Ok(CommentsView::None);
        }
        let asked = round_tree::asked(db, round).await?;
        let here = asked.is_empty() || asked.iter().any(|u| tree.is_within(u, unit));
        return Ok(if here {
            CommentsView::Hidden(Hidden::TooFew { k })
        } else {
            CommentsView::None
        });
    }
    let counts = Counts {
        parent: parent.clone(),
        direct: rows
            .iter()
            .map(|(u, n)| (u.clone(), (*n).max(0) as u64))
            .collect(),
    };
    // Kept as shown once shown, like the themes (A5 over time).
    let before = shown::before(db, round).await?;
    let known = before.get(shown::COMMENTS);
    let published = publishable_after(&counts, k as u64, known.unwrap_or(&Default::default()));
    shown::remember(
        db,
        round,
        &[(shown::COMMENTS.to_owned(), published.clone())].into(),
        &before,
    )
    .await?;
    if !published.contains(unit) {
        return Ok(CommentsView::Hidden(if total < k {
            Hidden::TooFew { k }
        } else {
            Hidden::WouldReveal { k }
        }));
    }
    // The filing units of this subtree that hold comments (ids are generated,
    // never user input, but they are bound as parameters all the same).
    let marks: Vec<String> = (0..here.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT payload FROM answers WHERE round_id = $1 AND comment_unit IN ({}) ORDER BY id",
        marks.join(", ")
    );
    let mut q = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql)).bind(round);
    for u in &here {
        q = q.bind(*u);
    }
    let texts = q
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .filter_map(|p| StoredAnswer::parse(&p)?.comment_text().map(str::to_owned))
        .collect();
    Ok(CommentsView::Shown(texts))
}
