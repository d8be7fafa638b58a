//! Reminding owners of overdue measures: once when the deadline has passed,
//! then weekly while the measure stays open. Each reminder is claimed by a
//! conditional update of `reminded_on` before it is sent, so when several
//! instances run the job against one database only one of them sends it; a
//! failed send gives the claim back for the next pass.

use super::day;
use crate::{
    i18n::Lang,
    services::{db::Db, mail::Mailer},
};
use chrono::{Days, NaiveDate};

/// Days between two reminders of the same measure.
const AGAIN_AFTER: u64 = 7;

type Due = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
);

/// Sends the reminders due `today`; returns how many went out.
pub async fn remind_overdue(
    db: &Db,
    mailer: &Mailer,
    today: NaiveDate,
) -> Result<usize, sqlx::Error> {
    let again = today
        .checked_sub_days(Days::new(AGAIN_AFTER))
        .map(day)
        .unwrap_or_default();
    // The owner's own language when they have an account, else the
    // organisation's.
    let due: Vec<Due> = sqlx::query_as(
        "SELECT m.id, m.title, m.owner_email, m.deadline, m.reminded_on, p.id, p.title, \
         COALESCE(a.lang, o.default_lang) \
         FROM measures m JOIN problems p ON p.id = m.problem_id \
         CROSS JOIN organisation o LEFT JOIN accounts a ON a.email = m.owner_email \
         WHERE m.status IN ('planned', 'in_progress') AND m.deadline < $1 \
         AND m.owner_email IS NOT NULL AND p.closed_on IS NULL \
         AND (m.reminded_on IS NULL OR m.reminded_on <= $2) ORDER BY m.deadline, m.id",
    )
    .bind(day(today))
    .bind(&again)
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (id, title, email, deadline, before, problem, problem_title, lang) in due {
        let claimed = sqlx::query(
            "UPDATE measures SET reminded_on = $1 WHERE id = $2 \
             AND (reminded_on IS NULL OR reminded_on <= $3)",
        )
        .bind(day(today))
        .bind(&id)
        .bind(&again)
        .execute(&db.pool)
        .await?
        .rows_affected();
        if claimed != 1 {
            continue; // another instance has it
        }
        let lang = Lang::parse(&lang).unwrap_or_default();
        let body = lang.t_args(
            "mail-measure-overdue-body",
            &[
                ("measure", title.clone().into()),
                ("problem", problem_title.into()),
                ("deadline", deadline.into()),
                ("url", format!("{}/follow-up/{problem}", mailer.base).into()),
            ],
        );
        let subject = lang.t_args("mail-measure-overdue-subject", &[("measure", title.into())]);
        match mailer.send(&email, &subject, body).await {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::warn!(error = %e, "an overdue reminder could not be sent; will retry");
                sqlx::query("UPDATE measures SET reminded_on = $1 WHERE id = $2")
                    .bind(before)
                    .bind(&id)
                    .execute(&db.pool)
                    .await?;
            }
        }
    }
    Ok(sent)
}
