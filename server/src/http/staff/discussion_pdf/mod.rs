//! `GET /committees/{id}/discussion/{year}/pdf`: the annual discussion as an
//! accessible PDF (PDF/UA-1: tagged structure, embedded Unicode fonts, the
//! committee's language, reading order, text alternatives for the charts),
//! in the committee's language. The document is the same one the page shows
//! — the stored one once locked — so the PDF can hold nothing the page would
//! not.
//!
//! `typeset` lays out and writes tagged PDF with `krilla`, chosen because it
//! is maintained, writes PDF/UA-1 and refuses to write a file that breaks
//! the rules it can check; `render` lays the discussion out with it.

mod render;
mod typeset;

pub use render::render;

use crate::http::{page::notice, session::session_user};
use app::{
    i18n::Lang,
    services::{committees::discussions, follow_up, state::AppState},
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

pub async fn pdf(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path((committee, year)): Path<(String, String)>,
) -> Response {
    let refuse = |status: StatusCode, key: &str| {
        notice(
            lang,
            status,
            &lang.t("discussion-title-short"),
            vec![lang.t(key)],
            None,
        )
    };
    let Some((_, user)) = session_user(&state, &headers).await else {
        return refuse(StatusCode::UNAUTHORIZED, "error-unauthenticated");
    };
    let Some(year) = year.parse::<i32>().ok() else {
        return refuse(StatusCode::NOT_FOUND, "error-not-found");
    };
    let view = match discussions::view(&state.db, &user, &committee, year, follow_up::today()).await
    {
        Ok(Ok(v)) => v,
        Ok(Err(follow_up::Refused::Scope)) => {
            return refuse(StatusCode::FORBIDDEN, "error-forbidden")
        }
        Ok(Err(_)) => return refuse(StatusCode::NOT_FOUND, "error-not-found"),
        Err(e) => {
            tracing::error!(error = %e, "assembling the annual discussion failed");
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, "error-title");
        }
    };
    match render(&view.document) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"discussion-{}-{year}.pdf\"",
                        view.committee.id
                    ),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "writing the PDF failed");
            refuse(StatusCode::INTERNAL_SERVER_ERROR, "error-title")
        }
    }
}
