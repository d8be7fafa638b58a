//! Action plans: measures with an owner, a deadline, a status and a
//! follow-up date; and the short "what happened since last time" that
//! employees see before answering.

use super::{day, parse_day, problem_unit, text, title, Refused};
use crate::{
    model::{DoneMeasure, MeasureStatus, SessionUser},
    services::{accounts, db::Db, ids},
};
use chrono::{Days, NaiveDate};

/// How far back "since last time" looks.
const SINCE_DAYS: u64 = 183;
/// At most this many completed measures before the questions.
const SINCE_MAX: i64 = 5;

pub struct NewMeasure<'a> {
    pub title: &'a str,
    pub owner_name: &'a str,
    pub owner_email: &'a str,
    pub deadline: &'a str,
    pub follow_up: &'a str,
}

/// An optional day from a form: empty is None, anything else must parse.
fn optional_day(s: &str) -> Result<Option<NaiveDate>, Refused> {
    match s.trim() {
        "" => Ok(None),
        d => parse_day(d).map(Some).ok_or(Refused::Invalid("error-date")),
    }
}

fn checked(m: &NewMeasure<'_>, today: NaiveDate) -> Result<Checked, Refused> {
    let title = title(m.title)?;
    let owner = m.owner_name.trim();
    if owner.is_empty() {
        return Err(Refused::Invalid("error-owner-missing"));
    }
    if owner.chars().count() > super::MAX_TITLE {
        return Err(Refused::Invalid("error-title-long"));
    }
    let email = match m.owner_email.trim() {
        "" => None,
        e => Some(accounts::normalise_email(e).ok_or(Refused::Invalid("error-owner-email"))?),
    };
    let deadline = optional_day(m.deadline)?.ok_or(Refused::Invalid("error-date"))?;
    // A new measure cannot be late already; a deadline may be corrected
    // later (see `update`).
    if deadline < today {
        return Err(Refused::Invalid("error-deadline-past"));
    }
    let follow_up = optional_day(m.follow_up)?;
    if follow_up.is_some_and(|f| f < deadline) {
        return Err(Refused::Invalid("error-follow-up-early"));
    }
    Ok(Checked {
        title,
        owner: owner.to_owned(),
        email,
        deadline,
        follow_up,
    })
}

struct Checked {
    title: String,
    owner: String,
    email: Option<String>,
    deadline: NaiveDate,
    follow_up: Option<NaiveDate>,
}

/// Adds a measure to a problem's plan.
pub async fn add(
    db: &Db,
    user: &SessionUser,
    problem: &str,
    m: &NewMeasure<'_>,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let c = match checked(m, today) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    if let Err(r) = problem_unit(db, user, problem).await? {
        return Ok(Err(r));
    }
    let closed: Option<String> = sqlx::query_scalar("SELECT closed_on FROM problems WHERE id = $1")
        .bind(problem)
        .fetch_one(&db.pool)
        .await?;
    if closed.is_some() {
        return Ok(Err(Refused::Invalid("error-problem-closed")));
    }
    let id = ids::new_id();
    // One statement numbers and writes the row (no read-then-write
    // transaction for SQLite to refuse when two save at once).
    sqlx::query(
        "INSERT INTO measures (id, problem_id, seq, title, owner_name, owner_email, deadline, \
         follow_up, status, created_on) VALUES ($1, $2, \
         (SELECT COALESCE(MAX(seq), 0) + 1 FROM measures WHERE problem_id = $2), \
         $3, $4, $5, $6, $7, 'planned', $8)",
    )
    .bind(&id)
    .bind(problem)
    .bind(&c.title)
    .bind(&c.owner)
    .bind(&c.email)
    .bind(day(c.deadline))
    .bind(c.follow_up.map(day))
    .bind(day(today))
    .execute(&db.pool)
    .await?;
    Ok(Ok(id))
}

pub struct MeasureUpdate<'a> {
    pub status: &'a str,
    pub deadline: &'a str,
    pub follow_up: &'a str,
    pub outcome: &'a str,
}

/// Changes a measure's status, dates or outcome. A moved deadline earns a
/// new reminder when it passes.
pub async fn update(
    db: &Db,
    user: &SessionUser,
    measure: &str,
    u: &MeasureUpdate<'_>,
    today: NaiveDate,
) -> Result<Result<String, Refused>, sqlx::Error> {
    let Some(status) = MeasureStatus::parse(u.status) else {
        return Ok(Err(Refused::Invalid("error-status")));
    };
    let deadline = match optional_day(u.deadline) {
        Ok(Some(d)) => d,
        Ok(None) => return Ok(Err(Refused::Invalid("error-date"))),
        Err(e) => return Ok(Err(e)),
    };
    let follow_up = match optional_day(u.follow_up) {
        Ok(f) => f,
        Err(e) => return Ok(Err(e)),
    };
    if follow_up.is_some_and(|f| f < deadline) {
        return Ok(Err(Refused::Invalid("error-follow-up-early")));
    }
    let outcome = match text(u.outcome) {
        Ok(o) => o,
        Err(e) => return Ok(Err(e)),
    };
    let row: Option<(String, String, Option<String>)> =
        sqlx::query_as("SELECT problem_id, deadline, done_on FROM measures WHERE id = $1")
            .bind(measure)
            .fetch_optional(&db.pool)
            .await?;
    let Some((problem, old_deadline, done_on)) = row else {
        return Ok(Err(Refused::NotFound));
    };
    if let Err(r) = problem_unit(db, user, &problem).await? {
        return Ok(Err(r));
    }
    let done_on = match status {
        MeasureStatus::Done => Some(done_on.unwrap_or_else(|| day(today))),
        _ => None,
    };
    let moved = day(deadline) != old_deadline;
    sqlx::query(
        "UPDATE measures SET status = $1, deadline = $2, follow_up = $3, outcome = $4, done_on = $5, \
         reminded_on = CASE WHEN $6 = 1 THEN NULL ELSE reminded_on END WHERE id = $7",
    )
    .bind(status.as_str())
    .bind(day(deadline))
    .bind(follow_up.map(day))
    .bind(&outcome)
    .bind(&done_on)
    .bind(moved as i64)
    .bind(measure)
    .execute(&db.pool)
    .await?;
    Ok(Ok(problem))
}

/// Measures completed in the last half year for `unit` and the units above
/// it, newest first: titles and units only — no owner, no figure.
pub async fn since_last(db: &Db, unit: &str) -> Result<Vec<DoneMeasure>, sqlx::Error> {
    let from = super::today()
        .checked_sub_days(Days::new(SINCE_DAYS))
        .map(day)
        .unwrap_or_default();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "WITH RECURSIVE up(id, parent_id) AS ( \
            SELECT id, parent_id FROM units WHERE id = $1 \
            UNION ALL SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id) \
         SELECT m.title, un.name, m.done_on FROM measures m \
         JOIN problems p ON p.id = m.problem_id JOIN up ON up.id = p.unit_id \
         JOIN units un ON un.id = p.unit_id \
         WHERE m.status = 'done' AND m.done_on >= $2 \
         ORDER BY m.done_on DESC, m.title LIMIT $3",
    )
    .bind(unit)
    .bind(from)
    .bind(SINCE_MAX)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(title, unit_name, done_on)| DoneMeasure {
            title,
            unit_name,
            done_on,
        })
        .collect())
}
