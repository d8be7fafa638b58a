//! The import upload: a multipart form post (files cannot travel through a
//! server function) from the import page, for administrators only.

use crate::auth::admin_account;
use app::services::{import, state::AppState};
use axum::{
    extract::{Multipart, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};

/// Upload limit for the import route (the rest of the site allows 64 KiB).
pub const MAX_UPLOAD_BYTES: usize = 2 * import::parse::MAX_FILE_BYTES + 64 * 1024;

pub async fn import_upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let back =
        |error: &str| Redirect::to(&format!("/organisation/import?error={error}")).into_response();
    let Some(account) = admin_account(&state, &headers).await else {
        return back("forbidden");
    };
    let mut units: Option<Vec<u8>> = None;
    let mut people: Option<Vec<u8>> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_owned();
                let bytes = match field.bytes().await {
                    Ok(b) => b,
                    Err(_) => return back("too-large"),
                };
                if bytes.is_empty() {
                    continue; // an empty file input
                }
                match name.as_str() {
                    "units" => units = Some(bytes.to_vec()),
                    "people" => people = Some(bytes.to_vec()),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return back("bad-request"),
        }
    }
    let Some(people) = people else {
        return back("missing-file");
    };
    match import::store(&state.db, Some(&account), units.as_deref(), &people).await {
        Ok(id) => Redirect::to(&format!("/organisation/import/{id}")).into_response(),
        Err(e) => {
            let err = app::error::internal(e, "storing an import");
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                err.to_string(),
            )
                .into_response()
        }
    }
}
