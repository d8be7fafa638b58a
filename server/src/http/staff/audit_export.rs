//! `GET /settings/audit.csv`: the whole administrative audit log, for
//! administrators (the page shows the newest 500 lines).

use crate::http::session::admin_account;
use app::services::{audit, state::AppState};
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};

pub async fn csv(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if admin_account(&state, &headers).await.is_none() {
        return StatusCode::FORBIDDEN.into_response();
    }
    match audit::csv(&state.db).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"trivsel-audit-log.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            let id = app::error::internal(e, "audit log export");
            (StatusCode::INTERNAL_SERVER_ERROR, id.to_string()).into_response()
        }
    }
}
