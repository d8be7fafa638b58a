//! The accessibility statement's facts (public, no sign-in): who runs this
//! instance, where, and whom to tell about a barrier.

use crate::{error::AppError, model::AccessibilityFacts};
use leptos::prelude::*;

/// The day the statement's assessment was last made, by the developers:
/// every page tested in a browser with axe-core, with and without script,
/// on a phone and a desktop screen, and by keyboard. Update it with the
/// statement's list when either changes.
pub const ASSESSED_ON: &str = "2026-12-07";

#[server(endpoint = "accessibility")]
pub async fn load_accessibility_facts() -> Result<AccessibilityFacts, AppError> {
    use super::ctx;
    let state = ctx::state()?;
    // The organisation: the top of its tree.
    let organisation: Option<String> =
        sqlx::query_scalar("SELECT name FROM units WHERE parent_id IS NULL ORDER BY name LIMIT 1")
            .fetch_optional(&state.db.pool)
            .await
            .map_err(ctx::db_error)?;
    Ok(AccessibilityFacts {
        organisation: organisation.unwrap_or_default(),
        url: state.settings.public_url.clone(),
        contact: state.settings.accessibility_contact.clone(),
        assessed_on: ASSESSED_ON.to_owned(),
    })
}
