//! Importing the organisation from the HR system: a units file (the tree) and
//! a people file (who works where). An upload is parsed, checked and planned
//! against the database, stored as a *preview*, and only written when an
//! administrator applies it — whole, in one transaction, or not at all. A
//! re-import of the same files plans no changes.
//!
//! The uploaded files hold personal data, so they are kept only until the
//! import is applied or discarded (and a day at most).

pub mod apply;
pub mod json;
pub mod parse;
pub mod plan;
pub mod sample;

use super::db::Db;
use crate::model::{ImportFile, ImportIssue, ImportPreview};
use base64::{engine::general_purpose::STANDARD, Engine};
use chrono::Utc;
use plan::{DbPerson, DbUnit, Plan, Snapshot};
use sqlx::Row;
use std::collections::BTreeSet;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no such import")]
    NotFound,
    #[error("the import has issues that are neither fixed nor skipped")]
    Unresolved,
    #[error("the import was already applied or discarded")]
    NotPending,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The database as the planner needs it.
pub async fn snapshot(db: &Db) -> Result<Snapshot, sqlx::Error> {
    let mut s = Snapshot {
        default_lang: sqlx::query_scalar("SELECT default_lang FROM organisation LIMIT 1")
            .fetch_optional(&db.pool)
            .await?
            .unwrap_or_else(|| "da".to_owned()),
        ..Snapshot::default()
    };
    for r in sqlx::query(
        "SELECT u.id, u.code, u.name, p.code AS parent_code, u.closed_at \
         FROM units u LEFT JOIN units p ON p.id = u.parent_id",
    )
    .fetch_all(&db.pool)
    .await?
    {
        let closed: Option<i64> = r.try_get("closed_at")?;
        s.units.insert(
            r.try_get("code")?,
            DbUnit {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                parent_code: r.try_get("parent_code")?,
                closed: closed.is_some(),
            },
        );
    }
    for r in sqlx::query(
        "SELECT p.id, p.employee_no, p.name, p.email, p.lang, u.code AS unit_code, p.left_at, \
         a.id AS account_id FROM people p JOIN units u ON u.id = p.unit_id \
         LEFT JOIN accounts a ON a.person_id = p.id",
    )
    .fetch_all(&db.pool)
    .await?
    {
        let left: Option<i64> = r.try_get("left_at")?;
        let account: Option<String> = r.try_get("account_id")?;
        s.people.insert(
            r.try_get("employee_no")?,
            DbPerson {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                lang: r.try_get("lang")?,
                unit_code: r.try_get("unit_code")?,
                left: left.is_some(),
                has_account: account.is_some(),
            },
        );
    }
    for r in sqlx::query(
        "SELECT pe.employee_no, u.code FROM roles r JOIN accounts a ON a.id = r.account_id \
         JOIN people pe ON pe.id = a.person_id JOIN units u ON u.id = r.unit_id \
         WHERE r.role = 'leader'",
    )
    .fetch_all(&db.pool)
    .await?
    {
        s.leaders.insert((r.try_get(0)?, r.try_get(1)?));
    }
    Ok(s)
}

/// Parses both files and plans the import against `snapshot`.
pub fn plan_files(
    snapshot: &Snapshot,
    units: Option<&[u8]>,
    people: &[u8],
    skip: &BTreeSet<u64>,
) -> (Plan, usize, usize) {
    let parsed_units = units.map(parse::units);
    let parsed_people = parse::people(people);
    let mut issues: Vec<ImportIssue> = Vec::new();
    let mut blocking = parsed_people.fatal;
    if let Some(u) = &parsed_units {
        issues.extend(u.issues.iter().cloned());
        // A units file with any bad row cannot be applied: the tree must be whole.
        blocking |= !u.issues.is_empty();
    }
    issues.extend(parsed_people.issues.iter().cloned());
    let unit_rows = parsed_units.as_ref().map(|u| u.rows.len()).unwrap_or(0);
    let people_rows =
        parsed_people.rows.len() + parsed_people.issues.iter().filter(|i| i.line > 1).count();
    let mut p = if blocking {
        Plan::default()
    } else {
        let kept: std::collections::HashSet<String> = parsed_people
            .keys
            .iter()
            .filter(|(line, _)| skip.contains(line))
            .map(|(_, no)| no.clone())
            .collect();
        plan::plan(
            snapshot,
            parsed_units.as_ref().map(|u| u.rows.as_slice()),
            &parsed_people.rows,
            skip,
            &kept,
        )
    };
    issues.append(&mut p.issues);
    issues.sort_by_key(|i| (i.file == ImportFile::People, i.line));
    p.issues = issues;
    p.blocking |= blocking;
    (p, people_rows, unit_rows)
}

/// Stores an upload as a preview and returns its id.
pub async fn store(
    db: &Db,
    created_by: Option<&str>,
    units: Option<&[u8]>,
    people: &[u8],
) -> Result<String, sqlx::Error> {
    let id = super::ids::new_id();
    sqlx::query(
        "INSERT INTO imports (id, created_by, status, units_csv, people_csv, created_at) \
         VALUES ($1, $2, 'preview', $3, $4, $5)",
    )
    .bind(&id)
    .bind(created_by)
    .bind(units.map(|u| STANDARD.encode(u)))
    .bind(STANDARD.encode(people))
    .bind(Utc::now().timestamp())
    .execute(&db.pool)
    .await?;
    Ok(id)
}

struct Stored {
    status: String,
    units: Option<Vec<u8>>,
    people: Option<Vec<u8>>,
    summary: Option<String>,
}

async fn load(db: &Db, id: &str) -> Result<Option<Stored>, sqlx::Error> {
    let Some(r) =
        sqlx::query("SELECT status, units_csv, people_csv, summary FROM imports WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?
    else {
        return Ok(None);
    };
    let decode = |s: Option<String>| s.and_then(|s| STANDARD.decode(s).ok());
    Ok(Some(Stored {
        status: r.try_get("status")?,
        units: decode(r.try_get("units_csv")?),
        people: decode(r.try_get("people_csv")?),
        summary: r.try_get("summary")?,
    }))
}

/// The preview of a stored import: re-planned against the database as it is
/// now while pending; the recorded outcome once applied.
pub async fn preview(db: &Db, id: &str) -> Result<Option<ImportPreview>, sqlx::Error> {
    let Some(stored) = load(db, id).await? else {
        return Ok(None);
    };
    if let (Some(summary), false) = (&stored.summary, stored.status == "preview") {
        if let Ok(mut p) = serde_json::from_str::<ImportPreview>(summary) {
            p.status = stored.status;
            return Ok(Some(p));
        }
    }
    let snapshot = snapshot(db).await?;
    let people = stored.people.unwrap_or_default();
    let (plan, people_rows, unit_rows) = plan_files(
        &snapshot,
        stored.units.as_deref(),
        &people,
        &BTreeSet::new(),
    );
    Ok(Some(to_preview(
        id,
        &stored.status,
        &plan,
        people_rows,
        unit_rows,
    )))
}

fn to_preview(
    id: &str,
    status: &str,
    plan: &Plan,
    people_rows: usize,
    unit_rows: usize,
) -> ImportPreview {
    ImportPreview {
        id: id.to_owned(),
        status: status.to_owned(),
        people_rows,
        unit_rows,
        changes: plan.changes.clone(),
        issues: plan.issues.clone(),
        blocking: plan.blocking,
        progress: None,
    }
}

/// Applies a stored import. `skip_bad_rows` is the administrator's explicit
/// choice to leave out the people rows with issues. Safe when several app
/// instances share the database: the import is claimed with a conditional
/// update, so only one of them writes it.
pub async fn apply_stored(
    db: &Db,
    id: &str,
    skip_bad_rows: bool,
    progress: apply::Progress<'_>,
) -> Result<ImportPreview, ImportError> {
    let stored = load(db, id).await?.ok_or(ImportError::NotFound)?;
    if stored.status != "preview" {
        return Err(ImportError::NotPending);
    }
    let people = stored.people.unwrap_or_default();
    let snapshot = snapshot(db).await?;
    let (first, _, _) = plan_files(
        &snapshot,
        stored.units.as_deref(),
        &people,
        &BTreeSet::new(),
    );
    let skip = if skip_bad_rows {
        first.bad_people_lines()
    } else {
        BTreeSet::new()
    };
    let (plan, people_rows, unit_rows) =
        plan_files(&snapshot, stored.units.as_deref(), &people, &skip);
    if !plan.can_apply(&skip) {
        return Err(ImportError::Unresolved);
    }
    let mut outcome = to_preview(id, "applied", &plan, people_rows, unit_rows);
    // The plan is recorded with the claim, so that the page polling an import
    // being applied reads it instead of planning the whole file again.
    let claimed = sqlx::query(
        "UPDATE imports SET status = 'applying', summary = $2 WHERE id = $1 AND status = 'preview'",
    )
    .bind(id)
    .bind(serde_json::to_string(&outcome).unwrap_or_default())
    .execute(&db.pool)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(ImportError::NotPending);
    }
    match apply::apply(db, &snapshot, &plan, progress).await {
        Ok(()) => {
            outcome
                .issues
                .retain(|i| !skip.contains(&i.line) || i.file != ImportFile::People);
            finish(db, id, "applied", &outcome).await?;
            Ok(outcome)
        }
        Err(e) => {
            outcome.status = "failed".into();
            finish(db, id, "failed", &outcome).await?;
            Err(e.into())
        }
    }
}

/// Records the outcome and forgets the uploaded files.
async fn finish(
    db: &Db,
    id: &str,
    status: &str,
    outcome: &ImportPreview,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE imports SET status = $1, summary = $2, units_csv = NULL, people_csv = NULL, \
         applied_at = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(serde_json::to_string(outcome).unwrap_or_default())
    .bind(Utc::now().timestamp())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Discards a pending import and its files.
pub async fn discard(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE imports SET status = 'discarded', units_csv = NULL, people_csv = NULL WHERE id = $1 AND status = 'preview'",
    )
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Forgets uploaded files of previews older than a day.
pub async fn purge_stale(db: &Db) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE imports SET status = 'discarded', units_csv = NULL, people_csv = NULL \
         WHERE status = 'preview' AND created_at < $1",
    )
    .bind(Utc::now().timestamp() - 86_400)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected())
}
