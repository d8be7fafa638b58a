//! The organisation tree: units, headcounts, settings.

use super::{db::Db, ids};
use crate::model::{OrgOverview, UnitSummary};
use chrono::Utc;
use sqlx::{Any, Executor, Row};
use std::collections::HashMap;

pub struct NewUnit<'a> {
    pub parent_id: Option<&'a str>,
    pub code: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
}

pub async fn create_organisation<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    name: &str,
    default_lang: &str,
) -> Result<String, sqlx::Error> {
    let id = ids::new_id();
    sqlx::query(
        "INSERT INTO organisation (id, name, default_lang, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(name)
    .bind(default_lang)
    .bind(Utc::now().timestamp())
    .execute(ex)
    .await?;
    Ok(id)
}

pub async fn create_unit<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    unit: NewUnit<'_>,
) -> Result<String, sqlx::Error> {
    let id = ids::new_id();
    sqlx::query(
        "INSERT INTO units (id, parent_id, code, name, kind, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(unit.parent_id)
    .bind(unit.code)
    .bind(unit.name)
    .bind(unit.kind)
    .bind(Utc::now().timestamp())
    .execute(ex)
    .await?;
    Ok(id)
}

/// The whole tree in display order (depth first, siblings by name), with the
/// number of people filed directly under each unit and in its subtree.
pub struct NewPerson<'a> {
    pub employee_no: &'a str,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub lang: &'a str,
    pub unit_id: &'a str,
}

/// Adds a person to a unit and opens their membership history there.
pub async fn add_person(
    tx: &mut sqlx::Transaction<'_, Any>,
    p: NewPerson<'_>,
) -> Result<String, sqlx::Error> {
    let id = ids::new_id();
    let now = Utc::now().timestamp();
    sqlx::query(
        "INSERT INTO people (id, employee_no, name, email, lang, unit_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(p.employee_no)
    .bind(p.name)
    .bind(p.email)
    .bind(p.lang)
    .bind(p.unit_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (id, person_id, unit_id, valid_from) VALUES ($1, $2, $3, $4)",
    )
    .bind(ids::new_id())
    .bind(&id)
    .bind(p.unit_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn overview(db: &Db) -> Result<OrgOverview, sqlx::Error> {
    let organisation: String = sqlx::query_scalar("SELECT name FROM organisation LIMIT 1")
        .fetch_optional(&db.pool)
        .await?
        .unwrap_or_default();
    let crate::model::Thresholds {
        k_score,
        k_comment,
        k_sensitive,
    } = crate::anonymity::thresholds::read(db).await?;
    let rows = sqlx::query(
        "SELECT u.id, u.parent_id, u.code, u.name, u.kind, u.closed_at, \
         (SELECT COUNT(*) FROM people p WHERE p.unit_id = u.id AND p.left_at IS NULL) AS direct \
         FROM units u",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut units = Vec::with_capacity(rows.len());
    for r in rows {
        let closed: Option<i64> = r.try_get("closed_at")?;
        units.push(UnitSummary {
            id: r.try_get("id")?,
            parent_id: r.try_get("parent_id")?,
            code: r.try_get("code")?,
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            depth: 0,
            direct: r.try_get("direct")?,
            total: 0,
            closed: closed.is_some(),
        });
    }
    Ok(OrgOverview {
        organisation,
        k_score,
        k_comment,
        k_sensitive,
        units: order_tree(units),
    })
}

/// Orders units depth first and fills in `depth` and `total`.
pub fn order_tree(units: Vec<UnitSummary>) -> Vec<UnitSummary> {
    let mut children: HashMap<Option<String>, Vec<usize>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        children.entry(u.parent_id.clone()).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by(|&a, &b| units[a].name.cmp(&units[b].name));
    }
    // Totals bottom-up: visit in depth-first order, then sum in reverse.
    let mut order: Vec<(usize, u32)> = Vec::with_capacity(units.len());
    let mut stack: Vec<(usize, u32)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|&i| (i, 0)).collect())
        .unwrap_or_default();
    while let Some((i, depth)) = stack.pop() {
        order.push((i, depth));
        if let Some(kids) = children.get(&Some(units[i].id.clone())) {
            stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
        }
    }
    let index: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let mut total: Vec<i64> = units.iter().map(|u| u.direct).collect();
    // Children come after their parent in `order`, so a reverse walk has every
    // subtree summed before it is added to its parent.
    for &(i, _) in order.iter().rev() {
        if let Some(&p) = units[i].parent_id.as_deref().and_then(|p| index.get(p)) {
            total[p] += total[i];
        }
    }
    order
        .into_iter()
        .map(|(i, depth)| UnitSummary {
            depth,
            total: total[i],
            ..units[i].clone()
        })
        .collect()
}

/// Open units as (id, label) for a select box, indented by depth, in tree order.
pub fn unit_choices(units: &[UnitSummary]) -> Vec<(String, String)> {
    units
        .iter()
        .filter(|u| !u.closed)
        .map(|u| {
            (
                u.id.clone(),
                format!("{}{}", "· ".repeat(u.depth as usize), u.name),
            )
        })
        .collect()
}

/// Keeps only the units inside the subtrees rooted at `roots` (the scope of a
/// leader or committee). `units` must be in `order_tree` order.
pub fn restrict_to_subtrees(units: &[UnitSummary], roots: &[&str]) -> Vec<UnitSummary> {
    let mut keep: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for u in units {
        let inside = roots.contains(&u.id.as_str())
            || u.parent_id.as_deref().is_some_and(|p| keep.contains(p));
        if inside {
            keep.insert(&u.id);
            out.push(u.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, parent: Option<&str>, direct: i64) -> UnitSummary {
        UnitSummary {
            id: id.into(),
            parent_id: parent.map(Into::into),
            code: id.into(),
            name: id.into(),
            kind: "team".into(),
            depth: 0,
            direct,
            total: 0,
            closed: false,
        }
    }

    #[test]
    fn the_tree_is_ordered_depth_first_with_subtree_totals() {
        let units = vec![
            unit("b", Some("root"), 2),
            unit("a1", Some("a"), 4),
            unit("root", None, 1),
            unit("a", Some("root"), 0),
            unit("a2", Some("a"), 3),
        ];
        let out = order_tree(units);
        let ids: Vec<_> = out
            .iter()
            .map(|u| (u.id.as_str(), u.depth, u.total))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("root", 0, 10),
                ("a", 1, 7),
                ("a1", 2, 4),
                ("a2", 2, 3),
                ("b", 1, 2)
            ]
        );
        let scoped = restrict_to_subtrees(&out, &["a"]);
        let ids: Vec<_> = scoped.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "a1", "a2"]);
    }
}
