//! The administrative audit log, for administrators.

use crate::{error::AppError, model::AdminAuditRow};
use leptos::prelude::*;

/// The newest 500 lines (the CSV at `/settings/audit.csv` has them all).
#[server(endpoint = "audit")]
pub async fn load_admin_audit() -> Result<Vec<AdminAuditRow>, AppError> {
    let (_, state) = super::ctx::require_admin().await?;
    crate::services::audit::recent(&state.db, 500)
        .await
        .map_err(super::ctx::db_error)
}
