//! The REST API for other systems (`/api/v1`), authenticated with an API token
//! (`Authorization: Bearer …`, created on the settings page or with
//! `server create-api-token`). Each token has one purpose: `import` for an HR
//! system, `results` for a BI tool. The OpenAPI document is generated from
//! this code and served at `/api/v1/openapi.json`.

pub mod import;
pub mod results;

use app::services::{state::AppState, tokens};
use axum::{
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Trivsel API",
        version = "1",
        description = "Organisation import for HR systems and results for BI tools. Every figure the API returns has passed the same anonymity rules as the web pages: a minimum group size per measure, and complementary suppression so that no combination of figures reveals a smaller group. A hidden figure is returned without its value and with the reason."
    ),
    paths(
        import::import_people,
        results::rounds,
        results::round_results,
        results::unit_results
    ),
    components(schemas(
        app::services::import::json::ImportRequest,
        app::services::import::json::UnitIn,
        app::services::import::json::PersonIn,
        app::model::ImportPreview,
        app::model::ImportChanges,
        app::model::ChangeList,
        app::model::ImportIssue,
        app::model::ImportFile,
        ApiError,
        results::RoundOut,
        results::ThemeOut,
        results::FigureOut,
        results::UnitOut,
        results::RoundResults,
        results::UnitResults,
        results::HiddenReason
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// An error answer: a stable code and an English message for the integrator.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// `unauthorised`, `forbidden`, `not_found`, `invalid_parameter`,
    /// `bad_request`, `internal`.
    pub error: String,
    pub message: String,
}

pub(crate) fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(ApiError {
            error: code.to_owned(),
            message: message.to_owned(),
        }),
    )
        .into_response()
}

/// Lets the request through only with a live token made for `purpose`
/// (its id): 401 without one, 403 with a token made for something else.
pub(crate) async fn require(
    state: &AppState,
    headers: &HeaderMap,
    purpose: tokens::Purpose,
) -> Result<String, Response> {
    let unauthorised = || {
        error(
            StatusCode::UNAUTHORIZED,
            "unauthorised",
            "a valid API token is required",
        )
    };
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Err(unauthorised());
    };
    match tokens::verify(&state.db, token.trim()).await {
        Ok(Some((id, p))) if p == purpose => Ok(id),
        Ok(Some(_)) => Err(error(
            StatusCode::FORBIDDEN,
            "forbidden",
            &format!("this token is not made for {}", purpose.as_str()),
        )),
        Ok(None) => Err(unauthorised()),
        Err(e) => Err(internal(e)),
    }
}

pub(crate) fn internal(e: impl std::fmt::Display) -> Response {
    let id = app::error::internal(e, "REST API");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        &id.to_string(),
    )
}
