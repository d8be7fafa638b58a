//! The import upload: a multipart form post (files cannot travel through a
//! server function) from the import page, for administrators only.

use crate::http::session::admin_account;
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

/// `/follow-up/absence/upload`: a CSV file of sickness absence (leaders and
/// committee members for their units). Every line must read and lie in the
/// person's scope, or nothing is saved; the page says which.
pub async fn absence_upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    use app::services::follow_up::{self, absence};
    let back =
        |outcome: &str| Redirect::to(&format!("/follow-up?absence={outcome}")).into_response();
    let Some((_, user)) = crate::http::session::session_user(&state, &headers).await else {
        return back("error-unauthenticated");
    };
    if !follow_up::takes_part(&user) {
        return back("error-forbidden");
    }
    let mut file: Option<Vec<u8>> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let is_file = field.name() == Some("file");
                let Ok(bytes) = field.bytes().await else {
                    return back("error-too-large");
                };
                if is_file && !bytes.is_empty() {
                    file = Some(bytes.to_vec());
                }
            }
            Ok(None) => break,
            Err(_) => return back("error-absence-csv"),
        }
    }
    let Some(text) = file.and_then(|b| String::from_utf8(b).ok()) else {
        return back("error-absence-csv");
    };
    let entries = match absence::parse_csv(&text) {
        Ok(e) => e,
        Err(key) => return back(key),
    };
    match absence::save(&state.db, &user, &entries).await {
        Ok(Ok(n)) => back(&format!("saved-{n}")),
        Ok(Err(follow_up::Refused::Invalid(key))) => back(key),
        Ok(Err(_)) => back("error-forbidden"),
        Err(e) => {
            let err = app::error::internal(e, "saving sickness absence");
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                err.to_string(),
            )
                .into_response()
        }
    }
}
