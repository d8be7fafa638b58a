//! Server functions for API tokens (administrators only). A new token is shown
//! once, through the session's one-time message, so that the page works the
//! same with and without JavaScript.

use crate::{error::AppError, model::TokensPage};
use leptos::prelude::*;

/// The kind of one-time message that carries a new API token.
#[cfg(feature = "ssr")]
const FLASH_KIND: &str = "api-token";

#[server(endpoint = "tokens")]
pub async fn load_tokens() -> Result<TokensPage, AppError> {
    use super::ctx;
    use crate::services::{sessions, tokens};
    let (_, state) = ctx::require_admin().await?;
    let list = tokens::list(&state.db).await.map_err(ctx::db_error)?;
    let flash = match ctx::cookie(sessions::SESSION_COOKIE) {
        Some(session) => sessions::take_flash(&state.db, &session, FLASH_KIND)
            .await
            .map_err(ctx::db_error)?,
        None => None,
    };
    // "<purpose> <token>": what the token is for decides where to copy it.
    let (new_purpose, new_token) = match flash.as_deref().and_then(|f| f.split_once(' ')) {
        Some((purpose, token)) => (
            tokens::Purpose::parse(purpose).map(|p| p.as_str().to_owned()),
            Some(token.to_owned()),
        ),
        None => (None, flash),
    };
    Ok(TokensPage {
        tokens: list,
        new_token,
        new_purpose,
    })
}

#[server(endpoint = "tokens/create")]
pub async fn create_token(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    label: String,
    // Nothing is preselected: without a choice the field is absent.
    #[server(default)] purpose: String,
    days: i64,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::services::{sessions, tokens};
    let (user, state) = ctx::require_admin().await?;
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 100 {
        return Err(AppError::bad_request("error-token-label"));
    }
    let purpose =
        tokens::Purpose::parse(&purpose).ok_or(AppError::bad_request("error-token-purpose"))?;
    if !tokens::DAYS.contains(&days) {
        return Err(AppError::bad_request("error-token-days"));
    }
    let (_, token) = tokens::create(&state.db, label, Some(&user.id), purpose, days)
        .await
        .map_err(ctx::db_error)?;
    ctx::audit(
        &state,
        &user,
        "token-created",
        label,
        &format!("{} · {days} days", purpose.as_str()),
    )
    .await?;
    if let Some(session) = ctx::cookie(sessions::SESSION_COOKIE) {
        sessions::set_flash(
            &state.db,
            &session,
            FLASH_KIND,
            &format!("{} {token}", purpose.as_str()),
        )
        .await
        .map_err(ctx::db_error)?;
    }
    leptos_axum::redirect("/settings");
    Ok(())
}

#[server(endpoint = "tokens/revoke")]
pub async fn revoke_token(id: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = ctx::require_admin().await?;
    if !crate::services::tokens::revoke(&state.db, &id)
        .await
        .map_err(ctx::db_error)?
    {
        return Err(AppError::NotFound);
    }
    let label: Option<String> = sqlx::query_scalar("SELECT label FROM api_tokens WHERE id = $1")
        .bind(&id)
        .fetch_optional(&state.db.pool)
        .await
        .map_err(ctx::db_error)?;
    ctx::audit(&state, &user, "token-revoked", &label.unwrap_or(id), "").await?;
    leptos_axum::redirect("/settings");
    Ok(())
}
