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

/// Security headers on every response. Each request gets a fresh CSP nonce,
/// which pages rendered by Leptos put on their scripts (see
/// `app::api::ctx::provide_csp_nonce`); HTML responses allow scripts with that
/// nonce (and wasm), everything else gets a policy without any script.
pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let nonce = app::services::ids::random_token(16);
    req.extensions_mut()
        .insert(app::api::ctx::CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
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
    let bytes = match to_bytes(body, crate::router::MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return error_response(&parts.headers, parts.uri.path(), AppError::PayloadTooLarge)
        }
    };
    let back = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == RETURN_FIELD)
        .map(|(_, v)| v.into_owned())
        .filter(|v| is_local_path(v));
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

/// A path on this site (`/x`), not a protocol-relative or absolute URL.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.contains(['\r', '\n'])
}

fn header_contains(h: &HeaderMap, name: header::HeaderName, needle: &str) -> bool {
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

fn error_response(headers: &HeaderMap, path: &str, e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    // Server-function calls from the wasm client get the error as data; a
    // browser (a form post without JavaScript, a link) gets a page.
    if path.starts_with("/api/") && !header_contains(headers, header::ACCEPT, "text/html") {
        let body = serde_json::to_string(&e).unwrap_or_default();
        return (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    let lang = request_lang(headers);
    let title = html_escape(&lang.t("error-title"));
    let message = html_escape(&e.message(lang));
    let home = html_escape(&lang.t("not-found-home"));
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Trivsel</title><link rel=\"stylesheet\" href=\"/pkg/trivsel.css\">\
         <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head>\
         <body><main id=\"main\"><h1>{title}</h1><p role=\"alert\">{message}</p>\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        lang.code()
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/login"));
        assert!(is_local_path("/overview?x=1"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "evil",
            "/\\evil",
            "/a\r\nSet-Cookie: x",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }
}
