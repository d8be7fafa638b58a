//! Who is asking, for the plain axum routes (uploads, answering, code cards)
//! that are not server functions.

use app::{
    model::{Role, SessionUser},
    services::{accounts, sessions, state::AppState},
};
use axum::http::HeaderMap;

/// The signed-in staff member's account id and user, from the session cookie.
pub async fn session_user(state: &AppState, headers: &HeaderMap) -> Option<(String, SessionUser)> {
    let token = crate::cookies::get(headers, sessions::SESSION_COOKIE)?;
    let account = sessions::account_of(&state.db, token).await.ok()??;
    let user = accounts::session_user(&state.db, &account).await.ok()??;
    Some((account, user))
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
