//! Server functions for the report handlers: the case list, a case and its
//! audit trail. The reporter's side is in [`super::reporter`].

use crate::{
    error::AppError,
    model::{AuditRow, CaseRow, HandlerCase},
};
use leptos::prelude::*;

/// A signed-in report handler (403 for anyone else).
#[cfg(feature = "ssr")]
async fn handler() -> Result<(crate::model::SessionUser, crate::services::state::AppState), AppError>
{
    use super::ctx;
    let user = ctx::require_user().await?;
    if !user.has(crate::model::Role::Handler) {
        return Err(AppError::Forbidden);
    }
    Ok((user, ctx::state()?))
}

/// The cases the handler may read.
#[server(endpoint = "reports")]
pub async fn load_cases() -> Result<Vec<CaseRow>, AppError> {
    use super::ctx;
    let (user, state) = handler().await?;
    crate::services::reports::list(&state.db, &user)
        .await
        .map_err(ctx::db_error)
}

/// One case (written to the audit trail as read).
#[server(endpoint = "reports/case")]
pub async fn load_case(id: String) -> Result<HandlerCase, AppError> {
    use super::ctx;
    let (user, state) = handler().await?;
    crate::services::reports::handler_view(&state.db, &user, &id)
        .await
        .map_err(ctx::db_error)?
        .ok_or(AppError::NotFound)
}

/// What needs the signed-in handler today, for the overview: open cases
/// to acknowledge, with a reply from the reporter waiting, overdue, or with
/// feedback due within 14 days. None for anyone who is not a handler.
#[server(endpoint = "reports/today")]
pub async fn load_handler_today() -> Result<Option<Vec<CaseRow>>, AppError> {
    use super::ctx;
    let user = ctx::require_user().await?;
    if !user.has(crate::model::Role::Handler) {
        return Ok(None);
    }
    let state = ctx::state()?;
    let soon = (crate::services::reports::today() + chrono::Days::new(14))
        .format("%Y-%m-%d")
        .to_string();
    let cases = crate::services::reports::list(&state.db, &user)
        .await
        .map_err(ctx::db_error)?;
    Ok(Some(
        cases
            .into_iter()
            .filter(|c| {
                c.ack_due.is_some()
                    || c.reply_waiting
                    || c.overdue
                    || c.feedback_due
                        .as_deref()
                        .is_some_and(|d| *d <= *soon.as_str())
            })
            .collect(),
    ))
}

/// A handler's action: `acknowledge`, `message` (with `feedback` when it is
/// the feedback), `note`, `start`, `close` (with `outcome`), `conflict`,
/// `hold`, `release`. `once`: the form's one-time value.
#[server(endpoint = "reports/act")]
pub async fn case_action(
    id: String,
    action: String,
    #[server(default)] body: String,
    #[server(default)] outcome: String,
    #[server(default)] feedback: String,
    #[server(default)] once: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::{
        model::ReportOutcome,
        services::reports::{self, Action, ActionRefused},
    };
    let (user, state) = handler().await?;
    let action = match action.as_str() {
        "acknowledge" => Action::Acknowledge,
        "message" => Action::Message {
            body,
            feedback: !feedback.is_empty(),
        },
        "note" => Action::Note(body),
        "start" => Action::StartWork,
        "close" => Action::Close(
            ReportOutcome::parse(&outcome).ok_or(AppError::bad_request("report-error-outcome"))?,
        ),
        "conflict" => Action::Conflicted,
        "hold" => Action::Hold(true),
        "release" => Action::Hold(false),
        _ => return Err(AppError::bad_request("error-malformed-form")),
    };
    let conflict = action == Action::Conflicted;
    match reports::act(&state.db, &user, &id, action, &once)
        .await
        .map_err(ctx::db_error)?
    {
        Ok(()) => {
            // A conflicted handler can no longer open the case.
            if conflict {
                leptos_axum::redirect("/reports");
            }
            Ok(())
        }
        Err(ActionRefused::NotFound) => Err(AppError::NotFound),
        Err(ActionRefused::State) => Err(AppError::bad_request("report-error-state")),
        Err(ActionRefused::Message(why)) => Err(AppError::bad_request(why.key())),
    }
}

/// The audit trail (handlers and administrators), of one case or all.
#[server(endpoint = "reports/audit")]
pub async fn load_audit(case: Option<String>) -> Result<Vec<AuditRow>, AppError> {
    use super::ctx;
    use crate::model::Role;
    let user = ctx::require_user().await?;
    if !user.has(Role::Handler) && !user.has(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let state = ctx::state()?;
    crate::services::reports::audit_trail(
        &state.db,
        &user,
        case.as_deref().filter(|c| !c.is_empty()),
    )
    .await
    .map_err(ctx::db_error)
}

/// Report counts by unit and quarter for one category (committee members for
/// their scope, administrators for everything).
#[server(endpoint = "reports/statistics")]
pub async fn load_report_stats(
    category: Option<String>,
) -> Result<crate::model::ReportStats, AppError> {
    use super::ctx;
    use crate::{
        model::{ReportCategory, Role},
        services::reports::{stats, today},
    };
    let user = ctx::require_user().await?;
    let roots = if user.has(Role::Admin) {
        None
    } else {
        let r: Vec<String> = user
            .roles
            .iter()
            .filter(|g| g.role == Role::Committee)
            .filter_map(|g| g.unit_id.clone())
            .collect();
        if r.is_empty() {
            return Err(AppError::Forbidden);
        }
        Some(r)
    };
    let category = match category.as_deref().filter(|c| !c.is_empty()) {
        None => ReportCategory::Harassment,
        Some(c) => {
            ReportCategory::parse(c).ok_or(AppError::bad_request("report-error-category"))?
        }
    };
    let state = ctx::state()?;
    stats::stats(&state.db, roots.as_deref(), category, today())
        .await
        .map_err(ctx::db_error)
}

/// Where reports may point and how long closed cases are kept
/// (administrators).
#[server(endpoint = "reports/settings")]
pub async fn load_report_settings() -> Result<crate::model::ReportSettings, AppError> {
    use super::ctx;
    let (_, state) = ctx::require_admin().await?;
    crate::services::reports::settings(&state.db)
        .await
        .map_err(ctx::db_error)
}

#[server(endpoint = "reports/settings/save")]
pub async fn save_report_settings(level: String, retention_months: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = ctx::require_admin().await?;
    let months: i64 = retention_months
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request("error-retention"))?;
    let s = crate::model::ReportSettings {
        level,
        retention_months: months,
    };
    s.validate().map_err(AppError::bad_request)?;
    crate::services::reports::save_settings(&state.db, &s)
        .await
        .map_err(ctx::db_error)?;
    ctx::audit(
        &state,
        &user,
        "report-settings-changed",
        "",
        &format!("finest level {} · kept {months} months", s.level),
    )
    .await
}
