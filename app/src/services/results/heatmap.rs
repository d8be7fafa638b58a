//! The committee heatmap: every unit in the viewer's scope × every theme of a
//! round, each cell through the same suppression as the dashboard (one
//! decision per theme for the whole tree, so both pages hide the same cells).

use super::figures::{self, Parents};
use crate::{
    i18n::Lang,
    model::{HeatRow, Heatmap},
    services::{db::Db, questions, units},
};
use std::collections::BTreeMap;

/// `roots`: the viewer's scope (None: the whole organisation).
/// `sort`: a dimension id to order units by (lowest score first, hidden last).
pub async fn heatmap(
    db: &Db,
    lang: Lang,
    roots: Option<&[String]>,
    round: Option<&str>,
    sort: Option<&str>,
) -> Result<Option<Heatmap>, sqlx::Error> {
    let rounds: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM rounds ORDER BY opened_at DESC, id")
            .fetch_all(&db.pool)
            .await?;
    let chosen = match round {
        Some(r) => rounds.iter().find(|(id, _)| id == r),
        None => rounds.first(),
    };
    let Some((round_id, round_name)) = chosen.cloned() else {
        return Ok(None);
    };
    let tree: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM units ORDER BY name, id")
            .fetch_all(&db.pool)
            .await?;
    let parent: Parents = tree
        .iter()
        .map(|(u, p, _)| (u.clone(), p.clone()))
        .collect();
    let mut children: BTreeMap<Option<String>, Vec<(String, String)>> = BTreeMap::new();
    for (u, p, n) in &tree {
        children
            .entry(p.clone())
            .or_default()
            .push((u.clone(), n.clone()));
    }
    // Depth-first from the scope's roots (or the top), so rows read as a tree.
    let starts: Vec<(String, String)> = match roots {
        None => children.get(&None).cloned().unwrap_or_default(),
        Some(r) => tree
            .iter()
            .filter(|(u, _, _)| r.contains(u))
            .map(|(u, _, n)| (u.clone(), n.clone()))
            .collect(),
    };
    let mut order: Vec<(String, String, u32)> = Vec::new();
    let mut stack: Vec<(String, String, u32)> =
        starts.into_iter().rev().map(|(u, n)| (u, n, 0)).collect();
    while let Some((u, n, depth)) = stack.pop() {
        if order.len() > tree.len() {
            break;
        }
        if let Some(kids) = children.get(&Some(u.clone())) {
            for (c, cn) in kids.iter().rev() {
                stack.push((c.clone(), cn.clone(), depth + 1));
            }
        }
        order.push((u, n, depth));
    }

    let th = units::thresholds(db).await?;
    let bank = questions::bank_with_custom(db, true).await?;
    let data = figures::load(db, &round_id).await?;
    let vis = figures::visibility(&parent, &data, &bank, th.k_score, th.k_sensitive);
    let mut rows: Vec<HeatRow> = order
        .into_iter()
        .filter_map(|(unit, name, depth)| {
            let figs = figures::unit_figures(&bank, &vis, &unit, th.k_score, th.k_sensitive);
            if figs.is_empty() {
                return None; // nobody here answered anything in this round
            }
            let cells = bank
                .dimensions
                .iter()
                .map(|d| figs.iter().find(|f| f.dimension == d.id).cloned())
                .collect();
            Some(HeatRow {
                unit_id: unit,
                name,
                depth,
                cells,
            })
        })
        .collect();
    let dims: Vec<(String, String, bool)> = bank
        .dimensions
        .iter()
        .map(|d| (d.id.clone(), d.name.get(lang).to_owned(), d.sensitive))
        .collect();
    // Keep only themes the round asked somewhere.
    let asked: Vec<usize> = (0..dims.len())
        .filter(|i| rows.iter().any(|r| r.cells[*i].is_some()))
        .collect();
    for r in &mut rows {
        r.cells = asked.iter().map(|i| r.cells[*i].clone()).collect();
    }
    let dims: Vec<(String, String, bool)> = asked.iter().map(|i| dims[*i].clone()).collect();
    if let Some(col) = sort.and_then(|s| dims.iter().position(|(id, _, _)| id == s)) {
        let key = |r: &HeatRow| {
            r.cells[col]
                .as_ref()
                .and_then(|f| f.score)
                .unwrap_or(f64::INFINITY)
        };
        rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
        for r in &mut rows {
            r.depth = 0; // a sorted list is no longer a tree
        }
    }
    Ok(Some(Heatmap {
        round_id,
        round_name,
        rounds,
        dimensions: dims,
        rows,
        k_score: th.k_score,
        k_sensitive: th.k_sensitive,
    }))
}
