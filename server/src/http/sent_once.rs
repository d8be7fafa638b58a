//! The layer that lets a staff form create something once (see
//! `app::services::sent_once`): it reads a server function's form body,
//! claims the mark of its one-time field, marks a form sent before as
//! [`AlreadySent`] for the server function to refuse, and gives the claim
//! back when the server function refused the form.

use crate::http::middleware::{error_response, header_contains};
use app::{
    error::AppError,
    services::{
        sent_once::{self, AlreadySent, FIELD},
        state::AppState,
    },
};
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, Method},
    middleware::Next,
    response::Response,
};

pub async fn once_per_form(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_form = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && header_contains(
            req.headers(),
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        );
    if !is_form {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let bytes = match to_bytes(body, crate::http::router::MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return error_response(&parts.headers, parts.uri.path(), AppError::PayloadTooLarge)
        }
    };
    let mark = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == FIELD)
        .and_then(|(_, v)| sent_once::mark(&v));
    let Some(mark) = mark else {
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    };
    let now = chrono::Utc::now().timestamp();
    let first = match sent_once::claim(&state.db, &mark, now).await {
        Ok(first) => first,
        Err(e) => {
            tracing::error!(error = %e, "claiming a form's one-time mark failed");
            let path = parts.uri.path().to_owned();
            return error_response(
                &parts.headers,
                &path,
                AppError::Internal("form mark".into()),
            );
        }
    };
    if !first {
        parts.extensions.insert(AlreadySent);
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    // A refused form (an error, with or without JavaScript) made nothing:
    // its claim goes back. A form refused as sent before keeps the claim of
    // the sending that went through.
    let refused = res.status().is_client_error()
        || res.status().is_server_error()
        || res.headers().contains_key("serverfnerror");
    if first && refused {
        if let Err(e) = sent_once::release(&state.db, &mark).await {
            tracing::error!(error = %e, "giving back a form's one-time mark failed");
        }
    }
    res
}
