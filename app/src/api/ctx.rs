//! Request context for server functions: state, cookies, the signed-in user,
//! and the status code of a failed call.

use crate::{
    error::{internal, AppError},
    i18n::Lang,
    model::SessionUser,
    services::{sessions, state::AppState},
};
use http::{header, request::Parts};
use leptos::prelude::*;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context", "ctx"))
}

pub fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The language negotiated for this request by the server's middleware.
pub fn lang() -> Lang {
    parts()
        .and_then(|p| p.extensions.get::<Lang>().copied())
        .unwrap_or_default()
}

pub fn cookie(name: &str) -> Option<String> {
    sessions::cookie_in(&parts()?.headers, name).map(str::to_owned)
}

/// The CSP nonce the server's middleware chose for this response (it sets the
/// header itself, so the policy never depends on when rendering finishes).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Makes Leptos use the middleware's nonce on every script it writes.
pub fn provide_csp_nonce() {
    if let Some(n) = parts().and_then(|p| p.extensions.get::<CspNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(n.0));
    }
}

pub fn db_error(e: sqlx::Error) -> AppError {
    internal(e, "database")
}

/// The signed-in staff member, if any. A staff form sent before (its
/// one-time value already claimed, see `services::sent_once`) is refused
/// here, before any server function writes anything.
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let Some(parts) = parts() else {
        return Ok(None);
    };
    if parts
        .extensions
        .get::<crate::services::sent_once::AlreadySent>()
        .is_some()
        && sessions::cookie_in(&parts.headers, sessions::SESSION_COOKIE).is_some()
    {
        return Err(AppError::bad_request("error-already-sent"));
    }
    let state = state()?;
    Ok(sessions::signed_in(&state.db, &parts.headers)
        .await
        .map_err(db_error)?
        .map(|(_, user)| user))
}

/// The signed-in staff member, or 401.
pub async fn require_user() -> Result<SessionUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in administrator and the state, or 401/403.
pub async fn require_admin() -> Result<(SessionUser, AppState), AppError> {
    let user = require_user().await?;
    if !user.has(crate::model::Role::Admin) {
        return Err(AppError::Forbidden);
    }
    Ok((user, state()?))
}

/// Writes a line of the administrative audit log for `user`'s change.
pub async fn audit(
    state: &AppState,
    user: &SessionUser,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), AppError> {
    crate::services::audit::record(
        &state.db.pool,
        crate::services::audit::By::Staff(user),
        action,
        subject,
        detail,
    )
    .await
    .map_err(db_error)
}

/// A unit as the audit log names it.
pub async fn unit_label(state: &AppState, id: &str) -> Result<String, AppError> {
    crate::services::audit::unit_label(&state.db, id)
        .await
        .map_err(db_error)
}

/// Adds a `Set-Cookie` header to the server function's response.
pub fn set_cookie(value: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        res.append_header(header::SET_COOKIE, v);
    }
}
