//! The axum router: Leptos pages and server functions, the site's embedded
//! files, the health check and the language switch, wrapped in the
//! middleware stack.

use crate::http::middleware;
use app::{
    app::{shell, App},
    i18n::Lang,
    services::state::AppState,
};
use axum::{
    extract::{DefaultBodyLimit, Path, Query},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::{net::SocketAddr, sync::OnceLock};
use tower_http::{compression::CompressionLayer, limit::RequestBodyLimitLayer};

/// Largest request body accepted anywhere (forms, server functions).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
struct RouterState {
    leptos_options: LeptosOptions,
    app: AppState,
}

impl axum::extract::FromRef<RouterState> for AppState {
    fn from_ref(s: &RouterState) -> Self {
        s.app.clone()
    }
}

impl axum::extract::FromRef<RouterState> for LeptosOptions {
    fn from_ref(s: &RouterState) -> Self {
        s.leptos_options.clone()
    }
}

pub fn build(state: AppState, addr: SocketAddr) -> Router {
    let leptos_options = LeptosOptions::builder()
        // The hydration script asks for `/pkg/<NAME>.js` and `.wasm`.
        .output_name(crate::http::assets::NAME)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let routes = route_list();
    let context_state = state.clone();
    let fn_state = state.clone();
    let once_state = state.clone();
    let shell_options = leptos_options.clone();
    let front = middleware::Front::new(&state.settings.public_url);

    // The import upload carries whole HR files; everything else is small.
    let uploads = Router::new()
        .route(
            "/organisation/import",
            axum::routing::post(crate::http::staff::upload::import_upload),
        )
        .route(
            "/api/v1/import",
            axum::routing::post(crate::http::api_v1::import::import_people),
        )
        .route(
            "/follow-up/absence/upload",
            axum::routing::post(crate::http::staff::upload::absence_upload),
        )
        .layer(DefaultBodyLimit::max(
            crate::http::staff::upload::MAX_UPLOAD_BYTES,
        ))
        .layer(RequestBodyLimitLayer::new(
            crate::http::staff::upload::MAX_UPLOAD_BYTES,
        ));
    // Reports carry up to 10 000 characters of text.
    let reporting = Router::new()
        .route(
            "/report/submit",
            axum::routing::post(crate::http::reporting::submit),
        )
        .route(
            "/report/case",
            axum::routing::post(crate::http::reporting::case),
        )
        .route(
            "/report/leave",
            axum::routing::post(crate::http::reporting::leave),
        )
        .layer(DefaultBodyLimit::max(crate::http::reporting::MAX_BODY))
        .layer(RequestBodyLimitLayer::new(crate::http::reporting::MAX_BODY));
    let pages = Router::new()
        .route("/healthz", get(crate::ops::health::ready))
        .route("/readyz", get(crate::ops::health::ready))
        .route("/livez", get(crate::ops::health::live))
        .route(
            "/api/v1/openapi.json",
            get(crate::http::api_v1::openapi_json),
        )
        .route("/api/v1/rounds", get(crate::http::api_v1::results::rounds))
        .route(
            "/api/v1/rounds/{round_id}/results",
            get(crate::http::api_v1::results::round_results),
        )
        .route(
            "/api/v1/rounds/{round_id}/units/{unit_id}",
            get(crate::http::api_v1::results::unit_results),
        )
        .route("/lang/{code}", get(switch_language))
        .route("/auth/provider", get(crate::http::sign_in::start))
        .route("/auth/provider/back", get(crate::http::sign_in::back))
        .route(
            "/a/language",
            axum::routing::post(crate::http::answering::language),
        )
        .route("/a/open", get(crate::http::answering::open))
        .route(
            "/results/export",
            get(crate::http::staff::results_export::export),
        )
        .route(
            "/settings/audit.csv",
            get(crate::http::staff::audit_export::csv),
        )
        .route(
            "/organisation/people/{id}/export.json",
            get(crate::http::staff::people_export::json),
        )
        .route(
            "/committees/{id}/discussion/{year}/pdf",
            get(crate::http::staff::discussion_pdf::pdf),
        )
        .route(
            "/surveys/round/{id}/cards",
            axum::routing::post(crate::http::staff::cards::print),
        )
        .route(
            "/api/{*fn_name}",
            axum::routing::post(move |req| {
                let s = fn_state.clone();
                leptos_axum::handle_server_fns_with_context(move || provide_context(s.clone()), req)
            }),
        )
        .leptos_routes_with_context(
            &RouterState {
                leptos_options: leptos_options.clone(),
                app: state.clone(),
            },
            routes,
            move || {
                provide_context(context_state.clone());
                app::api::ctx::provide_csp_nonce();
            },
            move || shell(shell_options.clone()),
        )
        // Anything else is a page the app does not know: its not-found page,
        // rendered whole (no streaming, so it reads the same without
        // JavaScript).
        .fallback({
            let app_state = state.clone();
            let options = leptos_options.clone();
            let render = leptos_axum::render_app_async_with_context(
                move || {
                    provide_context(app_state.clone());
                    app::api::ctx::provide_csp_nonce();
                },
                move || shell(options.clone()),
            );
            move |req: axum::extract::Request| render(req)
        })
        // Refuses bodies over the limit (by Content-Length, or while reading)
        // before any handler or server function sees them.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    // The answer post is the hot path of a round's opening: every answer of
    // a whole organisation in a few minutes. It renders nothing (a redirect),
    // reads no language and is no server function, so past the outer layers
    // (the access log, the security headers, the cross-site check) it needs
    // only friendly errors; the language, the no-JavaScript return, the
    // compression and the one-time form mark each cost it a boxed layer per
    // request (perf, closed-loop answer post: the eight layers between
    // accepting the request and the handler were about 11 % of the server's
    // samples).
    let answer_post = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn(middleware::friendly_errors))
        .service(
            Router::new()
                .route(
                    "/a/submit",
                    axum::routing::post(crate::http::answering::submit),
                )
                .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
                .with_state(state.clone()),
        );
    let routes = uploads
        .merge(reporting)
        .merge(pages)
        .with_state(RouterState {
            leptos_options,
            app: state,
        })
        .merge(crate::http::assets::router());
    // The middleware wraps the router once, as one service, rather than
    // through `Router::layer`, which wraps every route (some hundred) in its
    // own copy of each layer. axum::serve gives each connection its own copy
    // of the router, so that came to about 0.7 MB per open connection - 400
    // MB with 500 phones connected (heaptrack: `clone_box` of the layered
    // routes) - and some fifty boxed clones per request. In each stack
    // below the first layer is the outermost; `every_request` wraps the
    // other two.
    let pages = tower::ServiceBuilder::new()
        // A bounded number at once and a bounded line (`admission`).
        .layer(axum::middleware::from_fn_with_state(
            crate::http::admission::Admission::standard(),
            crate::http::admission::admit,
        ))
        .layer(axum::middleware::from_fn(middleware::negotiate_language))
        .layer(axum::middleware::from_fn(middleware::no_js_form_return))
        // gzip for pages, CSS and the wasm bundle (a slow phone's download).
        .layer(CompressionLayer::new().gzip(true))
        .layer(axum::middleware::from_fn(middleware::friendly_errors))
        // Inside the cross-site check: a form from another site never
        // claims a mark.
        .layer(axum::middleware::from_fn_with_state(
            once_state,
            crate::http::sent_once::once_per_form,
        ))
        .service(routes);
    let every_request = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn(
            crate::http::request_log::access_log,
        ))
        .layer(axum::middleware::from_fn_with_state(
            front.clone(),
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            front,
            middleware::same_origin_writes,
        ))
        .service(
            Router::new()
                .route_service("/a/submit", answer_post)
                .fallback_service(pages),
        );
    Router::new().fallback_service(every_request)
}

/// The app's routes, worked out once per process. Generating them renders the
/// app with resource loading suppressed process-wide, which would stall a page
/// being rendered at that moment by another server in the same process (as in
/// the test suite; leptos-rs/leptos#4773). Doing it once, before any server
/// serves, avoids that.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: OnceLock<Vec<leptos_axum::AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

/// Remembers a language choice in a cookie and goes back to the page. A plain
/// GET link, so it works without JavaScript.
async fn switch_language(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let Some(lang) = Lang::parse(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let next = q
        .next
        .and_then(|n| middleware::local_path(&n))
        .unwrap_or_else(|| "/".to_owned());
    let mut res = Redirect::to(&next).into_response();
    crate::http::cookies::set(&mut res, [app::i18n::lang_cookie(lang)]);
    res
}
