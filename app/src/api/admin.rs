//! Server functions for the organisation: units, people, thresholds, imports.
//! Reads are scoped (administrators everything; leaders and committee members
//! their subtrees, and "not found" outside them, so existence does not leak);
//! every change is for administrators only.

use crate::{
    error::AppError,
    model::{ImportPreview, LeaverSettings, Thresholds, UnitDetail},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(super) mod guard {
    use super::super::ctx;
    use crate::{
        error::AppError,
        model::SessionUser,
        services::{
            scope::{self, Tree},
            state::AppState,
        },
    };

    pub use super::super::ctx::require_admin as admin;

    /// The signed-in user who may see `unit`; NotFound otherwise.
    pub async fn sees(unit: &str) -> Result<(SessionUser, AppState, Tree), AppError> {
        let user = ctx::require_user().await?;
        let state = ctx::state()?;
        let tree = Tree::load(&state.db).await.map_err(ctx::db_error)?;
        if !scope::can_see(&user, &tree, unit) {
            return Err(AppError::NotFound);
        }
        Ok((user, state, tree))
    }

    pub fn unit_error(e: crate::services::units::UnitError) -> AppError {
        use crate::services::units::UnitError as E;
        match e {
            E::NotFound => AppError::NotFound,
            E::Cycle => AppError::bad_request("error-unit-cycle"),
            E::DuplicateCode => AppError::bad_request("error-unit-code-taken"),
            E::Invalid => AppError::bad_request("error-unit-invalid"),
            E::Closed => AppError::bad_request("error-unit-closed"),
            E::NotEmpty => AppError::bad_request("error-unit-not-empty"),
            E::Db(e) => ctx::db_error(e),
        }
    }
}

#[server(endpoint = "org/unit")]
pub async fn load_unit(id: String) -> Result<UnitDetail, AppError> {
    use super::ctx;
    use crate::{
        model::Role,
        services::{scope, units},
    };
    let (user, state, tree) = guard::sees(&id).await?;
    let visible = |u: &str| scope::can_see(&user, &tree, u);
    units::detail(&state.db, &id, visible, user.has(Role::Admin))
        .await
        .map_err(ctx::db_error)?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "org/unit/rename")]
pub async fn rename_unit(id: String, name: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = guard::admin().await?;
    let before = ctx::unit_label(&state, &id).await?;
    crate::services::units::rename(&state.db, &id, &name)
        .await
        .map_err(guard::unit_error)?;
    ctx::audit(
        &state,
        &user,
        "unit-changed",
        &before,
        &format!("renamed: {}", name.trim()),
    )
    .await
}

#[server(endpoint = "org/unit/move")]
pub async fn move_unit(id: String, parent: String) -> Result<(), AppError> {
    let (user, state) = guard::admin().await?;
    crate::services::units::move_unit(&state.db, &id, &parent)
        .await
        .map_err(guard::unit_error)?;
    audit_placed(&state, &user, &id, "moved under", &parent).await
}

/// The audit line of a unit put under another (added or moved).
#[cfg(feature = "ssr")]
async fn audit_placed(
    state: &crate::services::state::AppState,
    user: &crate::model::SessionUser,
    unit: &str,
    how: &str,
    parent: &str,
) -> Result<(), AppError> {
    use super::ctx;
    let (unit, under) = (
        ctx::unit_label(state, unit).await?,
        ctx::unit_label(state, parent).await?,
    );
    ctx::audit(
        state,
        user,
        "unit-changed",
        &unit,
        &format!("{how} {under}"),
    )
    .await
}

#[server(endpoint = "org/unit/add")]
pub async fn add_unit(
    // The form's one-time value: read by the server's sent_once layer.
    __once: Option<String>,
    parent: String,
    code: String,
    name: String,
) -> Result<(), AppError> {
    let (user, state) = guard::admin().await?;
    let id = crate::services::units::add_child(&state.db, &parent, &code, &name)
        .await
        .map_err(guard::unit_error)?;
    audit_placed(&state, &user, &id, "added under", &parent).await?;
    leptos_axum::redirect(&format!("/organisation/unit/{id}"));
    Ok(())
}

#[server(endpoint = "org/unit/close")]
pub async fn close_unit(id: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = guard::admin().await?;
    crate::services::units::close(&state.db, &id)
        .await
        .map_err(guard::unit_error)?;
    let unit = ctx::unit_label(&state, &id).await?;
    ctx::audit(&state, &user, "unit-changed", &unit, "closed").await
}

#[server(endpoint = "org/unit/reopen")]
pub async fn reopen_unit(id: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = guard::admin().await?;
    crate::services::units::reopen(&state.db, &id)
        .await
        .map_err(guard::unit_error)?;
    let unit = ctx::unit_label(&state, &id).await?;
    ctx::audit(&state, &user, "unit-changed", &unit, "reopened").await
}

#[server(endpoint = "org/person/move")]
pub async fn move_person(person: String, unit: String) -> Result<(), AppError> {
    use super::ctx;
    let (user, state) = guard::admin().await?;
    crate::services::units::move_person(&state.db, &person, &unit)
        .await
        .map_err(guard::unit_error)?;
    let employee_no: Option<String> =
        sqlx::query_scalar("SELECT employee_no FROM people WHERE id = $1")
            .bind(&person)
            .fetch_optional(&state.db.pool)
            .await
            .map_err(ctx::db_error)?;
    let to = ctx::unit_label(&state, &unit).await?;
    ctx::audit(
        &state,
        &user,
        "person-moved",
        &format!("employee {}", employee_no.unwrap_or(person)),
        &format!("to {to}"),
    )
    .await
}

#[server(endpoint = "org/thresholds")]
pub async fn load_thresholds() -> Result<Thresholds, AppError> {
    let (_, state) = guard::admin().await?;
    crate::anonymity::thresholds::read(&state.db)
        .await
        .map_err(super::ctx::db_error)
}

/// Saves the thresholds; the rules are checked here, whatever the form said.
#[server(endpoint = "org/thresholds/save")]
pub async fn save_thresholds(
    k_score: i64,
    k_comment: i64,
    k_sensitive: i64,
) -> Result<(), AppError> {
    let (user, state) = guard::admin().await?;
    let t = Thresholds {
        k_score,
        k_comment,
        k_sensitive,
    };
    t.validate().map_err(AppError::bad_request)?;
    crate::anonymity::thresholds::save(&state.db, t)
        .await
        .map_err(super::ctx::db_error)?;
    super::ctx::audit(
        &state,
        &user,
        "thresholds-changed",
        "",
        &format!("scores {k_score}, comments {k_comment}, sensitive {k_sensitive}"),
    )
    .await?;
    // Without JavaScript the page learns of the success from its address.
    leptos_axum::redirect("/settings?saved=1");
    Ok(())
}

/// How long the personal data of people who left is kept.
#[server(endpoint = "org/leavers")]
pub async fn load_leaver_settings() -> Result<LeaverSettings, AppError> {
    let (_, state) = guard::admin().await?;
    let retention_months = crate::services::leavers::retention_months(&state.db)
        .await
        .map_err(super::ctx::db_error)?;
    Ok(LeaverSettings { retention_months })
}

/// Saves it, with its audit line, or refuses it whole (400 and the
/// message in the user's language).
#[server(endpoint = "org/leavers/save")]
pub async fn save_leaver_settings(retention_months: String) -> Result<(), AppError> {
    use crate::services::{audit, leavers};
    let (user, state) = guard::admin().await?;
    let s = LeaverSettings::parse(&retention_months).map_err(AppError::bad_request)?;
    leavers::save_settings(&state.db, s, audit::By::Staff(&user))
        .await
        .map_err(super::ctx::db_error)?;
    leptos_axum::redirect("/settings?leavers=saved");
    Ok(())
}

#[server(endpoint = "org/import")]
pub async fn load_import(id: String) -> Result<ImportPreview, AppError> {
    let (_, state) = guard::admin().await?;
    let mut p = crate::services::import::preview(&state.db, &id)
        .await
        .map_err(super::ctx::db_error)?
        .ok_or(AppError::NotFound)?;
    if p.status == "applying" {
        p.progress = state.import_progress(&id);
    }
    Ok(p)
}

/// Starts applying an import in the background; the page shows its progress.
#[server(endpoint = "org/import/apply")]
pub async fn apply_import(id: String, skip_bad_rows: Option<String>) -> Result<(), AppError> {
    use crate::services::import::{self, ImportError};
    let (user, state) = guard::admin().await?;
    let preview = import::preview(&state.db, &id)
        .await
        .map_err(super::ctx::db_error)?
        .ok_or(AppError::NotFound)?;
    let skip = skip_bad_rows.is_some();
    if preview.status != "preview" {
        return Err(AppError::bad_request("error-import-not-pending"));
    }
    if preview.blocking || (!skip && preview.issues.iter().any(|i| i.line > 1)) {
        return Err(AppError::bad_request("error-import-unresolved"));
    }
    super::ctx::audit(
        &state,
        &user,
        "import-applied",
        &format!("import {id}"),
        if skip {
            "rows with problems skipped"
        } else {
            ""
        },
    )
    .await?;
    let task_state = state.clone();
    let task_id = id.clone();
    tokio::spawn(async move {
        let report = |done: u64, total: u64| task_state.set_import_progress(&task_id, done, total);
        match import::apply_stored(&task_state.db, &task_id, skip, &report).await {
            Ok(_) | Err(ImportError::NotPending) => {}
            Err(e) => tracing::error!(error = %e, "applying an import failed"),
        }
        task_state.clear_import_progress(&task_id);
    });
    leptos_axum::redirect(&format!("/organisation/import/{id}"));
    Ok(())
}

#[server(endpoint = "org/import/discard")]
pub async fn discard_import(id: String) -> Result<(), AppError> {
    let (_, state) = guard::admin().await?;
    crate::services::import::discard(&state.db, &id)
        .await
        .map_err(super::ctx::db_error)?;
    leptos_axum::redirect("/organisation/import");
    Ok(())
}
