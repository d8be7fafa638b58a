//! The organisation overview.

use crate::{error::AppError, model::OrgOverview};
use leptos::prelude::*;

/// The organisation tree with headcounts. Administrators see all of it;
/// leaders and committee members only the subtrees they are scoped to.
#[server(endpoint = "org/overview")]
pub async fn load_org_overview() -> Result<OrgOverview, AppError> {
    use super::ctx;
    use crate::{model::Role, services::org};

    async {
        let user = ctx::require_user().await?;
        let state = ctx::state()?;
        let mut overview = org::overview(&state.db).await.map_err(ctx::db_error)?;
        if user.has(Role::Admin) {
            return Ok(overview);
        }
        let roots: Vec<&str> = user
            .roles
            .iter()
            .filter(|g| matches!(g.role, Role::Leader | Role::Committee))
            .filter_map(|g| g.unit_id.as_deref())
            .collect();
        if roots.is_empty() {
            return Err(AppError::Forbidden);
        }
        overview.units = org::restrict_to_subtrees(&overview.units, &roots);
        Ok(overview)
    }
    .await
}
