//! Changing the tree and moving people, as an administrator does by hand.
//! History is kept: a closed unit stays in the database (its past results stay
//! reachable), and a person's move closes one membership and opens another.

use super::{db::Db, import::apply::move_membership, org, scope::Tree};
use crate::model::{PersonSummary, UnitDetail, UnitSummary};
use chrono::Utc;
use sqlx::Row;

#[derive(Debug, thiserror::Error)]
pub enum UnitError {
    #[error("no such unit")]
    NotFound,
    #[error("a unit cannot be moved below itself")]
    Cycle,
    #[error("the unit code is already used")]
    DuplicateCode,
    #[error("invalid name or code")]
    Invalid,
    #[error("the unit is closed")]
    Closed,
    #[error("the unit still has people or open sub-units")]
    NotEmpty,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// An update that touched no row means the unit does not exist.
fn found(r: sqlx::any::AnyQueryResult) -> Result<(), UnitError> {
    if r.rows_affected() == 0 {
        Err(UnitError::NotFound)
    } else {
        Ok(())
    }
}

fn clean(s: &str, max: usize) -> Result<String, UnitError> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > max || t.chars().any(char::is_control) {
        Err(UnitError::Invalid)
    } else {
        Ok(t.to_owned())
    }
}

pub async fn rename(db: &Db, unit: &str, name: &str) -> Result<(), UnitError> {
    let name = clean(name, 200)?;
    found(
        sqlx::query("UPDATE units SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(unit)
            .execute(&db.pool)
            .await?,
    )
}

/// Moves a unit (with its subtree) under another; refuses to create a cycle.
pub async fn move_unit(db: &Db, unit: &str, new_parent: &str) -> Result<(), UnitError> {
    let tree = Tree::load(db).await?;
    if !tree.exists(unit) || !tree.exists(new_parent) {
        return Err(UnitError::NotFound);
    }
    if tree.is_within(new_parent, unit) {
        return Err(UnitError::Cycle);
    }
    let open: Option<Option<i64>> = sqlx::query_scalar("SELECT closed_at FROM units WHERE id = $1")
        .bind(new_parent)
        .fetch_optional(&db.pool)
        .await?;
    if matches!(open, Some(Some(_))) {
        return Err(UnitError::Closed);
    }
    sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2")
        .bind(new_parent)
        .bind(unit)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Adds a unit below `parent`.
pub async fn add_child(db: &Db, parent: &str, code: &str, name: &str) -> Result<String, UnitError> {
    let code = clean(code, 64)?;
    let name = clean(name, 200)?;
    let tree = Tree::load(db).await?;
    if !tree.exists(parent) {
        return Err(UnitError::NotFound);
    }
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
        .bind(&code)
        .fetch_optional(&db.pool)
        .await?;
    if taken.is_some() {
        return Err(UnitError::DuplicateCode);
    }
    let parent_kind: String = sqlx::query_scalar("SELECT kind FROM units WHERE id = $1")
        .bind(parent)
        .fetch_one(&db.pool)
        .await?;
    let kind = match parent_kind.as_str() {
        "organisation" => "enterprise",
        "enterprise" => "department",
        _ => "team",
    };
    Ok(org::create_unit(
        &db.pool,
        org::NewUnit {
            parent_id: Some(parent),
            code: &code,
            name: &name,
            kind,
        },
    )
    .await?)
}

/// Closes a unit that no longer has people or open sub-units.
pub async fn close(db: &Db, unit: &str) -> Result<(), UnitError> {
    let busy: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM people WHERE unit_id = $1 AND left_at IS NULL) \
         + (SELECT COUNT(*) FROM units WHERE parent_id = $1 AND closed_at IS NULL)",
    )
    .bind(unit)
    .fetch_one(&db.pool)
    .await?;
    if busy > 0 {
        return Err(UnitError::NotEmpty);
    }
    found(
        sqlx::query("UPDATE units SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
            .bind(Utc::now().timestamp())
            .bind(unit)
            .execute(&db.pool)
            .await?,
    )
}

pub async fn reopen(db: &Db, unit: &str) -> Result<(), UnitError> {
    found(
        sqlx::query("UPDATE units SET closed_at = NULL WHERE id = $1")
            .bind(unit)
            .execute(&db.pool)
            .await?,
    )
}

/// Moves a person to another (open) unit, dated now.
pub async fn move_person(db: &Db, person: &str, unit: &str) -> Result<(), UnitError> {
    let target: Option<Option<i64>> =
        sqlx::query_scalar("SELECT closed_at FROM units WHERE id = $1")
            .bind(unit)
            .fetch_optional(&db.pool)
            .await?;
    match target {
        None => return Err(UnitError::NotFound),
        Some(Some(_)) => return Err(UnitError::Closed),
        Some(None) => {}
    }
    let mut tx = db.pool.begin().await?;
    let r = sqlx::query(
        "UPDATE people SET unit_id = $1 WHERE id = $2 AND left_at IS NULL AND unit_id <> $1",
    )
    .bind(unit)
    .bind(person)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() == 1 {
        move_membership(&mut tx, person, unit, Utc::now().timestamp()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The unit page's data. `with_people` only for administrators.
pub async fn detail(
    db: &Db,
    unit: &str,
    visible: impl Fn(&str) -> bool,
    admin: bool,
) -> Result<Option<UnitDetail>, sqlx::Error> {
    let overview = org::overview(db).await?;
    let Some(me) = overview.units.iter().find(|u| u.id == unit).cloned() else {
        return Ok(None);
    };
    let by_id: std::collections::HashMap<&str, &UnitSummary> =
        overview.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut path = Vec::new();
    let mut cur = me.parent_id.as_deref();
    while let Some(p) = cur.and_then(|id| by_id.get(id)) {
        if visible(&p.id) {
            path.push((p.id.clone(), p.name.clone()));
        }
        cur = p.parent_id.as_deref();
        if path.len() > overview.units.len() {
            break;
        }
    }
    path.reverse();
    let children = overview
        .units
        .iter()
        .filter(|u| u.parent_id.as_deref() == Some(unit))
        .cloned()
        .collect();
    let mut people = Vec::new();
    if admin {
        for r in sqlx::query(
            "SELECT id, employee_no, name, email FROM people WHERE unit_id = $1 AND left_at IS NULL ORDER BY name",
        )
        .bind(unit)
        .fetch_all(&db.pool)
        .await?
        {
            let email: Option<String> = r.try_get("email")?;
            people.push(PersonSummary {
                id: r.try_get("id")?,
                employee_no: r.try_get("employee_no")?,
                name: r.try_get("name")?,
                has_email: email.is_some(),
            });
        }
    }
    // People who left from here, until they are erased: an administrator
    // answers their access requests from this page too.
    let (leavers, leaver_retention_months) = if admin {
        let months = super::leavers::retention_months(db).await?;
        (super::leavers::of_unit(db, unit, months).await?, months)
    } else {
        (Vec::new(), 0)
    };
    let leaders: Vec<String> = sqlx::query_scalar(
        "SELECT a.name FROM roles r JOIN accounts a ON a.id = r.account_id \
         WHERE r.role = 'leader' AND r.unit_id = $1 ORDER BY a.name",
    )
    .bind(unit)
    .fetch_all(&db.pool)
    .await?;
    let targets = if admin {
        org::unit_choices(&overview.units)
    } else {
        Vec::new()
    };
    Ok(Some(UnitDetail {
        unit: me,
        path,
        children,
        people,
        leavers,
        leaver_retention_months,
        leaders,
        k_score: overview.k_score,
        can_edit: admin,
        targets,
    }))
}
