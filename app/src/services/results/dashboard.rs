//! A leader's dashboard: one unit, one round, every dimension beside the
//! parent unit, the whole organisation and the previous round.

use super::{
    counts,
    figures::{self, Parents},
};
use crate::{
    anonymity::{comments, publish},
    i18n::Lang,
    model::{
        DashboardRow, DimensionFigure, Hidden, NewerRound, RoundCount, TrendPoint, TrendSeries,
        UnitDashboard,
    },
    services::{db::Db, questions, scope::Tree},
};
use std::collections::BTreeMap;

/// Rounds on the trend line: a year of fortnightly pulses.
const TREND_ROUNDS: usize = 26;

pub async fn dashboard(
    db: &Db,
    lang: Lang,
    unit: &str,
    round: Option<&str>,
) -> Result<Option<UnitDashboard>, sqlx::Error> {
    let tree: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM units")
            .fetch_all(&db.pool)
            .await?;
    let parent: Parents = tree
        .iter()
        .map(|(u, p, _)| (u.clone(), p.clone()))
        .collect();
    let name: BTreeMap<&str, &str> = tree
        .iter()
        .map(|(u, _, n)| (u.as_str(), n.as_str()))
        .collect();
    let Some(unit_name) = name.get(unit).map(|s| s.to_string()) else {
        return Ok(None);
    };
    // Invited and answered per round in this unit's subtree (plain counts),
    // on each round's own tree.
    let all_rounds: Vec<(String, String, i64, Option<i64>)> =
        sqlx::query_as("SELECT id, name, opened_at, closed_at FROM rounds")
            .fetch_all(&db.pool)
            .await?;
    let mut rounds: BTreeMap<(i64, String), (String, bool, i64, i64)> = BTreeMap::new();
    for (id, rname, opened, closed) in all_rounds {
        let c = counts::of_round(db, &id, closed.is_some()).await?;
        let then =
            Tree::from_parents(crate::anonymity::round_tree::parents(db, &id, &parent).await?);
        let (invited, answered, any) = c
            .iter()
            .filter(|(u, _)| then.is_within(u, unit))
            .fold((0, 0, 0), |(i, a, n), (_, (ci, ca, cn))| {
                (i + ci, a + ca, n + cn)
            });
        if any > 0 {
            let th = crate::anonymity::thresholds::of_round(&db.pool, &id).await?;
            let answered = publish::answered_in_steps(answered, closed.is_some(), &th);
            rounds.insert((opened, id), (rname, closed.is_some(), invited, answered));
        }
    }
    let ordered: Vec<(String, String, bool, i64, i64)> = rounds
        .into_iter()
        .rev()
        .map(|((_, id), (n, closed, inv, ans))| (id, n, closed, inv, ans))
        .collect();
    let bank = questions::bank_with_custom(db, true).await?;
    let Some(pos) = (match round {
        Some(r) => ordered.iter().position(|(id, ..)| id == r),
        // Unchosen: the newest round with a figure for this unit, so that a
        // leader does not open on a round that has only just opened.
        None => {
            let mut with_figures = None;
            for (i, (id, ..)) in ordered.iter().enumerate() {
                let v = figures::for_round(db, &parent, &bank, id).await?;
                if figures::unit_figures(&bank, &v, unit)
                    .iter()
                    .any(|f| f.score.is_some())
                {
                    with_figures = Some(i);
                    break;
                }
            }
            with_figures.or((!ordered.is_empty()).then_some(0))
        }
    }) else {
        return Ok(None);
    };
    let (round_id, round_name, round_closed, invited, answered) = ordered[pos].clone();
    // The newest round, when it is newer than the one shown (only when the
    // round was not chosen: then the page says why it shows an older one).
    let newer = match (round, ordered.first()) {
        (None, Some((id, name, closed, invited, answered))) if pos > 0 => Some(NewerRound {
            round_id: id.clone(),
            round_name: name.clone(),
            closed: *closed,
            invited: *invited,
            answered: *answered,
            k_score: crate::anonymity::thresholds::of_round(&db.pool, id)
                .await?
                .k_score,
        }),
        _ => None,
    };
    let parent_id = parent.get(unit).cloned().flatten();
    let root = {
        let mut cur = unit.to_owned();
        while let Some(Some(p)) = parent.get(&cur) {
            cur = p.clone();
        }
        cur
    };
    // The trend window: the chosen round and up to a year of fortnightly
    // rounds before it, oldest first, each with its own suppression
    // decisions for the whole tree.
    let window: Vec<&(String, String, bool, i64, i64)> =
        ordered.iter().skip(pos).take(TREND_ROUNDS).rev().collect();
    let mut decided = Vec::with_capacity(window.len());
    for (id, ..) in &window {
        decided.push(figures::for_round(db, &parent, &bank, id).await?);
    }
    let of = |v: &figures::Visibility, u: &str| figures::unit_figures(&bank, v, u);
    let now = decided.last().expect("the chosen round is in the window");
    // The chosen round's thresholds, which its figures were decided at.
    let th = now.th;
    let here = of(now, unit);
    let up = parent_id.as_deref().map(|p| of(now, p));
    let org = (root != unit).then(|| of(now, &root));
    let prev = match decided.len() {
        n if n >= 2 => of(&decided[n - 2], unit),
        _ => Vec::new(),
    };
    let history: Vec<Vec<DimensionFigure>> = decided.iter().map(|v| of(v, unit)).collect();
    let trend = bank
        .dimensions
        .iter()
        .filter(|d| history.iter().flatten().any(|f| f.dimension == d.id))
        .map(|d| TrendSeries {
            dimension: d.id.clone(),
            name: d.name.get(lang).to_owned(),
            sensitive: d.sensitive,
            points: window
                .iter()
                .zip(&history)
                .map(|((id, name, ..), figs)| {
                    let f = figs.iter().find(|f| f.dimension == d.id);
                    TrendPoint {
                        round_id: id.clone(),
                        round_name: name.clone(),
                        score: f.and_then(|f| f.score),
                        hidden: f.and_then(|f| f.hidden.clone()),
                    }
                })
                .collect(),
        })
        .collect();
    let responses = window
        .iter()
        .map(|(id, name, _, invited, answered)| RoundCount {
            round_id: id.clone(),
            round_name: name.clone(),
            invited: *invited,
            answered: *answered,
        })
        .collect();
    let comments = comments::for_unit(db, &parent, &th, &round_id, unit).await?;
    let filed: Option<Option<String>> = sqlx::query_scalar(
        "SELECT filing_unit_id FROM round_filing WHERE round_id = $1 AND unit_id = $2",
    )
    .bind(&round_id)
    .bind(unit)
    .fetch_optional(&db.pool)
    .await?;
    let filed_with = filed
        .clone()
        .flatten()
        .filter(|f| f != unit)
        .and_then(|f| name.get(f.as_str()).map(|s| s.to_string()));
    // After the close, where those answers were counted in the end: a group
    // still below k at the close is counted one level up, and so on
    // (`store::merge_small_groups`); one that never reaches k stays sealed.
    // The first unit from the filing unit up that holds a group of this
    // round is where they are, so the page names it (or says they are
    // counted nowhere) rather than the filing unit.
    let counted_with = match filed.flatten().filter(|f| f != unit) {
        Some(filed) if round_closed => {
            let groups: std::collections::HashSet<String> = sqlx::query_scalar(
                "SELECT unit_id FROM result_respondents WHERE round_id = $1 AND respondents > 0",
            )
            .bind(&round_id)
            .fetch_all(&db.pool)
            .await?
            .into_iter()
            .collect();
            let then = Tree::from_parents(
                crate::anonymity::round_tree::parents(db, &round_id, &parent).await?,
            );
            let up = then.ancestors(&filed);
            Some(
                std::iter::once(&filed)
                    .chain(&up)
                    .find(|u| groups.contains(*u))
                    .and_then(|u| name.get(u.as_str()).map(|s| s.to_string())),
            )
        }
        _ => None,
    };

    let pick = |list: &Option<Vec<DimensionFigure>>, d: &str| {
        list.as_ref()
            .and_then(|l| l.iter().find(|f| f.dimension == d).cloned())
    };
    let rows = bank
        .dimensions
        .iter()
        .filter_map(|d| {
            // Nothing here but something above: this unit's answers were
            // too few (or filed with the unit above) — say so, and show the
            // parent's figure beside it rather than leaving the row out.
            let fig = match here.iter().find(|f| f.dimension == d.id) {
                Some(f) => f.clone(),
                None => {
                    pick(&up, &d.id)?;
                    let k = if d.sensitive {
                        th.k_sensitive
                    } else {
                        th.k_score
                    };
                    DimensionFigure {
                        dimension: d.id.clone(),
                        score: None,
                        shares: None,
                        respondents: None,
                        hidden: Some(Hidden::TooFew { k }),
                    }
                }
            };
            let change = match (
                fig.score,
                prev.iter()
                    .find(|f| f.dimension == d.id)
                    .and_then(|f| f.score),
            ) {
                (Some(now), Some(before)) => Some(((now - before) * 10.0).round() / 10.0),
                _ => None,
            };
            Some(DashboardRow {
                name: d.name.get(lang).to_owned(),
                sensitive: d.sensitive,
                here: fig,
                change,
                parent: pick(&up, &d.id),
                organisation: pick(&org, &d.id),
            })
        })
        .collect();
    Ok(Some(UnitDashboard {
        unit_id: unit.to_owned(),
        unit_name,
        round_id,
        round_name,
        round_closed,
        rounds: ordered
            .iter()
            .map(|(id, n, ..)| (id.clone(), n.clone()))
            .collect(),
        invited,
        answered,
        filed_with,
        counted_with,
        parent_name: parent_id
            .as_deref()
            .and_then(|p| name.get(p).map(|s| s.to_string())),
        organisation_name: name
            .get(root.as_str())
            .map(|s| s.to_string())
            .unwrap_or_default(),
        k_score: th.k_score,
        rows,
        trend,
        responses,
        comments,
        newer,
    }))
}
