//! Committees: a name, a scope (a unit and the units below it) and a
//! language. Members work on their committee's goals, stories and annual
//! discussion; administrators on every committee. A committee is above
//! another when its unit is above the other's — that hierarchy is the only
//! way goals may be linked.

pub mod discussions;
pub mod document;
pub mod goals;

use super::{db::Db, scope::Tree};
use crate::model::{CommitteeRef, Role, SessionUser};
use sqlx::{Any, Executor};

/// Creates the committee named `label` (or after its unit) for `unit` unless
/// it exists. Called before a committee member's role is granted.
pub async fn ensure<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    unit: &str,
    label: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO committees (id, name, unit_id, lang, created_at) \
         SELECT $1, COALESCE($2, u.name), u.id, \
         COALESCE((SELECT default_lang FROM organisation LIMIT 1), 'da'), $3 \
         FROM units u WHERE u.id = $4 AND NOT EXISTS \
         (SELECT 1 FROM committees c WHERE c.unit_id = u.id AND c.name = COALESCE($2, u.name))",
    )
    .bind(super::ids::new_id())
    .bind(label)
    .bind(chrono::Utc::now().timestamp())
    .bind(unit)
    .execute(ex)
    .await?;
    Ok(())
}

const SELECT: &str = "SELECT c.id, c.name, c.unit_id, u.name, c.lang FROM committees c \
                      JOIN units u ON u.id = c.unit_id";

fn committee(r: (String, String, String, String, String)) -> CommitteeRef {
    CommitteeRef {
        id: r.0,
        name: r.1,
        unit_id: r.2,
        unit_name: r.3,
        lang: r.4,
    }
}

async fn all(db: &Db) -> Result<Vec<CommitteeRef>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(
        format!("{SELECT} ORDER BY u.name, c.name"),
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(committee).collect())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<CommitteeRef>, sqlx::Error> {
    let row: Option<(String, String, String, String, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(committee))
}

/// Whether the person works on this committee's documents.
pub fn is_member(user: &SessionUser, committee: &str) -> bool {
    user.has(Role::Admin)
        || user
            .roles
            .iter()
            .any(|g| g.role == Role::Committee && g.committee_id.as_deref() == Some(committee))
}

/// The committees a person works on: their own, or all for administrators.
pub async fn mine(db: &Db, user: &SessionUser) -> Result<Vec<CommitteeRef>, sqlx::Error> {
    Ok(all(db)
        .await?
        .into_iter()
        .filter(|c| is_member(user, &c.id))
        .collect())
}

/// The committees above `c` (their units above its unit), nearest first.
pub async fn above(db: &Db, c: &CommitteeRef) -> Result<Vec<CommitteeRef>, sqlx::Error> {
    let tree = Tree::load(db).await?;
    let mut out: Vec<(usize, CommitteeRef)> = all(db)
        .await?
        .into_iter()
        .filter(|o| o.unit_id != c.unit_id && tree.is_within(&c.unit_id, &o.unit_id))
        .map(|o| (depth(&tree, &o.unit_id), o))
        .collect();
    out.sort_by_key(|o| std::cmp::Reverse(o.0));
    Ok(out.into_iter().map(|(_, o)| o).collect())
}

/// Steps from `unit` to the top of the tree.
fn depth(tree: &Tree, unit: &str) -> usize {
    tree.ancestors(unit).len()
}
