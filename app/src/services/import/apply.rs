//! Writing a plan, all in one transaction: an import is applied whole or not
//! at all. Bulk rows go in multi-row statements (a few hundred rows each) —
//! with sqlx every statement is a round trip, so per-row statements would
//! dominate a 30 000-person import.

use super::{
    parse::PersonRow,
    plan::{Plan, Snapshot},
};
use crate::services::{db::Db, ids};
use chrono::Utc;
use sqlx::{Any, AssertSqlSafe, Transaction};
use std::collections::HashMap;

/// Rows per multi-row INSERT (7 values each; SQLite allows 32 766 binds).
const BATCH: usize = 500;

/// Reports (done, total) while applying.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Send + Sync);

pub async fn apply(
    db: &Db,
    snapshot: &Snapshot,
    plan: &Plan,
    progress: Progress<'_>,
) -> Result<(), sqlx::Error> {
    let now = Utc::now().timestamp();
    let total = (plan.new_units.len()
        + plan.changed_units.len()
        + plan.closed_units.len()
        + plan.new_people.len()
        + plan.changed_people.len()
        + plan.leavers.len()
        + plan.leaders_added.len()
        + plan.leaders_removed.len()) as u64;
    let mut done = 0u64;
    progress(0, total);
    let mut tx = db.pool.begin().await?;

    // ---- units ----------------------------------------------------------------
    let mut unit_id: HashMap<String, String> = snapshot
        .units
        .iter()
        .map(|(code, u)| (code.clone(), u.id.clone()))
        .collect();
    let mut depth: HashMap<String, usize> = HashMap::new();
    for u in &plan.new_units {
        let id = ids::new_id();
        let parent_id = u.parent_code.as_ref().and_then(|c| unit_id.get(c)).cloned();
        let d = u
            .parent_code
            .as_ref()
            .map(|c| {
                depth
                    .get(c)
                    .copied()
                    .unwrap_or_else(|| depth_in_snapshot(snapshot, c))
                    + 1
            })
            .unwrap_or(0);
        depth.insert(u.code.clone(), d);
        let kind = u
            .kind
            .clone()
            .unwrap_or_else(|| kind_for_depth(d).to_owned());
        sqlx::query("INSERT INTO units (id, parent_id, code, name, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&id)
            .bind(parent_id)
            .bind(&u.code)
            .bind(&u.name)
            .bind(kind)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        unit_id.insert(u.code.clone(), id);
        done += 1;
    }
    for (code, name, parent, _reopen) in &plan.changed_units {
        let parent_id = parent.as_ref().and_then(|c| unit_id.get(c)).cloned();
        sqlx::query("UPDATE units SET name = $1, parent_id = $2, closed_at = NULL WHERE code = $3")
            .bind(name)
            .bind(parent_id)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        done += 1;
    }
    for code in &plan.closed_units {
        sqlx::query("UPDATE units SET closed_at = $1 WHERE code = $2")
            .bind(now)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        done += 1;
    }
    progress(done, total);

    // ---- new people, in batches -------------------------------------------------
    for chunk in plan.new_people.chunks(BATCH) {
        insert_people(&mut tx, chunk, &unit_id, &snapshot.default_lang, now).await?;
        done += chunk.len() as u64;
        progress(done, total);
    }

    // ---- changed people: a move closes one membership and opens another ----------
    for (row, unit_changed) in &plan.changed_people {
        let Some(person) = snapshot.people.get(&row.employee_no) else {
            continue;
        };
        let Some(unit) = unit_id.get(&row.unit_code) else {
            continue;
        };
        let lang = row.lang.clone().unwrap_or_else(|| person.lang.clone());
        sqlx::query("UPDATE people SET name = $1, email = $2, lang = $3, unit_id = $4, left_at = NULL WHERE id = $5")
            .bind(&row.name)
            .bind(&row.email)
            .bind(lang)
            .bind(unit)
            .bind(&person.id)
            .execute(&mut *tx)
            .await?;
        if *unit_changed {
            move_membership(&mut tx, &person.id, unit, now).await?;
        }
        done += 1;
        if done.is_multiple_of(BATCH as u64) {
            progress(done, total);
        }
    }

    // ---- leavers ----------------------------------------------------------------
    let leaver_ids: Vec<&str> = plan
        .leavers
        .iter()
        .filter_map(|no| snapshot.people.get(no))
        .map(|p| p.id.as_str())
        .collect();
    for chunk in leaver_ids.chunks(BATCH) {
        let list = placeholders(2, chunk.len());
        let sql = format!("UPDATE people SET left_at = $1 WHERE id IN ({list})");
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(now);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut *tx).await?;
        let sql = format!(
            "UPDATE memberships SET valid_to = $1 WHERE valid_to IS NULL AND person_id IN ({list})"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(now);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut *tx).await?;
        done += chunk.len() as u64;
        progress(done, total);
    }
    // Leavers' staff accounts: disabled, their sessions and password links
    // ended, their roles ended (kept in `roles_ended`) — except the last
    // enabled administrator, without whom nobody could administer.
    for person in &leaver_ids {
        let accounts: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM accounts WHERE person_id = $1 AND disabled_at IS NULL",
        )
        .bind(*person)
        .fetch_all(&mut *tx)
        .await?;
        for account in accounts {
            let admins = crate::services::accounts::enabled_admins(&mut *tx).await?;
            if admins == [account.clone()] {
                tracing::warn!("the last administrator left in the HR file; the account stays");
                continue;
            }
            let roles: Vec<String> =
                sqlx::query_scalar("SELECT id FROM roles WHERE account_id = $1")
                    .bind(&account)
                    .fetch_all(&mut *tx)
                    .await?;
            crate::services::accounts::end_roles(&mut tx, &roles, now, "left").await?;
            crate::services::accounts::disable(&mut tx, &account, now).await?;
        }
    }

    // ---- leader roles -----------------------------------------------------------
    let rows_by_no: HashMap<&str, &PersonRow> = plan
        .new_people
        .iter()
        .chain(plan.changed_people.iter().map(|(r, _)| r))
        .map(|r| (r.employee_no.as_str(), r))
        .collect();
    for (no, code) in &plan.leaders_added {
        let account =
            account_for_person(&mut tx, no, rows_by_no.get(no.as_str()).copied(), now).await?;
        if let (Some(account), Some(unit)) = (account, unit_id.get(code)) {
            sqlx::query("INSERT INTO roles (id, account_id, role, unit_id, created_at) VALUES ($1, $2, 'leader', $3, $4)")
                .bind(ids::new_id())
                .bind(account)
                .bind(unit)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (no, code) in &plan.leaders_removed {
        let ended: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM roles WHERE role = 'leader' \
             AND unit_id = (SELECT id FROM units WHERE code = $1) \
             AND account_id IN (SELECT a.id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.employee_no = $2)",
        )
        .bind(code)
        .bind(no)
        .fetch_all(&mut *tx)
        .await?;
        crate::services::accounts::end_roles(&mut tx, &ended, now, "import").await?;
    }
    tx.commit().await?;
    progress(total, total);
    Ok(())
}

fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn insert_people(
    tx: &mut Transaction<'_, Any>,
    rows: &[PersonRow],
    unit_id: &HashMap<String, String>,
    default_lang: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let person_ids: Vec<String> = rows.iter().map(|_| ids::new_id()).collect();
    let values: Vec<String> = (0..rows.len())
        .map(|i| format!("({})", placeholders(i * 7 + 1, 7)))
        .collect();
    let sql = format!(
        "INSERT INTO people (id, employee_no, name, email, lang, unit_id, created_at) VALUES {}",
        values.join(", ")
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for (row, id) in rows.iter().zip(&person_ids) {
        q = q
            .bind(id.clone())
            .bind(row.employee_no.clone())
            .bind(row.name.clone())
            .bind(row.email.clone())
            .bind(row.lang.clone().unwrap_or_else(|| default_lang.to_owned()))
            .bind(unit_id.get(&row.unit_code).cloned())
            .bind(now);
    }
    q.execute(&mut **tx).await?;

    let values: Vec<String> = (0..rows.len())
        .map(|i| format!("({})", placeholders(i * 4 + 1, 4)))
        .collect();
    let sql = format!(
        "INSERT INTO memberships (id, person_id, unit_id, valid_from) VALUES {}",
        values.join(", ")
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for (row, id) in rows.iter().zip(&person_ids) {
        q = q
            .bind(ids::new_id())
            .bind(id.clone())
            .bind(unit_id.get(&row.unit_code).cloned())
            .bind(now);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Closes the person's open membership and opens one in `unit` from `now`.
pub async fn move_membership(
    tx: &mut Transaction<'_, Any>,
    person_id: &str,
    unit: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE memberships SET valid_to = $1 WHERE person_id = $2 AND valid_to IS NULL")
        .bind(now)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO memberships (id, person_id, unit_id, valid_from) VALUES ($1, $2, $3, $4)",
    )
    .bind(ids::new_id())
    .bind(person_id)
    .bind(unit)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The staff account of a person, created (without a password: they cannot
/// sign in until one is set) when a leader role needs one.
async fn account_for_person(
    tx: &mut Transaction<'_, Any>,
    employee_no: &str,
    row: Option<&PersonRow>,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT a.id FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.employee_no = $1",
    )
    .bind(employee_no)
    .fetch_optional(&mut **tx)
    .await?;
    if existing.is_some() {
        return Ok(existing);
    }
    let person: Option<(String, String, Option<String>, String)> =
        sqlx::query_as("SELECT id, name, email, lang FROM people WHERE employee_no = $1")
            .bind(employee_no)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((person_id, name, email, lang)) = person else {
        return Ok(None);
    };
    let email = row.and_then(|r| r.email.clone()).or(email);
    let Some(email) = email else {
        return Ok(None);
    };
    // An account with this e-mail but no person yet is linked, not duplicated.
    let by_email: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(id) = by_email {
        sqlx::query("UPDATE accounts SET person_id = $1 WHERE id = $2 AND person_id IS NULL")
            .bind(&person_id)
            .bind(&id)
            .execute(&mut **tx)
            .await?;
        return Ok(Some(id));
    }
    let id = ids::new_id();
    sqlx::query(
        "INSERT INTO accounts (id, email, name, password_hash, lang, person_id, created_at) \
         VALUES ($1, $2, $3, '', $4, $5, $6)",
    )
    .bind(&id)
    .bind(&email)
    .bind(&name)
    .bind(&lang)
    .bind(&person_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    // The leader chooses a password by an e-mailed link (sent by the mail
    // job once this import is applied).
    crate::services::password_links::request(
        &mut **tx,
        &id,
        crate::services::password_links::Purpose::Welcome,
    )
    .await?;
    Ok(Some(id))
}

fn depth_in_snapshot(snapshot: &Snapshot, code: &str) -> usize {
    let mut d = 0;
    let mut cur = snapshot.units.get(code).and_then(|u| u.parent_code.clone());
    while let Some(c) = cur {
        d += 1;
        if d > snapshot.units.len() {
            break;
        }
        cur = snapshot.units.get(&c).and_then(|u| u.parent_code.clone());
    }
    d
}

fn kind_for_depth(d: usize) -> &'static str {
    match d {
        0 => "organisation",
        1 => "enterprise",
        2 => "department",
        _ => "team",
    }
}
