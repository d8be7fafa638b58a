//! Server functions for results. Every figure comes from
//! `services::results`, which applies the group-size rules; these only check
//! that the viewer may see the unit at all.

use crate::{error::AppError, model::UnitDashboard};
use leptos::prelude::*;

/// A unit's dashboard for a round (the latest when none is given).
#[server(endpoint = "results/unit")]
pub async fn load_dashboard(
    unit: String,
    round: Option<String>,
) -> Result<UnitDashboard, AppError> {
    use super::ctx;
    use crate::services::{results::dashboard, scope};
    let user = ctx::require_user().await?;
    let state = ctx::state()?;
    let tree = scope::Tree::load(&state.db).await.map_err(ctx::db_error)?;
    if !scope::can_see(&user, &tree, &unit) {
        return Err(AppError::NotFound);
    }
    let round = round.filter(|r| !r.is_empty());
    dashboard::dashboard(&state.db, ctx::lang(), &unit, round.as_deref())
        .await
        .map_err(ctx::db_error)?
        .ok_or(AppError::NotFound)
}
