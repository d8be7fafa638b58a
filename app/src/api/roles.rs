//! Server functions for appointing and ending roles (administrators only).

use crate::{error::AppError, model::RolesPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn role_error(e: crate::services::roles::RoleError) -> AppError {
    use crate::services::roles::RoleError as E;
    match e {
        E::InvalidEmail => AppError::bad_request("error-role-email"),
        E::NameNeeded => AppError::bad_request("error-role-name"),
        E::UnitNeeded => AppError::bad_request("error-role-unit"),
        E::UnknownUnit => AppError::bad_request("error-unit-closed"),
        E::Duplicate => AppError::bad_request("error-role-duplicate"),
        E::LastAdmin => AppError::bad_request("error-role-last-admin"),
        E::NotFound => AppError::NotFound,
        E::Yourself => AppError::bad_request("error-account-yourself"),
        E::Db(e) => super::ctx::db_error(e),
    }
}

#[cfg(feature = "ssr")]
async fn admin() -> Result<crate::services::state::AppState, AppError> {
    Ok(super::ctx::require_admin().await?.1)
}

#[server(endpoint = "roles")]
pub async fn load_roles() -> Result<RolesPage, AppError> {
    use super::ctx;
    use crate::services::{org, roles, sessions};
    let state = admin().await?;
    let list = roles::list(&state.db).await.map_err(ctx::db_error)?;
    let units = org::unit_choices(&org::overview(&state.db).await.map_err(ctx::db_error)?.units);
    let mut new_account = None;
    if let Some(token) = ctx::cookie(sessions::SESSION_COOKIE) {
        if let Some(flash) = sessions::take_flash(&state.db, &token, "new-account")
            .await
            .map_err(ctx::db_error)?
        {
            new_account = Some(flash);
        }
    }
    Ok(RolesPage {
        roles: list,
        units,
        new_account,
    })
}

/// Appoints someone (by e-mail) to a role. A new account gets an e-mail
/// with a link to choose its password; the roles page says so once.
#[server(endpoint = "roles/appoint")]
pub async fn appoint(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    email: String,
    name: Option<String>,
    role: String,
    unit: Option<String>,
    label: Option<String>,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::{
        model::Role,
        services::{roles, sessions},
    };
    let (user, state) = ctx::require_admin().await?;
    let role = Role::parse(&role).ok_or_else(|| AppError::bad_request("error-malformed-form"))?;
    let done = roles::appoint(
        &state.db,
        &email,
        name.as_deref().unwrap_or(""),
        role,
        unit.as_deref(),
        label.as_deref(),
    )
    .await
    .map_err(role_error)?;
    let unit_label = match unit.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => format!(" · {}", ctx::unit_label(&state, u).await?),
        None => String::new(),
    };
    let new = if done.new_account {
        " · new account"
    } else {
        ""
    };
    ctx::audit(
        &state,
        &user,
        "role-appointed",
        &done.email,
        &format!("{}{unit_label}{new}", role.as_str()),
    )
    .await?;
    if let (true, Some(token)) = (done.new_account, ctx::cookie(sessions::SESSION_COOKIE)) {
        sessions::set_flash(&state.db, &token, "new-account", &done.email)
            .await
            .map_err(ctx::db_error)?;
    }
    leptos_axum::redirect("/roles");
    Ok(())
}

/// Disables an account by hand (it cannot sign in; its sessions end; its
/// roles stay), or enables it again.
#[server(endpoint = "roles/account")]
pub async fn set_account_disabled(account: String, disabled: bool) -> Result<(), AppError> {
    use super::ctx;
    let (me, state) = ctx::require_admin().await?;
    crate::services::roles::set_disabled(&state.db, &me.id, &account, disabled)
        .await
        .map_err(role_error)?;
    let who = crate::services::audit::account_label(&state.db, &account)
        .await
        .map_err(ctx::db_error)?;
    let action = if disabled {
        "account-disabled"
    } else {
        "account-enabled"
    };
    ctx::audit(&state, &me, action, &who, "").await?;
    leptos_axum::redirect("/roles");
    Ok(())
}

#[server(endpoint = "roles/revoke")]
pub async fn revoke_role(id: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = ctx::require_admin().await?;
    let role: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT a.email, r.role, r.unit_id FROM roles r JOIN accounts a ON a.id = r.account_id \
         WHERE r.id = $1",
    )
    .bind(&id)
    .fetch_optional(&state.db.pool)
    .await
    .map_err(ctx::db_error)?;
    crate::services::roles::revoke(&state.db, &id)
        .await
        .map_err(role_error)?;
    if let Some((email, role, unit)) = role {
        let unit = match unit {
            Some(u) => format!(" · {}", ctx::unit_label(&state, &u).await?),
            None => String::new(),
        };
        ctx::audit(
            &state,
            &user,
            "role-revoked",
            &email,
            &format!("{role}{unit}"),
        )
        .await?;
    }
    leptos_axum::redirect("/roles");
    Ok(())
}
