//! Server functions for results. Every figure comes from
//! `services::results`, which applies the group-size rules; these only check
//! that the viewer may see the unit at all.

use crate::{
    error::AppError,
    model::{Heatmap, UnitDashboard},
};
use leptos::prelude::*;

/// A unit's dashboard for a round (the latest when none is given).
#[server(endpoint = "results/unit")]
pub async fn load_dashboard(
    unit: String,
    round: Option<String>,
) -> Result<Option<UnitDashboard>, AppError> {
    use super::ctx;
    use crate::services::results::dashboard;
    // Not found: no such unit, or not the viewer's (one answer for both).
    let (_, state, _) = super::admin::guard::sees(&unit).await?;
    let round = round.filter(|r| !r.is_empty());
    let d = dashboard::dashboard(&state.db, ctx::lang(), &unit, round.as_deref())
        .await
        .map_err(ctx::db_error)?;
    match (d, round) {
        (Some(d), _) => Ok(Some(d)),
        // A round asked for that this unit did not take part in.
        (None, Some(_)) => Err(AppError::NotFound),
        // The viewer's own unit, without any round yet.
        (None, None) => Ok(None),
    }
}

/// Units × themes for the viewer's scope (committee members, leaders and
/// administrators), optionally sorted by one theme.
#[server(endpoint = "results/heatmap")]
pub async fn load_heatmap(
    round: Option<String>,
    sort: Option<String>,
) -> Result<Heatmap, AppError> {
    use super::ctx;
    use crate::services::{results::heatmap, scope};
    let user = ctx::require_user().await?;
    let state = ctx::state()?;
    let roots = scope::roots(&user);
    if matches!(&roots, Some(r) if r.is_empty()) {
        return Err(AppError::Forbidden);
    }
    let round = round.filter(|r| !r.is_empty());
    let sort = sort.filter(|s| !s.is_empty());
    heatmap::heatmap(
        &state.db,
        ctx::lang(),
        roots.as_deref(),
        round.as_deref(),
        sort.as_deref(),
    )
    .await
    .map_err(ctx::db_error)?
    .ok_or(AppError::NotFound)
}
