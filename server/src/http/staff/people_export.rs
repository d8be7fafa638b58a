//! `GET /organisation/people/{id}/export.json`: everything Trivsel holds
//! about one staff member (an access request), for administrators. The
//! content is `services::leavers::export_person`'s; each download is a line
//! in the audit log, since it discloses a person's data.

use crate::http::session::session_user;
use app::{
    model::Role,
    services::{audit, leavers, state::AppState},
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};

pub async fn json(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((_, user)) = session_user(&state, &headers).await else {
        return StatusCode::FORBIDDEN.into_response();
    };
    if !user.has(Role::Admin) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let failed = |e: sqlx::Error| {
        let id = app::error::internal(e, "personal data export");
        (StatusCode::INTERNAL_SERVER_ERROR, id.to_string()).into_response()
    };
    let export = match leavers::export_person(&state.db, &id).await {
        Ok(Some(v)) => v,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return failed(e),
    };
    let employee_no = export["person"]["employee_no"].as_str().unwrap_or(&id);
    if let Err(e) = audit::record(
        &state.db.pool,
        audit::By::Staff(&user),
        "person-exported",
        // The form the erasure finds and pseudonymises later.
        &format!("employee {employee_no}"),
        "",
    )
    .await
    {
        return failed(e);
    }
    let body = serde_json::to_vec_pretty(&export).unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                // The address is random; the name stays out of the file name
                // (downloads folders and browser histories keep it).
                "attachment; filename=\"trivsel-personal-data.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
