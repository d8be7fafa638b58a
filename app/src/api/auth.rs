//! Signing in and out.

use crate::{error::AppError, model::SessionUser};
use leptos::prelude::*;

/// Signs a staff member in. On success the browser is sent to the overview.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::{accounts, password as pw, sessions};
    use http::header::SET_COOKIE;

    async {
        let state = ctx::state()?;
        if email.len() > 254 || password.len() > 1024 {
            return Err(AppError::bad_request("error-malformed-form"));
        }
        let Some(email) = accounts::normalise_email(&email) else {
            return Err(AppError::InvalidCredentials);
        };
        if state.login_limiter.check_key(&email).is_err() {
            return Err(AppError::TooManyRequests);
        }
        let found = accounts::credentials(&state.db, &email)
            .await
            .map_err(ctx::db_error)?;
        let (account, hash) = match found {
            Some((id, hash)) => (Some(id), Some(hash)),
            None => (None, None),
        };
        // Verify even for unknown accounts (against a dummy hash) so the
        // time taken does not tell whether an account exists.
        let ok = pw::verify(password, hash).await;
        let Some(account) = account.filter(|_| ok) else {
            return Err(AppError::InvalidCredentials);
        };
        let hours = state.settings.session_hours;
        let token = sessions::create(&state.db, &account, hours)
            .await
            .map_err(ctx::db_error)?;
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            let cookie = sessions::cookie(&token, state.settings.secure_cookies, hours);
            if let Ok(v) = http::HeaderValue::from_str(&cookie) {
                res.append_header(SET_COOKIE, v);
            }
        }
        leptos_axum::redirect("/overview");
        Ok(())
    }
    .await
}

/// Ends the session in the database and in the browser.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::ctx;
    use crate::services::sessions;
    use http::header::SET_COOKIE;

    async {
        let state = ctx::state()?;
        if let Some(token) = ctx::cookie(sessions::SESSION_COOKIE) {
            sessions::end(&state.db, &token)
                .await
                .map_err(ctx::db_error)?;
        }
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            let cookie = sessions::clear_cookie(state.settings.secure_cookies);
            if let Ok(v) = http::HeaderValue::from_str(&cookie) {
                res.append_header(SET_COOKIE, v);
            }
        }
        leptos_axum::redirect("/");
        Ok(())
    }
    .await
}

/// The signed-in staff member, or `None`.
#[server(endpoint = "me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    super::ctx::current_user().await
}
