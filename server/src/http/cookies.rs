//! Cookies for the plain axum routes that are not server functions: reading
//! one from a request, and setting several on a response. (Server functions
//! use `app::api::ctx::cookie` and `ctx::set_cookie`.)

use axum::{
    http::{header, HeaderValue},
    response::Response,
};

/// The value of cookie `name`, from any of the request's `Cookie` headers.
pub use app::services::sessions::cookie_in as get;

/// Adds a `Set-Cookie` header for each value.
pub fn set(res: &mut Response, values: impl IntoIterator<Item = String>) {
    for c in values {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
}
