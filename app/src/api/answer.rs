//! Server functions of the answering pages. A code is all a respondent has;
//! an unknown, used or closed code gets one and the same "not usable" answer.

use crate::{
    error::AppError,
    model::{OpenRound, Questionnaire},
};
use leptos::prelude::*;

/// The questionnaire a code opens.
#[server(endpoint = "answer/code")]
pub async fn questionnaire_for_code(code: String) -> Result<Questionnaire, AppError> {
    use super::ctx;
    let state = ctx::state()?;
    let q = crate::services::answering::for_code(&state.db, &state.sheets, ctx::lang(), &code)
        .await
        .map_err(ctx::db_error)?
        .ok_or(AppError::NotFound)?;
    Ok(with_kept(&state, q))
}

/// The questionnaire with the answers this browser kept across a change of
/// language, if any.
#[cfg(feature = "ssr")]
fn with_kept(state: &crate::services::state::AppState, mut q: Questionnaire) -> Questionnaire {
    use crate::services::kept_answers;
    q.kept = kept_answers::kept(
        &state.inbox_key,
        &q.round,
        super::ctx::cookie,
        chrono::Utc::now().timestamp(),
    )
    .unwrap_or_default();
    q
}

/// The signed-in staff member's own questionnaire for a round.
#[server(endpoint = "answer/mine")]
pub async fn questionnaire_for_me(round: String) -> Result<Questionnaire, AppError> {
    use super::ctx;
    let (state, person) = me().await?;
    let q = crate::services::answering::for_person(
        &state.db,
        &state.sheets,
        ctx::lang(),
        &person,
        &round,
    )
    .await
    .map_err(ctx::db_error)?
    .ok_or(AppError::NotFound)?;
    Ok(with_kept(&state, q))
}

/// The signed-in staff member's open rounds (empty when their account is not
/// linked to a person in the organisation).
#[server(endpoint = "answer/open")]
pub async fn my_open_rounds() -> Result<Vec<OpenRound>, AppError> {
    use super::ctx;
    let Ok((state, person)) = me().await else {
        ctx::require_user().await?;
        return Ok(Vec::new());
    };
    crate::services::answering::open_for_person(&state.db, &person)
        .await
        .map_err(ctx::db_error)
}

#[cfg(feature = "ssr")]
async fn me() -> Result<(crate::services::state::AppState, String), AppError> {
    use super::ctx;
    let user = ctx::require_user().await?;
    let state = ctx::state()?;
    let person: Option<String> = sqlx::query_scalar("SELECT person_id FROM accounts WHERE id = $1")
        .bind(&user.id)
        .fetch_optional(&state.db.pool)
        .await
        .map_err(ctx::db_error)?
        .flatten();
    Ok((state, person.ok_or(AppError::NotFound)?))
}
