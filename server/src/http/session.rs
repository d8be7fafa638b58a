//! Who is asking, for the plain axum routes (uploads, answering, code cards)
//! that are not server functions. The session itself is read in one place,
//! `app::services::sessions::signed_in`, which server functions use too.

use app::{
    model::{Role, SessionUser},
    services::{sessions, state::AppState},
};
use axum::http::HeaderMap;

/// The signed-in staff member's account id and user, from the session
/// cookie. A database that does not answer counts as not signed in (the
/// route then refuses), and is logged.
pub async fn session_user(state: &AppState, headers: &HeaderMap) -> Option<(String, SessionUser)> {
    sessions::signed_in(&state.db, headers)
        .await
        .inspect_err(|e| tracing::warn!(error = %e, "reading a staff session failed"))
        .ok()
        .flatten()
}

/// The signed-in administrator's account id.
pub async fn admin_account(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let (account, user) = session_user(state, headers).await?;
    user.has(Role::Admin).then_some(account)
}

/// The person record linked to the signed-in staff member, if any.
pub async fn person_of(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let (account, _) = session_user(state, headers).await?;
    sqlx::query_scalar::<_, Option<String>>("SELECT person_id FROM accounts WHERE id = $1")
        .bind(account)
        .fetch_optional(&state.db.pool)
        .await
        .ok()
        .flatten()
        .flatten()
}
