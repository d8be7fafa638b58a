//! The second step of signing in, and setting up or turning off an
//! authenticator app on one's own account (`services::two_step`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the second-step page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepView {
    /// Type the code from your app (or a recovery code).
    Code,
    /// Set up your app: scan this QR code (SVG) or type this secret.
    Enrol { qr_svg: String, secret: String },
    /// No sign-in is waiting for a code: sign in again.
    Gone,
}

/// The `Set-Cookie` value carrying a second step's token (empty: ending it).
#[cfg(feature = "ssr")]
pub fn step_cookie(token: &str, secure: bool) -> String {
    use crate::services::two_step::{STEP_COOKIE, STEP_SECONDS};
    let age = if token.is_empty() { 0 } else { STEP_SECONDS };
    crate::services::sessions::set_cookie(STEP_COOKIE, token, "/", age, secure)
}

/// Starts a second step for `account` and sends the browser to it.
#[cfg(feature = "ssr")]
pub async fn send_to_step(
    state: &crate::services::state::AppState,
    account: &str,
    enrol: bool,
) -> Result<(), AppError> {
    let token = crate::services::two_step::begin(&state.db, &state.inbox_key, account, enrol)
        .await
        .map_err(super::ctx::db_error)?;
    super::ctx::set_cookie(&step_cookie(&token, state.settings.secure_cookies));
    leptos_axum::redirect("/login/step");
    Ok(())
}

#[server(endpoint = "login/step/view")]
pub async fn load_step() -> Result<StepView, AppError> {
    use crate::services::two_step::{self, Pending, STEP_COOKIE};
    let state = super::ctx::state()?;
    let Some(token) = super::ctx::cookie(STEP_COOKIE) else {
        return Ok(StepView::Gone);
    };
    Ok(
        match two_step::pending(&state.db, &state.inbox_key, &token)
            .await
            .map_err(super::ctx::db_error)?
        {
            None => StepView::Gone,
            Some(Pending::Code) => StepView::Code,
            Some(Pending::Enrol(e)) => StepView::Enrol {
                qr_svg: e.qr_svg,
                secret: e.secret,
            },
        },
    )
}

/// Takes the code of the second step; right, the session starts.
#[server(endpoint = "login/step")]
pub async fn finish_step(code: String) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::{
        sessions,
        two_step::{self, Checked, STEP_COOKIE},
    };
    let state = ctx::state()?;
    if code.len() > 64 {
        return Err(AppError::bad_request("error-step-wrong"));
    }
    let Some(token) = ctx::cookie(STEP_COOKIE) else {
        return Err(AppError::bad_request("error-step-gone"));
    };
    match two_step::check(&state.db, &state.inbox_key, &token, &code)
        .await
        .map_err(ctx::db_error)?
    {
        Checked::Right {
            account,
            recovery_codes,
        } => {
            let hours = state.settings.session_hours;
            let session = sessions::create(&state.db, &account, hours)
                .await
                .map_err(ctx::db_error)?;
            ctx::set_cookie(&sessions::cookie(
                &session,
                state.settings.secure_cookies,
                hours,
            ));
            super::ctx::set_cookie(&step_cookie("", state.settings.secure_cookies));
            match recovery_codes {
                Some(codes) => {
                    sessions::set_flash(&state.db, &session, "recovery-codes", &codes.join("\n"))
                        .await
                        .map_err(ctx::db_error)?;
                    leptos_axum::redirect("/account");
                }
                None => leptos_axum::redirect("/overview"),
            }
            Ok(())
        }
        Checked::Wrong { .. } => Err(AppError::bad_request("error-step-wrong")),
        Checked::Gone => {
            super::ctx::set_cookie(&step_cookie("", state.settings.secure_cookies));
            Err(AppError::bad_request("error-step-gone"))
        }
    }
}

/// The account page's view of two-step sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepState {
    pub on: bool,
    /// Required for this account (it cannot be turned off).
    pub required: bool,
    pub recovery_codes_left: i64,
    /// Recovery codes just made, shown this once.
    pub new_recovery_codes: Vec<String>,
}

#[server(endpoint = "account/two-step")]
pub async fn two_step_status() -> Result<TwoStepState, AppError> {
    use super::ctx;
    use crate::services::{sessions, two_step};
    let user = ctx::require_user().await?;
    let state = ctx::state()?;
    let on = two_step::is_on(&state.db, &user.id)
        .await
        .map_err(ctx::db_error)?;
    let mut new_recovery_codes = Vec::new();
    if let Some(session) = ctx::cookie(sessions::SESSION_COOKIE) {
        if let Some(codes) = sessions::take_flash(&state.db, &session, "recovery-codes")
            .await
            .map_err(ctx::db_error)?
        {
            new_recovery_codes = codes.lines().map(str::to_owned).collect();
        }
    }
    Ok(TwoStepState {
        on,
        required: required_for(&state, &user),
        recovery_codes_left: two_step::recovery_codes_left(&state.db, &user.id)
            .await
            .map_err(ctx::db_error)?,
        new_recovery_codes,
    })
}

/// Whether this person must use a second step with a password.
#[cfg(feature = "ssr")]
pub fn required_for(
    state: &crate::services::state::AppState,
    user: &crate::model::SessionUser,
) -> bool {
    use crate::model::Role;
    state.settings.two_step_required && (user.has(Role::Admin) || user.has(Role::Handler))
}

/// Sets up (or replaces) the signed-in person's authenticator app.
#[server(endpoint = "account/two-step/begin")]
pub async fn begin_two_step() -> Result<(), AppError> {
    let user = super::ctx::require_user().await?;
    let state = super::ctx::state()?;
    send_to_step(&state, &user.id, true).await
}

/// Turns the app off — only where it is not required, and with the
/// current password.
#[server(endpoint = "account/two-step/off")]
pub async fn turn_off_two_step(current: String) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::{
        password_links::{self, Refused},
        two_step,
    };
    let user = ctx::require_user().await?;
    let state = ctx::state()?;
    if required_for(&state, &user) {
        return Err(AppError::bad_request("error-step-required"));
    }
    if current.len() > 1024 {
        return Err(AppError::bad_request("error-malformed-form"));
    }
    super::auth::throttle_current_password(&state, &user)?;
    match password_links::check_current(&state.db, &user.id, &current)
        .await
        .map_err(ctx::db_error)?
    {
        Ok(_) => {}
        Err(Refused::Busy) => return Err(AppError::TooManyRequests),
        Err(_) => return Err(AppError::bad_request("error-password-current")),
    }
    two_step::turn_off(&state.db, &user.id)
        .await
        .map_err(ctx::db_error)?;
    leptos_axum::redirect("/account");
    Ok(())
}
