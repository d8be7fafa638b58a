//! An access request (GDPR article 15): everything Trivsel holds about one
//! staff member, as JSON, for an administrator to hand over.
//!
//! It holds the person from the HR register, where they belonged, their
//! staff accounts (never the password hash or secrets: those are security
//! credentials, and the export says so), roles, sessions and links by date
//! only, the rounds they were invited to, the audit lines they wrote or
//! that concern them, and the follow-up work that names them.
//!
//! It never says whether they answered a round: the product promises that
//! nobody learns who answered, and an administrator reads this file. So an
//! invitation's `used` flag is left out, and so is `mailed` — the e-mail is
//! only sent while an invitation is unused, so it could tell the same.
//! Answers and reports are not in it because nothing links them to anyone
//! (the `about_answers` and `not_included` fields explain this to the
//! reader).

use super::scrub;
use crate::services::db::Db;
use chrono::DateTime;
use serde_json::{json, Value};
use sqlx::AssertSqlSafe;

fn iso(secs: Option<i64>) -> Value {
    secs.and_then(|s| DateTime::from_timestamp(s, 0))
        .map_or(Value::Null, |d| {
            Value::String(d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        })
}

fn iso_ms(ms: i64) -> Value {
    DateTime::from_timestamp_millis(ms).map_or(Value::Null, |d| {
        Value::String(d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    })
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    employee_no: String,
    name: String,
    email: Option<String>,
    lang: String,
    unit_name: String,
    unit_code: String,
    unit_id: String,
    left_at: Option<i64>,
    created_at: i64,
    erased_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    email: String,
    name: String,
    lang: String,
    created_at: i64,
    disabled_at: Option<i64>,
    /// Read only to say whether one exists.
    password_hash: String,
    /// Read only to say whether two-step sign-in is on.
    totp_secret: Option<String>,
    person_id: Option<String>,
}

/// A role held, or ended (then with when and why).
#[derive(sqlx::FromRow)]
struct RoleRow {
    role: String,
    unit: Option<String>,
    label: Option<String>,
    committee: Option<String>,
    created_at: i64,
    ended_at: Option<i64>,
    reason: Option<String>,
}

impl RoleRow {
    fn json(self) -> Value {
        let mut v = json!({
            "role": self.role, "unit": self.unit, "label": self.label,
            "committee": self.committee, "since": iso(Some(self.created_at)),
        });
        if self.ended_at.is_some() {
            v["ended"] = iso(self.ended_at);
            v["reason"] = json!(self.reason);
        }
        v
    }
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    purpose: String,
    requested_at: i64,
    sent_at: Option<i64>,
    expires_at: Option<i64>,
    used_at: Option<i64>,
}

const ABOUT: &str = "Everything Trivsel holds about this person, for an access request \
(GDPR article 15). Times are UTC.";

const ABOUT_ANSWERS: &str = "Trivsel does not know, and this file does not say, whether this \
person answered any survey, nor what they answered. Answers are stored without any link to a \
person, invitation, code, session, address or time finer than the round, and are published only \
for groups of at least the minimum size. The invitations below say which rounds the person was \
invited to, not whether an invitation was used.";

const NOT_INCLUDED: &str = "Survey answers and anonymous reports are not included: they are \
stored without anything that links them to a person, so neither Trivsel nor anyone holding its \
data can tell which of them, if any, came from this person. They are anonymous information, not \
personal data. Free text that colleagues wrote (descriptions, notes, report messages) is not \
searched for this person's name.";

const PASSWORD: &str = "A password hash exists when has_password is true. It is not disclosed: \
it is a security credential, not information about the person, and it cannot be turned back \
into the password.";

/// Everything held about the person `person_id`; `None` when there is no
/// such person.
pub async fn export_person(db: &Db, person_id: &str) -> Result<Option<Value>, sqlx::Error> {
    let person: Option<PersonRow> = sqlx::query_as(
        "SELECT p.employee_no, p.name, p.email, p.lang, u.name AS unit_name, \
         u.code AS unit_code, p.unit_id, p.left_at, p.created_at, p.erased_at \
         FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1",
    )
    .bind(person_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(p) = person else {
        return Ok(None);
    };
    let email = p.email.clone();

    let memberships: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT u.name, u.code, m.valid_from, m.valid_to FROM memberships m \
         JOIN units u ON u.id = m.unit_id WHERE m.person_id = $1 ORDER BY m.valid_from",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?;

    // The rounds they were invited to: nothing that says whether they answered.
    let invitations: Vec<(String, i64, Option<i64>, String)> = sqlx::query_as(
        "SELECT r.name, r.opened_at, r.closed_at, u.name FROM invitations i \
         JOIN rounds r ON r.id = i.round_id JOIN units u ON u.id = i.unit_id \
         WHERE i.person_id = $1 ORDER BY r.opened_at, r.name",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?;

    let accounts: Vec<AccountRow> = sqlx::query_as(
        "SELECT id, email, name, lang, created_at, disabled_at, password_hash, totp_secret, \
         person_id FROM accounts WHERE person_id = $1 OR (person_id IS NULL AND email = $2) \
         ORDER BY created_at, id",
    )
    .bind(person_id)
    .bind(&email)
    .fetch_all(&db.pool)
    .await?;

    let mut emails: Vec<String> = email.iter().cloned().collect();
    let mut account_values = Vec::new();
    let mut account_ids = Vec::new();
    for a in accounts {
        let id = a.id;
        emails.push(a.email.clone());
        account_ids.push(id.clone());
        let linked_by = if a.person_id.is_some() {
            "HR register"
        } else {
            "same e-mail address"
        };
        account_values.push(json!({
            "email": a.email,
            "name": a.name,
            "language": a.lang,
            "created": iso(Some(a.created_at)),
            "disabled": iso(a.disabled_at),
            "linked_by": linked_by,
            "has_password": !a.password_hash.is_empty(),
            "password": PASSWORD,
            "two_step_sign_in": a.totp_secret.is_some(),
            "roles": roles(db, &id).await?,
            "roles_ended": roles_ended(db, &id).await?,
            "sessions": sessions(db, &id).await?,
            "password_links": password_links(db, &id).await?,
            "recovery_codes": recovery_codes(db, &id).await?,
            "work": work(db, &id).await?,
        }));
    }
    emails.sort();
    emails.dedup();

    Ok(Some(json!({
        "about": ABOUT,
        "generated": iso(Some(chrono::Utc::now().timestamp())),
        "person": {
            "id": person_id,
            "employee_no": p.employee_no,
            "name": p.name,
            "email": email,
            "language": p.lang,
            "unit": {"id": p.unit_id, "name": p.unit_name, "code": p.unit_code},
            "created": iso(Some(p.created_at)),
            "left": iso(p.left_at),
            "erased": iso(p.erased_at),
        },
        "memberships": memberships.into_iter().map(|(unit, code, from, to)| json!({
            "unit": unit, "code": code, "from": iso(Some(from)), "to": iso(to),
        })).collect::<Vec<_>>(),
        "invitations": invitations.into_iter().map(|(round, opened, closed, unit)| json!({
            "round": round,
            "opened": iso(Some(opened)),
            "closed": iso(closed),
            "unit": unit,
            "how": "personal invitation: a link by e-mail when an address was known, or by signing in",
        })).collect::<Vec<_>>(),
        "about_answers": ABOUT_ANSWERS,
        "accounts": account_values,
        "audit_lines": audit_lines(db, &account_ids, &emails, &p.employee_no).await?,
        "measures_owned": measures(db, &emails, &p.name).await?,
        "not_included": NOT_INCLUDED,
    })))
}

async fn roles(db: &Db, account: &str) -> Result<Vec<Value>, sqlx::Error> {
    let rows: Vec<RoleRow> = sqlx::query_as(
        "SELECT r.role, u.name AS unit, r.label, c.name AS committee, r.created_at, \
         CAST(NULL AS BIGINT) AS ended_at, CAST(NULL AS TEXT) AS reason FROM roles r \
         LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN committees c ON c.id = r.committee_id \
         WHERE r.account_id = $1 ORDER BY r.created_at",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(RoleRow::json).collect())
}

async fn roles_ended(db: &Db, account: &str) -> Result<Vec<Value>, sqlx::Error> {
    let rows: Vec<RoleRow> = sqlx::query_as(
        "SELECT e.role, u.name AS unit, e.label, c.name AS committee, e.created_at, e.ended_at, \
         e.reason FROM roles_ended e LEFT JOIN units u ON u.id = e.unit_id \
         LEFT JOIN committees c ON c.id = e.committee_id \
         WHERE e.account_id = $1 ORDER BY e.ended_at",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(RoleRow::json).collect())
}

/// Sessions by date: their tokens are credentials (and only hashes are kept).
async fn sessions(db: &Db, account: &str) -> Result<Value, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT created_at, expires_at FROM sessions WHERE account_id = $1 ORDER BY created_at",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    Ok(json!({
        "count": rows.len(),
        "list": rows.into_iter().map(|(c, e)| json!({"started": iso(Some(c)), "expires": iso(Some(e))}))
            .collect::<Vec<_>>(),
    }))
}

async fn password_links(db: &Db, account: &str) -> Result<Vec<Value>, sqlx::Error> {
    let rows: Vec<LinkRow> = sqlx::query_as(
        "SELECT purpose, requested_at, sent_at, expires_at, used_at FROM password_links \
         WHERE account_id = $1 ORDER BY requested_at",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|l| {
            json!({"purpose": l.purpose, "requested": iso(Some(l.requested_at)),
                   "sent": iso(l.sent_at), "expires": iso(l.expires_at), "used": iso(l.used_at)})
        })
        .collect())
}

async fn recovery_codes(db: &Db, account: &str) -> Result<Value, sqlx::Error> {
    let (all, unused): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(*) - COUNT(used_at) FROM recovery_codes WHERE account_id = $1",
    )
    .bind(account)
    .fetch_one(&db.pool)
    .await?;
    Ok(json!({"count": all, "unused": unused}))
}

/// What the account did that Trivsel keeps with its name: case work by
/// counts (the cases' trail is the handlers' to read), follow-up by title.
async fn work(db: &Db, account: &str) -> Result<Value, sqlx::Error> {
    let count = |sql: &'static str| {
        let db = db.clone();
        let account = account.to_owned();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(account)
                .fetch_one(&db.pool)
                .await
        }
    };
    let problems: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.title, u.name, p.created_on, p.closed_on FROM problems p \
         JOIN units u ON u.id = p.unit_id WHERE p.created_by = $1 ORDER BY p.created_on",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    let stories: Vec<(String, String)> = sqlx::query_as(
        "SELECT title, written_on FROM stories WHERE account_id = $1 ORDER BY written_on",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    let locked: Vec<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT c.name, d.year, d.locked_on FROM discussions d \
         JOIN committees c ON c.id = d.committee_id WHERE d.locked_by = $1 ORDER BY d.year",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    let cards: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT r.name, u.name, c.printed_at, c.cards FROM card_printings c \
         JOIN rounds r ON r.id = c.round_id JOIN units u ON u.id = c.unit_id \
         WHERE c.account_id = $1 ORDER BY c.printed_at",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    let tokens: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT label, purpose, created_at, revoked_at FROM api_tokens WHERE created_by = $1 \
         ORDER BY created_at",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    Ok(json!({
        "report_case_actions": count("SELECT COUNT(*) FROM report_audit WHERE account_id = $1").await?,
        "report_messages_written": count("SELECT COUNT(*) FROM report_messages WHERE account_id = $1").await?,
        "report_cases_declared_conflicted": count("SELECT COUNT(*) FROM report_conflicts WHERE account_id = $1").await?,
        "about_report_work": "Counts only: what a handler did in a case is in that case's audit trail, which only report handlers read.",
        "problems_created": problems.into_iter().map(|(title, unit, created, closed)| json!({
            "title": title, "unit": unit, "created": created, "closed": closed,
        })).collect::<Vec<_>>(),
        "risk_assessments_made": count("SELECT COUNT(*) FROM risk_assessments WHERE account_id = $1").await?,
        "goal_adjustments_made": count("SELECT COUNT(*) FROM goal_adjustments WHERE account_id = $1").await?,
        "stories_written": stories.into_iter().map(|(title, on)| json!({"title": title, "written": on}))
            .collect::<Vec<_>>(),
        "discussions_locked": locked.into_iter().map(|(committee, year, on)| json!({
            "committee": committee, "year": year, "locked": on,
        })).collect::<Vec<_>>(),
        "code_cards_printed": cards.into_iter().map(|(round, unit, at, n)| json!({
            "round": round, "unit": unit, "printed": iso(Some(at)), "cards": n,
        })).collect::<Vec<_>>(),
        "imports_uploaded": count("SELECT COUNT(*) FROM imports WHERE created_by = $1").await?,
        "api_tokens_created": tokens.into_iter().map(|(label, purpose, created, revoked)| json!({
            "label": label, "purpose": purpose, "created": iso(Some(created)), "revoked": iso(revoked),
        })).collect::<Vec<_>>(),
    }))
}

/// Lines of the administrative audit log they wrote, or that name their
/// address or employee number.
async fn audit_lines(
    db: &Db,
    accounts: &[String],
    emails: &[String],
    employee_no: &str,
) -> Result<Vec<Value>, sqlx::Error> {
    let employee = format!("employee {employee_no}");
    let mut needles: Vec<&str> = emails.iter().map(String::as_str).collect();
    needles.push(&employee);
    let mut sql = String::from(
        "SELECT account_id, at_ms, actor, action, subject, detail FROM admin_audit WHERE 1 = 0",
    );
    let mut n = 0;
    for _ in accounts {
        n += 1;
        sql.push_str(&format!(" OR account_id = ${n}"));
    }
    for _ in &needles {
        n += 1;
        sql.push_str(&format!(
            " OR subject LIKE ${n} ESCAPE '\\' OR detail LIKE ${n} ESCAPE '\\'"
        ));
    }
    sql.push_str(" ORDER BY at_ms, id");
    let mut q = sqlx::query_as::<_, (Option<String>, i64, String, String, String, String)>(
        AssertSqlSafe(sql),
    );
    for a in accounts {
        q = q.bind(a.clone());
    }
    for needle in &needles {
        q = q.bind(scrub::like_anywhere(needle));
    }
    let mut out = Vec::new();
    for (account, at, actor, action, subject, detail) in q.fetch_all(&db.pool).await? {
        let by_them = account.as_ref().is_some_and(|a| accounts.contains(a));
        let about_them = needles
            .iter()
            .any(|n| scrub::has_token(&subject, n) || scrub::has_token(&detail, n));
        if !by_them && !about_them {
            continue;
        }
        out.push(json!({
            "time": iso_ms(at),
            "who": actor,
            "action": action,
            "subject": subject,
            "detail": detail,
            "by_them": by_them,
        }));
    }
    Ok(out)
}

/// Measures of action plans that name them as the owner: by address, or by
/// their exact name without an address (which may be a namesake's).
async fn measures(db: &Db, emails: &[String], name: &str) -> Result<Vec<Value>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT m.title, m.owner_email, m.deadline, m.status, p.title, u.name FROM measures m \
         JOIN problems p ON p.id = m.problem_id JOIN units u ON u.id = p.unit_id \
         WHERE (m.owner_email IS NULL AND TRIM(m.owner_name) = $1)",
    );
    for n in 2..emails.len() + 2 {
        sql.push_str(&format!(" OR LOWER(m.owner_email) = ${n}"));
    }
    sql.push_str(" ORDER BY m.created_on, m.id");
    let mut q = sqlx::query_as::<_, (String, Option<String>, String, String, String, String)>(
        AssertSqlSafe(sql),
    )
    .bind(name.trim().to_owned());
    for e in emails {
        q = q.bind(e.to_lowercase());
    }
    Ok(q.fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|(title, owner_email, deadline, status, problem, unit)| {
            let matched_by = if owner_email.is_some() {
                "e-mail"
            } else {
                "name"
            };
            json!({
                "title": title, "problem": problem, "unit": unit, "deadline": deadline,
                "status": status, "matched_by": matched_by,
            })
        })
        .collect())
}
