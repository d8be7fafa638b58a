//! Erasing people who left, once the retention period has passed.
//!
//! Table by table, for one person, in one transaction:
//! - `people`: the row stays, because `memberships` (who belonged where and
//!   when) and personal `invitations` point at it and keep the headcounts
//!   of past rounds true. Name and employee number become a pseudonym
//!   (`erased:` and a random value: a re-hired person gets a fresh row and
//!   the number's UNIQUE holds), the e-mail goes, `erased_at` is set.
//! - `accounts` linked to the person (or unlinked with their address): the
//!   row stays, because audit trails of report cases, follow-up, card
//!   printings and imports name the account that acted; its name and
//!   address become the pseudonym, its password hash and two-step secret
//!   go, it stays disabled. Remaining roles end (`roles_ended`, kept: who
//!   could read what, and when). Sessions, password links, pending second
//!   steps and recovery codes are deleted: nobody needs them.
//! - `admin_audit`: lines they wrote name the pseudonym as their actor;
//!   their address and employee number in other lines become the pseudonym.
//!   Who did what stays known, as a pseudonym.
//! - `imports.summary`: examples that name them ("Name (1234)") name the
//!   pseudonym. The uploaded files themselves are gone a day after upload.
//! - `measures` they own (by address, or by their exact name when no
//!   current colleague has it): the owner becomes the pseudonym.
//! - `sessions.flash` of others that holds their address is cleared.
//!
//! `provider_sign_ins` hold no account or person (they expire after ten
//! minutes). Answers, the answer inbox, reports and their inbox hold no
//! person at all. One line in the audit log records each erasure.
//!
//! Several instances may run this at once: each person is claimed by the
//! conditional update that pseudonymises the row (`erased_at IS NULL`), the
//! first write of its transaction, so a person is erased — and its audit
//! line written — once. [`run_daily`] also claims the day in `daily_jobs`.

use super::{cutoff, retention_months, scrub};
use crate::services::{accounts, audit, db::Db, ids};
use chrono::{DateTime, Utc};
use sqlx::{Any, AssertSqlSafe, Transaction};

/// The job's name in `daily_jobs` and in the metrics.
pub const JOB: &str = "leaver-erasure";

/// What a run did, in counts only (logs never name anyone).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ErasureOutcome {
    /// People erased by this run.
    pub erased: usize,
    /// People due but kept because an account of theirs is still enabled
    /// (the HR import keeps the last administrator's account working).
    pub kept: usize,
}

/// Erases everyone whose retention period has passed at `now`, once a day
/// across instances: the day is claimed in `daily_jobs` first. `None` when
/// another run had claimed it.
pub async fn run_daily(db: &Db, now: DateTime<Utc>) -> Result<Option<ErasureOutcome>, sqlx::Error> {
    let claimed =
        sqlx::query("INSERT INTO daily_jobs (job, day) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(JOB)
            .bind(now.date_naive().to_string())
            .execute(&db.pool)
            .await?
            .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    erase_due(db, now).await.map(Some)
}

/// Erases everyone whose retention period has passed at `now`.
pub async fn erase_due(db: &Db, now: DateTime<Utc>) -> Result<ErasureOutcome, sqlx::Error> {
    let months = retention_months(db).await?;
    let before = cutoff(now, months);
    let due: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM people WHERE erased_at IS NULL AND left_at IS NOT NULL AND left_at <= $1 \
         ORDER BY id",
    )
    .bind(before)
    .fetch_all(&db.pool)
    .await?;
    let mut outcome = ErasureOutcome::default();
    for person in due {
        match erase_one(db, &person, before, months, now.timestamp()).await? {
            Done::Erased => outcome.erased += 1,
            Done::InUse => outcome.kept += 1,
            Done::Not => {}
        }
    }
    Ok(outcome)
}

enum Done {
    Erased,
    /// An account of theirs still works.
    InUse,
    /// Erased by another run meanwhile, or back at work.
    Not,
}

/// The person as they were before erasure, and their accounts.
struct Traces {
    employee_no: String,
    names: Vec<String>,
    emails: Vec<String>,
    accounts: Vec<String>,
    left_at: i64,
}

async fn erase_one(
    db: &Db,
    person: &str,
    before: i64,
    months: i64,
    now: i64,
) -> Result<Done, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let row: Option<(String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT employee_no, name, email, left_at FROM people \
         WHERE id = $1 AND erased_at IS NULL AND left_at IS NOT NULL AND left_at <= $2",
    )
    .bind(person)
    .bind(before)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((employee_no, name, email, left_at)) = row else {
        tx.rollback().await?;
        return Ok(Done::Not);
    };
    let linked: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, email, name, disabled_at FROM accounts \
         WHERE person_id = $1 OR (person_id IS NULL AND email = $2) ORDER BY id",
    )
    .bind(person)
    .bind(&email)
    .fetch_all(&mut *tx)
    .await?;
    if linked.iter().any(|(_, _, _, disabled)| disabled.is_none()) {
        tx.rollback().await?;
        return Ok(Done::InUse);
    }
    let pseudonym = format!("erased:{}", ids::random_token(9));
    // The claim: the first write. A run that got here second finds the row
    // taken (PostgreSQL re-reads it after the first commits; SQLite runs
    // one write transaction at a time) and leaves everything as it was.
    let claimed = sqlx::query(
        "UPDATE people SET employee_no = $1, name = $1, email = NULL, erased_at = $2 \
         WHERE id = $3 AND erased_at IS NULL",
    )
    .bind(&pseudonym)
    .bind(now)
    .bind(person)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        tx.rollback().await?;
        return Ok(Done::Not);
    }
    let mut t = Traces {
        employee_no,
        names: vec![name],
        emails: email.into_iter().collect(),
        accounts: Vec::new(),
        left_at,
    };
    for (id, email, name, _) in linked {
        t.accounts.push(id);
        t.emails.push(email);
        t.names.push(name);
    }
    for list in [&mut t.names, &mut t.emails] {
        list.retain(|s| !s.trim().is_empty());
        list.sort();
        list.dedup();
    }
    accounts_of(&mut tx, &t, &pseudonym, now).await?;
    audit_lines(&mut tx, &t, &pseudonym).await?;
    import_summaries(&mut tx, &t, &pseudonym).await?;
    measures(&mut tx, &t, &pseudonym).await?;
    for email in &t.emails {
        sqlx::query("UPDATE sessions SET flash = NULL WHERE flash LIKE $1 ESCAPE '\\'")
            .bind(scrub::like_anywhere(email))
            .execute(&mut *tx)
            .await?;
    }
    let left_on = DateTime::from_timestamp(t.left_at, 0)
        .map(|d| d.date_naive().to_string())
        .unwrap_or_default();
    audit::record(
        &mut *tx,
        audit::By::System,
        "person-erased",
        &pseudonym,
        &format!("left {left_on} · kept {months} months"),
    )
    .await?;
    tx.commit().await?;
    Ok(Done::Erased)
}

async fn accounts_of(
    tx: &mut Transaction<'_, Any>,
    t: &Traces,
    pseudonym: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    for (i, account) in t.accounts.iter().enumerate() {
        // Addresses are UNIQUE: a second account gets a numbered pseudonym.
        let address = match i {
            0 => pseudonym.to_owned(),
            n => format!("{pseudonym}.{n}"),
        };
        sqlx::query(
            "UPDATE accounts SET email = $1, name = $2, password_hash = '', totp_secret = NULL, \
             totp_last_step = NULL, disabled_at = COALESCE(disabled_at, $3) WHERE id = $4",
        )
        .bind(&address)
        .bind(pseudonym)
        .bind(now)
        .bind(account)
        .execute(&mut **tx)
        .await?;
        for table in [
            "sessions",
            "password_links",
            "second_steps",
            "recovery_codes",
        ] {
            sqlx::query(AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE account_id = $1"
            )))
            .bind(account)
            .execute(&mut **tx)
            .await?;
        }
        // A hand-disabled account keeps its roles (the import ends only
        // those of enabled accounts); nobody is coming back to this one.
        let roles: Vec<String> = sqlx::query_scalar("SELECT id FROM roles WHERE account_id = $1")
            .bind(account)
            .fetch_all(&mut **tx)
            .await?;
        accounts::end_roles(tx, &roles, now, "left").await?;
    }
    Ok(())
}

async fn audit_lines(
    tx: &mut Transaction<'_, Any>,
    t: &Traces,
    pseudonym: &str,
) -> Result<(), sqlx::Error> {
    // Lines by them, and lines naming their address or employee number
    // (subjects read "anne@region.dk" or "employee 1234": a bare number
    // could be anything's); names stand only in actors, beside the address.
    let employee = format!("employee {}", t.employee_no);
    let mut needles: Vec<&str> = t.emails.iter().map(String::as_str).collect();
    needles.push(&employee);
    let mut sql =
        String::from("SELECT id, account_id, actor, subject, detail FROM admin_audit WHERE 1 = 0");
    let mut n = 0;
    for _ in &t.accounts {
        n += 1;
        sql.push_str(&format!(" OR account_id = ${n}"));
    }
    for _ in &needles {
        n += 1;
        sql.push_str(&format!(
            " OR actor LIKE ${n} ESCAPE '\\' OR subject LIKE ${n} ESCAPE '\\' \
             OR detail LIKE ${n} ESCAPE '\\'"
        ));
    }
    let mut q =
        sqlx::query_as::<_, (String, Option<String>, String, String, String)>(AssertSqlSafe(sql));
    for a in &t.accounts {
        q = q.bind(a.clone());
    }
    for needle in &needles {
        q = q.bind(scrub::like_anywhere(needle));
    }
    let lines = q.fetch_all(&mut **tx).await?;
    let emails: Vec<&str> = t.emails.iter().map(String::as_str).collect();
    for (id, account, actor, subject, detail) in lines {
        let by_them = account.as_ref().is_some_and(|a| t.accounts.contains(a))
            || emails.iter().any(|e| scrub::has_token(&actor, e));
        let new_actor = if by_them {
            pseudonym.to_owned()
        } else {
            actor.clone()
        };
        let rewrite = |text: &str| {
            let text = scrub::replace_tokens(text, &emails, pseudonym);
            scrub::replace_tokens(
                &text,
                &[employee.as_str()],
                &format!("employee {pseudonym}"),
            )
        };
        let (new_subject, new_detail) = (rewrite(&subject), rewrite(&detail));
        if (&new_actor, &new_subject, &new_detail) != (&actor, &subject, &detail) {
            sqlx::query(
                "UPDATE admin_audit SET actor = $1, subject = $2, detail = $3 WHERE id = $4",
            )
            .bind(new_actor)
            .bind(new_subject)
            .bind(new_detail)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn import_summaries(
    tx: &mut Transaction<'_, Any>,
    t: &Traces,
    pseudonym: &str,
) -> Result<(), sqlx::Error> {
    let mut needles: Vec<&str> = t.emails.iter().map(String::as_str).collect();
    needles.push(&t.employee_no);
    let mut sql = String::from("SELECT id, summary FROM imports WHERE 1 = 0");
    for n in 1..=needles.len() {
        sql.push_str(&format!(" OR summary LIKE ${n} ESCAPE '\\'"));
    }
    let mut q = sqlx::query_as::<_, (String, Option<String>)>(AssertSqlSafe(sql));
    for needle in &needles {
        q = q.bind(scrub::like_anywhere(needle));
    }
    let names: Vec<&str> = t.names.iter().map(String::as_str).collect();
    let emails: Vec<&str> = t.emails.iter().map(String::as_str).collect();
    for (id, summary) in q.fetch_all(&mut **tx).await? {
        let Some(summary) = summary else { continue };
        let rewritten = match serde_json::from_str::<serde_json::Value>(&summary) {
            Ok(mut json) => {
                scrub::summary(&mut json, &t.employee_no, &names, &emails, pseudonym);
                serde_json::to_string(&json).unwrap_or_default()
            }
            // Not JSON (it always is): the traces are replaced in the text.
            Err(_) => scrub::replace_tokens(&summary, &needles, pseudonym),
        };
        if rewritten != summary {
            sqlx::query("UPDATE imports SET summary = $1 WHERE id = $2")
                .bind(rewritten)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

async fn measures(
    tx: &mut Transaction<'_, Any>,
    t: &Traces,
    pseudonym: &str,
) -> Result<(), sqlx::Error> {
    for email in &t.emails {
        sqlx::query(
            "UPDATE measures SET owner_name = $1, owner_email = NULL WHERE LOWER(owner_email) = $2",
        )
        .bind(pseudonym)
        .bind(email.to_lowercase())
        .execute(&mut **tx)
        .await?;
    }
    // An owner given by name alone is theirs only if no one still here
    // has that name; otherwise it may be a namesake's, and stays.
    for name in &t.names {
        let namesakes: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM people WHERE name = $1 AND left_at IS NULL) \
             + (SELECT COUNT(*) FROM accounts WHERE name = $1 AND disabled_at IS NULL)",
        )
        .bind(name)
        .fetch_one(&mut **tx)
        .await?;
        if namesakes == 0 {
            sqlx::query(
                "UPDATE measures SET owner_name = $1 WHERE owner_email IS NULL AND TRIM(owner_name) = $2",
            )
            .bind(pseudonym)
            .bind(name.trim())
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
