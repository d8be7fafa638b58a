//! Server functions of follow-up: problems, risk assessments and action
//! plans. Leaders and committee members for their scope, administrators for
//! everything; the services check the scope of every change.

use crate::{
    error::AppError,
    model::{FollowUpOverview, ProblemView},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn member() -> Result<(crate::model::SessionUser, crate::services::state::AppState), AppError>
{
    use super::ctx;
    let user = ctx::require_user().await?;
    if !crate::services::follow_up::takes_part(&user) {
        return Err(AppError::Forbidden);
    }
    Ok((user, ctx::state()?))
}

/// A service's answer as a server function's: a database failure is an
/// internal error, a refusal the error the page shows.
#[cfg(feature = "ssr")]
pub(crate) trait Answer<T> {
    fn answer(self) -> Result<T, AppError>;
}

#[cfg(feature = "ssr")]
impl<T> Answer<T> for Result<Result<T, crate::services::follow_up::Refused>, sqlx::Error> {
    fn answer(self) -> Result<T, AppError> {
        use crate::services::follow_up::Refused;
        match self.map_err(super::ctx::db_error)? {
            Ok(v) => Ok(v),
            Err(Refused::Scope) => Err(AppError::Forbidden),
            Err(Refused::NotFound) => Err(AppError::NotFound),
            Err(Refused::Invalid(key)) => Err(AppError::bad_request(key)),
        }
    }
}

#[server(endpoint = "follow-up")]
pub async fn load_follow_up() -> Result<FollowUpOverview, AppError> {
    use super::ctx;
    use crate::services::follow_up::{problems, today};
    let (user, state) = member().await?;
    problems::overview(&state.db, &user, today())
        .await
        .map_err(ctx::db_error)
}

#[server(endpoint = "follow-up/problem")]
pub async fn load_problem(id: String) -> Result<ProblemView, AppError> {
    use super::ctx;
    use crate::services::follow_up::{problems, today};
    let (user, state) = member().await?;
    problems::view(&state.db, &user, ctx::lang(), &id, today())
        .await
        .answer()
}

/// A problem entered by hand; opens it.
#[server(endpoint = "follow-up/problem/new")]
pub async fn create_problem(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    unit: String,
    title: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    use crate::services::follow_up::{problems, today};
    let (user, state) = member().await?;
    let p = problems::NewProblem {
        unit: &unit,
        title: &title,
        description: &description,
    };
    let id = problems::create(&state.db, &user, &p, today())
        .await
        .answer()?;
    leptos_axum::redirect(&format!("/follow-up/{id}"));
    Ok(())
}

/// A problem from a theme's figure on a unit's results; opens it.
#[server(endpoint = "follow-up/problem/from-result")]
pub async fn problem_from_result(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    round: String,
    unit: String,
    dimension: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::follow_up::{problems, today};
    let (user, state) = member().await?;
    let id = problems::create_from_result(
        &state.db,
        &user,
        ctx::lang(),
        &round,
        &unit,
        &dimension,
        today(),
    )
    .await
    .answer()?;
    leptos_axum::redirect(&format!("/follow-up/{id}"));
    Ok(())
}

#[server(endpoint = "follow-up/assess")]
pub async fn assess_problem(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    problem: String,
    likelihood: String,
    consequence: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::services::follow_up::{problems, today};
    let (user, state) = member().await?;
    problems::assess(
        &state.db,
        &user,
        &problem,
        &likelihood,
        &consequence,
        &note,
        today(),
    )
    .await
    .answer()
}

/// `close` or `reopen` a problem.
#[server(endpoint = "follow-up/problem/state")]
pub async fn problem_state(problem: String, to: String) -> Result<(), AppError> {
    use crate::services::follow_up::{problems, today};
    let (user, state) = member().await?;
    let closed = match to.as_str() {
        "close" => true,
        "reopen" => false,
        _ => return Err(AppError::bad_request("error-malformed-form")),
    };
    problems::set_closed(&state.db, &user, &problem, closed, today())
        .await
        .answer()
}

#[server(endpoint = "follow-up/measure/new")]
pub async fn add_measure(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    problem: String,
    title: String,
    owner_name: String,
    #[server(default)] owner_email: String,
    deadline: String,
    #[server(default)] follow_up: String,
) -> Result<(), AppError> {
    use crate::services::follow_up::{plans, today};
    let (user, state) = member().await?;
    let m = plans::NewMeasure {
        title: &title,
        owner_name: &owner_name,
        owner_email: &owner_email,
        deadline: &deadline,
        follow_up: &follow_up,
    };
    plans::add(&state.db, &user, &problem, &m, today())
        .await
        .answer()
        .map(|_| ())
}

#[server(endpoint = "follow-up/measure/update")]
pub async fn update_measure(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    measure: String,
    status: String,
    deadline: String,
    #[server(default)] follow_up: String,
    #[server(default)] outcome: String,
) -> Result<(), AppError> {
    use crate::services::follow_up::{plans, today};
    let (user, state) = member().await?;
    let u = plans::MeasureUpdate {
        status: &status,
        deadline: &deadline,
        follow_up: &follow_up,
        outcome: &outcome,
    };
    let updated = plans::update(&state.db, &user, &measure, &u, today())
        .await
        .answer()
        .map(|_| ());
    // A measure done shows on the answering pages of its units from now on.
    state.sheets.forget_measures();
    updated
}

/// One unit's sickness absence in a quarter (replaces an earlier entry).
#[server(endpoint = "follow-up/absence")]
pub async fn save_absence(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    unit: String,
    period: String,
    days_lost: String,
    days_possible: String,
) -> Result<(), AppError> {
    use crate::services::follow_up::absence;
    let (user, state) = member().await?;
    let e = absence::entry(&unit, &period, &days_lost, &days_possible)
        .map_err(AppError::bad_request)?;
    absence::save(&state.db, &user, &[e])
        .await
        .answer()
        .map(|_| ())
}

/// Sickness absence from a CSV file's text: every line must read and lie in
/// the person's scope, or nothing is saved.
#[server(endpoint = "follow-up/absence/import")]
pub async fn import_absence(csv: String) -> Result<(), AppError> {
    use crate::services::follow_up::absence;
    let (user, state) = member().await?;
    let entries = absence::parse_csv(&csv).map_err(AppError::bad_request)?;
    absence::save(&state.db, &user, &entries)
        .await
        .answer()
        .map(|_| ())
}

/// A problem from a report statistic (a category's count for a unit in a
/// quarter); opens it.
#[server(endpoint = "follow-up/problem/from-report")]
pub async fn problem_from_report(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    category: String,
    unit: String,
    period: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::follow_up::{problems, today};
    let (user, state) = member().await?;
    let id = problems::create_from_report(
        &state.db,
        &user,
        ctx::lang(),
        &category,
        &unit,
        &period,
        today(),
    )
    .await
    .answer()?;
    leptos_axum::redirect(&format!("/follow-up/{id}"));
    Ok(())
}
