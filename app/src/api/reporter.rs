//! Server functions for the reporter's pages (no sign-in, no session). The
//! reporter's writes — filing, a message, leaving the case — are plain form
//! posts in the server crate that answer with a redirect; these read what
//! the page after the redirect shows, from the short-lived sealed cookie of
//! `services::reports::visit`.

use crate::{
    error::AppError,
    model::{ReportFormOptions, ReporterVisit},
};
use leptos::prelude::*;

/// What the reporting form offers, with a fresh one-time value.
#[server(endpoint = "report/options")]
pub async fn load_report_form() -> Result<ReportFormOptions, AppError> {
    use super::ctx;
    use crate::services::reports;
    let state = ctx::state()?;
    Ok(ReportFormOptions {
        units: reports::units_for_reports(&state.db)
            .await
            .map_err(ctx::db_error)?,
        months: reports::months(reports::today()),
        max_chars: reports::MAX_CHARS,
        once: reports::once::new_value(),
    })
}

/// The receipt just shown after filing, while this browser holds it
/// (`/report/sent`); None once that time is over.
#[server(endpoint = "report/receipt")]
pub async fn load_receipt_shown() -> Result<Option<String>, AppError> {
    use super::ctx;
    use crate::services::reports::visit::{self, Pass};
    let state = ctx::state()?;
    Ok(ctx::cookie(visit::RECEIPT_COOKIE)
        .and_then(|c| visit::open(&state.inbox_key, Pass::Receipt, &c, visit::now())))
}

/// The case this browser opened with its receipt (`/report/case`); None
/// when it opened none, or that time is over. Each look keeps the case open
/// for another while.
#[server(endpoint = "report/visit")]
pub async fn load_reporter_case() -> Result<Option<ReporterVisit>, AppError> {
    use super::ctx;
    use crate::services::reports::{
        self,
        visit::{self, Pass},
    };
    let state = ctx::state()?;
    let now = visit::now();
    let Some(id) = ctx::cookie(visit::CASE_COOKIE)
        .and_then(|c| visit::open(&state.inbox_key, Pass::Case, &c, now))
    else {
        return Ok(None);
    };
    let Some(case) = reports::reporter_view(&state.db, &state.inbox_key, &id)
        .await
        .map_err(ctx::db_error)?
    else {
        // Deleted under the retention rule since it was opened.
        ctx::set_cookie(&visit::forget(
            visit::CASE_COOKIE,
            state.settings.secure_cookies,
        ));
        return Ok(None);
    };
    ctx::set_cookie(&visit::case_cookie(
        &state.inbox_key,
        &id,
        now,
        state.settings.secure_cookies,
    ));
    Ok(Some(ReporterVisit {
        case,
        pass: visit::seal(&state.inbox_key, Pass::Case, &id, now, visit::FORM_SECONDS),
        once: reports::once::new_value(),
        max_chars: reports::MAX_CHARS,
    }))
}
