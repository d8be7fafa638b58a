//! `POST /api/v1/import`: an HR system replaces the organisation's people
//! (and optionally units), whole or not at all.

use super::{error, internal, require, ApiError};
use app::{
    model::ImportPreview,
    services::{
        import::{self, json::ImportRequest, ImportError},
        state::AppState,
        tokens::Purpose,
    },
};
use axum::{
    body::Bytes,
    extract::{FromRequest, Multipart, Query, Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ImportParams {
    /// Only report what would change; write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Leave out the people rows with problems (those people stay as they are).
    #[serde(default)]
    pub skip_invalid_rows: bool,
}

/// Synchronises the organisation with the HR system: the complete list of
/// people (and optionally units), as CSV files (`multipart/form-data`, parts
/// `people` and `units`) or as JSON. Applied whole or not at all.
#[utoipa::path(
    post,
    path = "/api/v1/import",
    params(ImportParams),
    request_body(
        description = "JSON (`application/json`) or CSV files (`multipart/form-data` with parts `people` and optional `units`)",
        content(
            (ImportRequest = "application/json"),
        )
    ),
    responses(
        (status = 200, description = "Applied (or, with dry_run, what would change)", body = ImportPreview),
        (status = 400, description = "The body could not be read", body = ApiError),
        (status = 401, description = "Missing, unknown or revoked API token", body = ApiError),
        (status = 403, description = "The token is not made for imports", body = ApiError),
        (status = 413, description = "The body is too large", body = ApiError),
        (status = 422, description = "The files have problems that block the import; nothing was written", body = ImportPreview),
    ),
    security(("api_token" = []))
)]
pub async fn import_people(
    State(state): State<AppState>,
    Query(params): Query<ImportParams>,
    req: Request,
) -> Response {
    let token = match require(&state, req.headers(), Purpose::Import).await {
        Ok(token) => token,
        Err(refused) => return refused,
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let files = if content_type.starts_with("multipart/form-data") {
        match Multipart::from_request(req, &()).await {
            Ok(m) => read_multipart(m).await,
            Err(_) => Err("the multipart body could not be read"),
        }
    } else if content_type.starts_with("application/json") {
        match Bytes::from_request(req, &()).await {
            Ok(body) => match serde_json::from_slice::<ImportRequest>(&body) {
                Ok(r) => import::json::to_csv(&r).map_err(|_| "the JSON could not be converted"),
                Err(_) => Err("the JSON does not match the ImportRequest schema"),
            },
            Err(_) => Err("the body could not be read"),
        }
    } else {
        Err("use application/json or multipart/form-data")
    };
    let (units, people) = match files {
        Ok(f) => f,
        Err(m) => return error(StatusCode::BAD_REQUEST, "bad_request", m),
    };
    let id = match import::store(&state.db, None, units.as_deref(), &people).await {
        Ok(id) => id,
        Err(e) => return internal(e),
    };
    if params.dry_run {
        let preview = import::preview(&state.db, &id).await;
        let _ = import::discard(&state.db, &id).await;
        return match preview {
            Ok(Some(mut p)) => {
                p.status = "dry_run".into();
                (StatusCode::OK, Json(p)).into_response()
            }
            Ok(None) => internal("the stored import vanished"),
            Err(e) => internal(e),
        };
    }
    match import::apply_stored(&state.db, &id, params.skip_invalid_rows, &|_, _| {}).await {
        Ok(outcome) => {
            let label: Result<String, _> =
                sqlx::query_scalar("SELECT label FROM api_tokens WHERE id = $1")
                    .bind(&token)
                    .fetch_one(&state.db.pool)
                    .await;
            let recorded = match label {
                Ok(label) => {
                    app::services::audit::record(
                        &state.db.pool,
                        app::services::audit::By::Token(&label),
                        "import-applied",
                        &format!("import {id}"),
                        if params.skip_invalid_rows {
                            "rows with problems skipped"
                        } else {
                            ""
                        },
                    )
                    .await
                }
                Err(e) => Err(e),
            };
            match recorded {
                Ok(()) => (StatusCode::OK, Json(outcome)).into_response(),
                Err(e) => internal(e),
            }
        }
        Err(ImportError::Unresolved) => {
            let preview = import::preview(&state.db, &id).await;
            let _ = import::discard(&state.db, &id).await;
            match preview {
                Ok(Some(mut p)) => {
                    p.status = "refused".into();
                    (StatusCode::UNPROCESSABLE_ENTITY, Json(p)).into_response()
                }
                _ => internal("the stored import vanished"),
            }
        }
        Err(e) => internal(e),
    }
}

async fn read_multipart(mut m: Multipart) -> Result<(Option<Vec<u8>>, Vec<u8>), &'static str> {
    let (mut units, mut people) = (None, None);
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|_| "the multipart body could not be read")?
    {
        let name = field.name().unwrap_or("").to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| "a part could not be read")?;
        match name.as_str() {
            "units" if !bytes.is_empty() => units = Some(bytes.to_vec()),
            "people" => people = Some(bytes.to_vec()),
            _ => {}
        }
    }
    Ok((units, people.ok_or("the part `people` is missing")?))
}
