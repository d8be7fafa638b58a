//! Server functions of committees: their goals (cascading from the
//! committees above), good stories and the annual working-environment
//! discussion. Members of the committee and administrators only; the
//! services check membership and the hierarchy of every change.

// A server function's arguments are its form's fields, one by one.
#![allow(clippy::too_many_arguments)]

use crate::{
    error::AppError,
    model::{CommitteePage, CommitteeRef, DiscussionView},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::follow_up::Answer;

#[cfg(feature = "ssr")]
async fn signed_in(
) -> Result<(crate::model::SessionUser, crate::services::state::AppState), AppError> {
    use super::ctx;
    Ok((ctx::require_user().await?, ctx::state()?))
}

#[cfg(feature = "ssr")]
fn this_year() -> i32 {
    use chrono::Datelike;
    crate::services::follow_up::today().year()
}

#[cfg(feature = "ssr")]
fn year_of(s: &str) -> Result<i32, AppError> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "committees")]
pub async fn load_committees() -> Result<Vec<CommitteeRef>, AppError> {
    use super::ctx;
    let (user, state) = signed_in().await?;
    let mine = crate::services::committees::mine(&state.db, &user)
        .await
        .map_err(ctx::db_error)?;
    use crate::model::Role;
    if mine.is_empty() && !user.has(Role::Committee) && !user.has(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    Ok(mine)
}

#[server(endpoint = "committees/page")]
pub async fn load_committee(id: String, year: Option<String>) -> Result<CommitteePage, AppError> {
    let (user, state) = signed_in().await?;
    let year = match year.as_deref().filter(|y| !y.is_empty()) {
        Some(y) => year_of(y)?,
        None => this_year(),
    };
    crate::services::committees::goals::page(&state.db, &user, &id, year)
        .await
        .answer()
}

#[server(endpoint = "committees/lang")]
pub async fn set_committee_lang(committee: String, lang: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = signed_in().await?;
    let Some(lang) = crate::i18n::Lang::parse(&lang).filter(|l| l.code() == lang) else {
        return Err(AppError::bad_request("error-malformed-form"));
    };
    if crate::services::committees::get(&state.db, &committee)
        .await
        .map_err(ctx::db_error)?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    if !crate::services::committees::is_member(&user, &committee) {
        return Err(AppError::Forbidden);
    }
    sqlx::query("UPDATE committees SET lang = $1 WHERE id = $2")
        .bind(lang.code())
        .bind(&committee)
        .execute(&state.db.pool)
        .await
        .map_err(ctx::db_error)?;
    Ok(())
}

#[server(endpoint = "committees/goal/new")]
pub async fn create_goal(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    committee: String,
    theme: String,
    title: String,
    #[server(default)] description: String,
    first_year: String,
    #[server(default)] years: String,
    #[server(default)] parent: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::services::{committees::goals, follow_up::today};
    let (user, state) = signed_in().await?;
    let g = goals::NewGoal {
        theme: &theme,
        title: &title,
        description: &description,
        first_year: &first_year,
        years: &years,
        parent: &parent,
        reason: &reason,
    };
    goals::create(&state.db, &user, &committee, &g, today())
        .await
        .answer()
        .map(|_| ())
}

/// `adjust` (title, description, reason), `remove` (reason), `status`
/// (year, status, evaluation), `link` (measure) or `story` (title, body).
#[server(endpoint = "committees/goal/act")]
pub async fn goal_action(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    goal: String,
    action: String,
    #[server(default)] title: String,
    #[server(default)] description: String,
    #[server(default)] reason: String,
    #[server(default)] year: String,
    #[server(default)] status: String,
    #[server(default)] evaluation: String,
    #[server(default)] measure: String,
    #[server(default)] body: String,
) -> Result<(), AppError> {
    use crate::services::{committees::goals, follow_up::today};
    let (user, state) = signed_in().await?;
    let db = &state.db;
    let done = match action.as_str() {
        "adjust" => goals::adjust(db, &user, &goal, &title, &description, &reason, today()).await,
        "remove" => goals::remove(db, &user, &goal, &reason, today()).await,
        "status" => goals::set_status(db, &user, &goal, &year, &status, &evaluation).await,
        "link" => goals::link_measure(db, &user, &goal, &measure).await,
        "story" => goals::add_story(db, &user, &goal, &title, &body, today()).await,
        _ => return Err(AppError::bad_request("error-malformed-form")),
    };
    done.answer().map(|_| ())
}

#[server(endpoint = "committees/discussion")]
pub async fn load_discussion(committee: String, year: String) -> Result<DiscussionView, AppError> {
    use crate::services::{committees::discussions, follow_up::today};
    let (user, state) = signed_in().await?;
    discussions::view(&state.db, &user, &committee, year_of(&year)?, today())
        .await
        .answer()
}

#[server(endpoint = "committees/discussion/save")]
pub async fn save_discussion(
    committee: String,
    year: String,
    #[server(default)] meeting_on: String,
    #[server(default)] participants: String,
    #[server(default)] evaluation: String,
    #[server(default)] worked: String,
    #[server(default)] expected: String,
    #[server(default)] challenges: String,
    #[server(default)] cooperation: String,
    #[server(default)] competence: String,
    #[server(default)] decisions: String,
) -> Result<(), AppError> {
    use crate::services::committees::discussions;
    let (user, state) = signed_in().await?;
    let f = crate::model::DiscussionFields {
        meeting_on,
        participants,
        evaluation,
        worked,
        expected,
        challenges,
        cooperation,
        competence,
        decisions,
    };
    discussions::save(&state.db, &user, &committee, year_of(&year)?, &f)
        .await
        .answer()
}

/// `prepare` (the material goes to the members) or `lock` (signed off).
#[server(endpoint = "committees/discussion/step")]
pub async fn discussion_step(
    committee: String,
    year: String,
    step: String,
) -> Result<(), AppError> {
    use crate::services::{committees::discussions, follow_up::today};
    let (user, state) = signed_in().await?;
    let year = year_of(&year)?;
    let done = match step.as_str() {
        "prepare" => discussions::prepare(&state.db, &user, &committee, year).await,
        "lock" => discussions::lock(&state.db, &user, &committee, year, today()).await,
        _ => return Err(AppError::bad_request("error-malformed-form")),
    };
    done.answer()
}
