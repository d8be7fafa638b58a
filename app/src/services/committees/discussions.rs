//! The annual working-environment discussion: written as a draft, prepared
//! (the material goes to the members), completed at the meeting, then locked
//! as the signed-off version. Locking stores the whole assembled document;
//! from then on every write is refused — the refusal is in the update itself
//! (`state <> 'locked'`), so no path and no race can change a locked one.

use super::{document, get, is_member};
use crate::{
    i18n::Lang,
    model::{DiscussionFields, DiscussionState, DiscussionView, SessionUser},
    services::{
        db::Db,
        follow_up::{day, parse_day, text, Refused},
        ids,
        mail::Mailer,
    },
};
use chrono::NaiveDate;

type Row = (
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
);

const SELECT: &str = "SELECT id, state, meeting_on, participants, evaluation, worked, expected, \
     challenges, cooperation, competence, decisions, material_sent, document FROM discussions \
     WHERE committee_id = $1 AND year = $2";

async fn row(db: &Db, committee: &str, year: i32) -> Result<Option<Row>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(SELECT))
        .bind(committee)
        .bind(year as i64)
        .fetch_optional(&db.pool)
        .await
}

fn fields(r: &Row) -> DiscussionFields {
    DiscussionFields {
        meeting_on: r.2.clone().unwrap_or_default(),
        participants: r.3.clone(),
        evaluation: r.4.clone(),
        worked: r.5.clone(),
        expected: r.6.clone(),
        challenges: r.7.clone(),
        cooperation: r.8.clone(),
        competence: r.9.clone(),
        decisions: r.10.clone(),
    }
}

fn valid_year(year: i32) -> Result<i32, Refused> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(Refused::NotFound)
    }
}

async fn member_committee(
    db: &Db,
    user: &SessionUser,
    committee: &str,
) -> Result<Result<crate::model::CommitteeRef, Refused>, sqlx::Error> {
    Ok(match get(db, committee).await? {
        None => Err(Refused::NotFound),
        Some(c) if is_member(user, &c.id) => Ok(c),
        Some(_) => Err(Refused::Scope),
    })
}

pub async fn view(
    db: &Db,
    user: &SessionUser,
    committee: &str,
    year: i32,
    today: NaiveDate,
) -> Result<Result<DiscussionView, Refused>, sqlx::Error> {
    if let Err(e) = valid_year(year) {
        return Ok(Err(e));
    }
    let c = match member_committee(db, user, committee).await? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let r = row(db, &c.id, year).await?;
    let state = r
        .as_ref()
        .and_then(|r| DiscussionState::parse(&r.1))
        .unwrap_or(DiscussionState::Draft);
    let material_sent = r.as_ref().is_some_and(|r| r.11 == 1);
    // A locked discussion is its stored document, never assembled again.
    let document = match (&state, r.as_ref().and_then(|r| r.12.as_deref())) {
        (DiscussionState::Locked, Some(json)) => {
            serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?
        }
        _ => {
            let f = r.as_ref().map(fields).unwrap_or_default();
            document::assemble(db, &c, year, f, today).await?
        }
    };
    Ok(Ok(DiscussionView {
        committee: c,
        year,
        state,
        document,
        material_sent,
    }))
}

fn checked(f: &DiscussionFields) -> Result<DiscussionFields, Refused> {
    let meeting_on = match f.meeting_on.trim() {
        "" => String::new(),
        d => day(parse_day(d).ok_or(Refused::Invalid("error-date"))?),
    };
    Ok(DiscussionFields {
        meeting_on,
        participants: text(&f.participants)?,
        evaluation: text(&f.evaluation)?,
        worked: text(&f.worked)?,
        expected: text(&f.expected)?,
        challenges: text(&f.challenges)?,
        cooperation: text(&f.cooperation)?,
        competence: text(&f.competence)?,
        decisions: text(&f.decisions)?,
    })
}

/// Saves the committee's words (creating the draft the first time).
pub async fn save(
    db: &Db,
    user: &SessionUser,
    committee: &str,
    year: i32,
    f: &DiscussionFields,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let f = match valid_year(year).and_then(|_| checked(f)) {
        Ok(f) => f,
        Err(e) => return Ok(Err(e)),
    };
    let c = match member_committee(db, user, committee).await? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    // The first save creates the draft; a concurrent first save by someone
    // else makes this insert a no-op, and the update below writes.
    sqlx::query(
        "INSERT INTO discussions (id, committee_id, year, state) \
         SELECT $1, $2, $3, 'draft' WHERE NOT EXISTS \
         (SELECT 1 FROM discussions WHERE committee_id = $2 AND year = $3)",
    )
    .bind(ids::new_id())
    .bind(&c.id)
    .bind(year as i64)
    .execute(&db.pool)
    .await
    .or_else(|e| match e {
        // Lost the race to create it: the row exists now.
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            Ok(sqlx::any::AnyQueryResult::default())
        }
        e => Err(e),
    })?;
    let written = sqlx::query(
        "UPDATE discussions SET meeting_on = $1, participants = $2, evaluation = $3, worked = $4, \
         expected = $5, challenges = $6, cooperation = $7, competence = $8, decisions = $9 \
         WHERE committee_id = $10 AND year = $11 AND state <> 'locked'",
    )
    .bind((!f.meeting_on.is_empty()).then_some(f.meeting_on.clone()))
    .bind(&f.participants)
    .bind(&f.evaluation)
    .bind(&f.worked)
    .bind(&f.expected)
    .bind(&f.challenges)
    .bind(&f.cooperation)
    .bind(&f.competence)
    .bind(&f.decisions)
    .bind(&c.id)
    .bind(year as i64)
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(if written == 1 {
        Ok(())
    } else {
        Err(Refused::Invalid("error-locked"))
    })
}

/// Marks the discussion prepared: the job sends the material to the members.
pub async fn prepare(
    db: &Db,
    user: &SessionUser,
    committee: &str,
    year: i32,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let c = match member_committee(db, user, committee).await? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let r = row(db, &c.id, year).await?;
    let Some(r) = r else {
        return Ok(Err(Refused::Invalid("error-discussion-empty")));
    };
    let done =
        sqlx::query("UPDATE discussions SET state = 'prepared' WHERE id = $1 AND state = 'draft'")
            .bind(&r.0)
            .execute(&db.pool)
            .await?
            .rows_affected();
    Ok(match (done, r.1.as_str()) {
        (1, _) | (_, "prepared") => Ok(()),
        _ => Err(Refused::Invalid("error-locked")),
    })
}

/// Locks the discussion as the signed-off version: the assembled document
/// is stored and kept unchanged. The meeting's date and participants must
/// be there.
pub async fn lock(
    db: &Db,
    user: &SessionUser,
    committee: &str,
    year: i32,
    today: NaiveDate,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let c = match member_committee(db, user, committee).await? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let Some(r) = row(db, &c.id, year).await? else {
        return Ok(Err(Refused::Invalid("error-discussion-empty")));
    };
    if r.1 == "locked" {
        return Ok(Err(Refused::Invalid("error-locked")));
    }
    let f = fields(&r);
    if f.meeting_on.is_empty() || f.participants.is_empty() {
        return Ok(Err(Refused::Invalid("error-lock-incomplete")));
    }
    let lang = Lang::parse(&c.lang).unwrap_or_default();
    let mut doc = document::assemble(db, &c, year, f, today).await?;
    doc.signed = Some(lang.t_args(
        "doc-signed",
        &[
            ("date", lang.date(&day(today)).into()),
            ("name", user.name.clone().into()),
        ],
    ));
    let json = serde_json::to_string(&doc).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let done = sqlx::query(
        "UPDATE discussions SET state = 'locked', locked_on = $1, locked_by = $2, document = $3 \
         WHERE id = $4 AND state <> 'locked'",
    )
    .bind(day(today))
    .bind(&user.id)
    .bind(&json)
    .bind(&r.0)
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(if done == 1 {
        Ok(())
    } else {
        Err(Refused::Invalid("error-locked"))
    })
}

/// Sends the material of prepared discussions to their committees' members,
/// once: each discussion is claimed before its mails go out.
pub async fn send_material(db: &Db, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let due: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT d.id, d.committee_id, d.year, c.name FROM discussions d \
         JOIN committees c ON c.id = d.committee_id \
         WHERE d.state = 'prepared' AND d.material_sent = 0",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (id, committee, year, name) in due {
        let claimed = sqlx::query(
            "UPDATE discussions SET material_sent = 1 WHERE id = $1 AND material_sent = 0",
        )
        .bind(&id)
        .execute(&db.pool)
        .await?
        .rows_affected();
        if claimed != 1 {
            continue;
        }
        let members: Vec<(String, String)> = sqlx::query_as(
            "SELECT DISTINCT a.email, a.lang FROM accounts a JOIN roles r ON r.account_id = a.id \
             WHERE r.role = 'committee' AND r.committee_id = $1 AND a.disabled_at IS NULL",
        )
        .bind(&committee)
        .fetch_all(&db.pool)
        .await?;
        for (email, lang) in members {
            let lang = Lang::parse(&lang).unwrap_or_default();
            let url = format!("{}/committees/{committee}/discussion/{year}", mailer.base);
            let subject = lang.t_args(
                "mail-discussion-subject",
                &[("committee", name.clone().into()), ("year", year.into())],
            );
            let body = lang.t_args(
                "mail-discussion-body",
                &[
                    ("committee", name.clone().into()),
                    ("year", year.into()),
                    ("url", url.into()),
                ],
            );
            match mailer.send(&email, &subject, body).await {
                Ok(()) => sent += 1,
                Err(e) => tracing::warn!(error = %e, "sending discussion material failed"),
            }
        }
    }
    Ok(sent)
}
