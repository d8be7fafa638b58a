//! The committee heatmap: every unit in the viewer's scope × every theme of a
//! round, each cell through the same suppression as the dashboard (one
//! decision per theme for the whole tree, so both pages hide the same cells).

use super::figures::{self, Parents};
use crate::{
    i18n::Lang,
    model::{DimensionFigure, HeatRow, Heatmap},
    services::{db::Db, questions, scope},
};

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
    // Depth-first from the scope's roots (or the top), so rows read as a tree.
    let mut order = scope::depth_first(&tree, roots);

    let bank = questions::bank_with_custom(db, true).await?;
    let vis = figures::for_round(db, &parent, &bank, &round_id).await?;
    let th = vis.th;
    // The round before, for each cell's change (same suppression: a change
    // is shown only where both figures are).
    let previous = rounds
        .iter()
        .position(|(id, _)| *id == round_id)
        .and_then(|i| rounds.get(i + 1));
    let before = match previous {
        Some((id, _)) => Some(figures::for_round(db, &parent, &bank, id).await?),
        None => None,
    };
    // The whole organisation on top when the scope is a part of it.
    let top: Vec<String> = tree
        .iter()
        .filter(|(_, p, _)| p.is_none())
        .map(|(u, _, _)| u.clone())
        .collect();
    if !order.iter().any(|(u, _, _)| top.contains(u)) {
        for (u, _, n) in tree.iter().filter(|(_, p, _)| p.is_none()).rev() {
            order.insert(0, (u.clone(), n.clone(), 0));
        }
    }
    let mut rows: Vec<HeatRow> = order
        .into_iter()
        .filter_map(|(unit, name, depth)| {
            let figs = figures::unit_figures(&bank, &vis, &unit);
            if figs.is_empty() {
                return None; // nobody here answered anything in this round
            }
            let was = before
                .as_ref()
                .map(|b| figures::unit_figures(&bank, b, &unit))
                .unwrap_or_default();
            let cells: Vec<Option<DimensionFigure>> = bank
                .dimensions
                .iter()
                .map(|d| figs.iter().find(|f| f.dimension == d.id).cloned())
                .collect();
            let changes = bank
                .dimensions
                .iter()
                .zip(&cells)
                .map(|(d, c)| {
                    let now = c.as_ref()?.score?;
                    let then = was.iter().find(|f| f.dimension == d.id)?.score?;
                    Some(((now - then) * 10.0).round() / 10.0)
                })
                .collect();
            Some(HeatRow {
                outside_scope: top.contains(&unit) && roots.is_some_and(|r| !r.contains(&unit)),
                parent_id: parent.get(&unit).cloned().flatten(),
                unit_id: unit,
                name,
                depth,
                cells,
                changes,
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
        r.changes = asked.iter().map(|i| r.changes[*i]).collect();
    }
    let dims: Vec<(String, String, bool)> = asked.iter().map(|i| dims[*i].clone()).collect();
    if let Some(col) = sort.and_then(|s| dims.iter().position(|(id, _, _)| id == s)) {
        let key = |r: &HeatRow| {
            r.cells[col]
                .as_ref()
                .and_then(|f| f.score)
                .unwrap_or(f64::INFINITY)
        };
        // The organisation row stays on top as the yardstick.
        rows.sort_by(|a, b| {
            b.outside_scope
                .cmp(&a.outside_scope)
                .then(key(a).total_cmp(&key(b)))
        });
        for r in &mut rows {
            r.depth = 0; // a sorted list is no longer a tree
        }
    }
    Ok(Some(Heatmap {
        round_id,
        round_name,
        previous_round: previous.map(|(_, n)| n.clone()),
        rounds,
        dimensions: dims,
        rows,
        k_score: th.k_score,
        k_sensitive: th.k_sensitive,
    }))
}
