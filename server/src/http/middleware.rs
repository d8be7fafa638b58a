//! Middleware: security headers, language negotiation, the no-JavaScript
//! form round trip, friendly error bodies. (The access log is its own room:
//! `request_log`.)

use app::{error::AppError, i18n::Lang};
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// What the front middleware knows of the instance: its public origin
/// (`https://trivsel.region.dk`) and whether it is served over https.
#[derive(Clone, Debug)]
pub struct Front {
    pub own_origin: std::sync::Arc<str>,
    pub https: bool,
}

impl Front {
    pub fn new(public_url: &str) -> Front {
        let own_origin = url::Url::parse(public_url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_else(|_| public_url.trim_end_matches('/').to_owned());
        Front {
            https: own_origin.starts_with("https://"),
            own_origin: own_origin.into(),
        }
    }
}

/// Security headers on every response. Each request gets a fresh CSP nonce,
/// which pages rendered by Leptos put on their scripts (see
/// `app::api::ctx::provide_csp_nonce`); HTML responses allow scripts with that
/// nonce (and wasm), everything else gets a policy without any script.
///
/// Responses other than the site's static files (pages, server-function
/// answers, exports, the reporter's pages) are `Cache-Control: no-store`: a
/// shared or public computer must not keep a results page or a case's
/// messages in its cache after the person has gone. With an https public
/// URL, browsers are told to use https only (HSTS).
pub async fn security_headers(
    axum::extract::State(front): axum::extract::State<Front>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = app::services::ids::random_token(16);
    req.extensions_mut()
        .insert(app::api::ctx::CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let static_file = [
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/wasm",
        "image/",
        "font/",
    ]
    .iter()
    .any(|t| content_type.starts_with(t));
    let h = res.headers_mut();
    if !static_file && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if front.https {
        // Two years, the preload list's minimum; subdomains are the region's own.
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000"),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    let scripts = if html {
        format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'")
    } else {
        "script-src 'none'".to_owned()
    };
    let csp = format!(
        "default-src 'self'; {scripts}; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// Refuses a state-changing request that a page on another site made the
/// browser send. SameSite=Lax cookies are not enough: a sibling host of the
/// region's domain counts as the "same site". Browsers name the page's
/// origin in `Origin` on every POST; it must be the instance's public origin
/// or the host the browser addressed. Our own plain form posts carry
/// `Origin: null` (the pages' `Referrer-Policy: no-referrer` makes browsers
/// hide the origin of navigations), so for a null or missing `Origin`
/// `Sec-Fetch-Site` decides, which browsers send to https and loopback
/// addresses. A request with neither comes from a program, not a browser,
/// and carries no cookie it could have ridden on.
pub async fn same_origin_writes(
    axum::extract::State(front): axum::extract::State<Front>,
    req: Request,
    next: Next,
) -> Response {
    if cross_site(req.method(), req.headers(), &front.own_origin) {
        let path = req.uri().path().to_owned();
        return error_response(req.headers(), &path, AppError::CrossSite);
    }
    next.run(req).await
}

pub fn cross_site(method: &Method, headers: &HeaderMap, own_origin: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let fetch_site = text("sec-fetch-site");
    match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        Some(Err(_)) => true,
        Some(Ok("null")) => !matches!(fetch_site, Some("same-origin") | Some("none")),
        Some(Ok(origin)) => {
            if origin.eq_ignore_ascii_case(own_origin) {
                return false;
            }
            let authority = origin.split_once("://").map(|(_, a)| a);
            !matches!((authority, text("host")), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
        }
        None => !matches!(fetch_site, None | Some("same-origin") | Some("none")),
    }
}

/// Puts the request's language (cookie, then Accept-Language) into its
/// extensions, where pages and server functions read it.
pub async fn negotiate_language(mut req: Request, next: Next) -> Response {
    let lang = request_lang(req.headers());
    req.extensions_mut().insert(lang);
    next.run(req).await
}

pub fn request_lang(headers: &HeaderMap) -> Lang {
    let get = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    app::i18n::negotiate(get(header::COOKIE), get(header::ACCEPT_LANGUAGE))
}

/// The field a form carries so a plain (no-JavaScript) post can come back to
/// its page. Leptos sends a form post back to its `Referer` — with the error
/// in the URL when there is one — but we send `Referrer-Policy: no-referrer`,
/// so browsers send none. This restores the page from the form's own hidden
/// field, for same-site paths only, and keeps the redirect relative.
pub const RETURN_FIELD: &str = "__back";
const PLACEHOLDER_ORIGIN: &str = "http://trivsel.invalid";

pub async fn no_js_form_return(req: Request, next: Next) -> Response {
    let is_form_post = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && !req.headers().contains_key(header::REFERER)
        && header_contains(req.headers(), header::ACCEPT, "text/html")
        && header_contains(
            req.headers(),
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        );
    if !is_form_post {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let bytes = match to_bytes(body, crate::http::router::MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return error_response(&parts.headers, parts.uri.path(), AppError::PayloadTooLarge)
        }
    };
    let back = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == RETURN_FIELD)
        .map(|(_, v)| v.into_owned())
        .and_then(|v| local_path(&v));
    if let Some(back) = back {
        if let Ok(v) = HeaderValue::from_str(&format!("{PLACEHOLDER_ORIGIN}{back}")) {
            parts.headers.insert(header::REFERER, v);
        }
    }
    let mut res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let relative = res
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.strip_prefix(PLACEHOLDER_ORIGIN))
        .and_then(|l| HeaderValue::from_str(l).ok());
    if let Some(v) = relative {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// The path a return address leads to when it stays on this site, as the
/// browser will read it; `None` for anything that leaves it. The value is
/// resolved against a placeholder origin by the WHATWG URL rules browsers
/// follow (tabs and newlines dropped, `\` read as `/`, dot segments
/// removed), so `/<TAB>/evil.example`, `/\evil` and `/.//evil` are judged by
/// where they really go, not by how they look.
pub fn local_path(p: &str) -> Option<String> {
    if !p.starts_with('/') || p.contains(['\r', '\n', '\t', '\\']) {
        return None;
    }
    let base = url::Url::parse(PLACEHOLDER_ORIGIN).ok()?;
    let u = base.join(p).ok()?;
    if u.origin() != base.origin() {
        return None;
    }
    let path = u.path();
    // `//x` would be read as a host by whoever follows the redirect.
    if path.starts_with("//") {
        return None;
    }
    Some(match u.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    })
}

pub(crate) fn header_contains(h: &HeaderMap, name: header::HeaderName, needle: &str) -> bool {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(needle))
}

/// Replaces axum's plain-text rejections (too large, wrong method, bad
/// request) with a message in the user's language: JSON for server-function
/// calls, a small HTML page for everything else.
pub async fn friendly_errors(req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    if res.headers().contains_key(SERVER_FN_ERROR_HEADER) && res.status().is_server_error() {
        return with_app_error_status(res).await;
    }
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    let error = match res.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Some(AppError::PayloadTooLarge),
        StatusCode::METHOD_NOT_ALLOWED => Some(AppError::bad_request("error-method")),
        StatusCode::BAD_REQUEST
        | StatusCode::UNSUPPORTED_MEDIA_TYPE
        | StatusCode::UNPROCESSABLE_ENTITY => Some(AppError::bad_request("error-malformed-form")),
        _ => None,
    };
    match error {
        Some(e) if plain => {
            let status = res.status();
            let mut out = error_response(&headers, &path, e);
            *out.status_mut() = status;
            out
        }
        _ => res,
    }
}

/// Leptos answers every failed server function with 500; the body is our
/// `AppError`, which knows its real status (400 for malformed arguments, 401,
/// 403, 429 …). Redirects (plain form posts) are left alone.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";

async fn with_app_error_status(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(e) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(e.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

pub(crate) fn error_response(headers: &HeaderMap, path: &str, e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    // Server-function calls from the wasm client get the error as data; a
    // browser (a form post without JavaScript, a link) gets a page.
    if path.starts_with("/api/") && !header_contains(headers, header::ACCEPT, "text/html") {
        let body = serde_json::to_string(&e).unwrap_or_default();
        return (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    let lang = request_lang(headers);
    crate::http::page::notice(
        lang,
        status,
        &lang.t("error-title"),
        vec![e.message(lang)],
        Some(("/", "not-found-home")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile return addresses, each as an attacker would send it.
    #[test]
    fn return_addresses_that_leave_the_site_are_refused() {
        for bad in [
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "http:evil.example",
            "evil",
            "",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/./\t/evil.example",
            "/.//evil.example",
            "/..//evil.example",
            "/a/..//evil.example",
            "/%2e//evil.example",
            "/a\r\nSet-Cookie: x",
            " //evil.example",
            "javascript:alert(1)",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn return_addresses_on_the_site_are_kept() {
        for (given, kept) in [
            ("/login", "/login"),
            ("/overview?x=1", "/overview?x=1"),
            ("/results?round=a&unit=b", "/results?round=a&unit=b"),
            ("/a/../login", "/login"),
            ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
            ("/report/case#top", "/report/case"),
            ("/s\u{f8}g", "/s%C3%B8g"),
        ] {
            assert_eq!(local_path(given).as_deref(), Some(kept), "{given:?}");
        }
    }

    #[test]
    fn writes_from_another_site_are_refused() {
        let own = "https://trivsel.region.dk";
        let req = |pairs: &[(&str, &str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(
                    header::HeaderName::from_bytes(k.as_bytes()).expect("name"),
                    HeaderValue::from_str(v).expect("value"),
                );
            }
            h
        };
        let host = ("host", "trivsel.region.dk");
        let evil = ("origin", "https://evil.example");
        for (method, headers, refused) in [
            (Method::POST, req(&[host, ("origin", own)]), false),
            (
                Method::POST,
                req(&[("host", "10.0.0.5:3000"), ("origin", own)]),
                false,
            ),
            (
                Method::POST,
                req(&[
                    ("host", "localhost:3000"),
                    ("origin", "http://localhost:3000"),
                ]),
                false,
            ),
            (Method::POST, req(&[host, evil]), true),
            (
                Method::POST,
                req(&[host, ("origin", "https://intranet.region.dk")]),
                true,
            ),
            (
                Method::POST,
                req(&[host, ("origin", "https://trivsel.region.dk.evil.example")]),
                true,
            ),
            (Method::POST, req(&[host, ("origin", "null")]), true),
            // Our own form posts, under Referrer-Policy: no-referrer.
            (
                Method::POST,
                req(&[host, ("origin", "null"), ("sec-fetch-site", "same-origin")]),
                false,
            ),
            // A sandboxed frame on another site.
            (
                Method::POST,
                req(&[host, ("origin", "null"), ("sec-fetch-site", "cross-site")]),
                true,
            ),
            (
                Method::POST,
                req(&[host, ("sec-fetch-site", "same-site")]),
                true,
            ),
            (
                Method::POST,
                req(&[host, ("sec-fetch-site", "cross-site")]),
                true,
            ),
            (
                Method::POST,
                req(&[host, ("sec-fetch-site", "same-origin")]),
                false,
            ),
            (
                Method::POST,
                req(&[host, ("sec-fetch-site", "none")]),
                false,
            ),
            // A program (the HR system's import, curl): no browser, no cookie to ride on.
            (Method::POST, req(&[host]), false),
            (Method::PUT, req(&[host, evil]), true),
            (Method::DELETE, req(&[host, evil]), true),
            (Method::PATCH, req(&[host, evil]), true),
            (Method::GET, req(&[host, evil]), false),
        ] {
            assert_eq!(
                cross_site(&method, &headers, own),
                refused,
                "{method} {headers:?}"
            );
        }
    }
}
