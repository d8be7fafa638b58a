//! The one error type that crosses the server-function boundary. Each variant
//! knows its HTTP status and its message key; the message is rendered in the
//! reader's language. Internal failures carry only a correlation id — the cause
//! is logged on the server and never sent to the browser.

use crate::i18n::Lang;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400: the input was malformed or invalid; the payload is a message key.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 401: the e-mail or the password is wrong (deliberately not saying which).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 401: the page needs a signed-in staff member.
    #[error("not signed in")]
    Unauthenticated,
    /// 403: signed in, but this is outside the person's roles or scope.
    #[error("forbidden")]
    Forbidden,
    /// 403: a state-changing request sent from a page on another site.
    #[error("cross-site request")]
    CrossSite,
    /// 404
    #[error("not found")]
    NotFound,
    /// 413
    #[error("payload too large")]
    PayloadTooLarge,
    /// 429: too many attempts; try again later.
    #[error("too many requests")]
    TooManyRequests,
    /// 500: something failed on the server; the id finds the log line.
    #[error("internal error {0}")]
    Internal(String),
    /// 503: more requests than the server takes on at once; nothing was
    /// done, and the same request a little later will do.
    #[error("busy")]
    Busy,
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::InvalidCredentials | AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::CrossSite => 403,
            AppError::NotFound => 404,
            AppError::PayloadTooLarge => 413,
            AppError::TooManyRequests => 429,
            AppError::Internal(_) => 500,
            AppError::Busy => 503,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::BadRequest(key) => {
                // Only keys we wrote ourselves are ever looked up.
                let key = if key.starts_with("error-") {
                    key.as_str()
                } else {
                    "error-bad-request"
                };
                lang.t(key)
            }
            AppError::InvalidCredentials => lang.t("error-invalid-credentials"),
            AppError::Unauthenticated => lang.t("error-unauthenticated"),
            AppError::Forbidden => lang.t("error-forbidden"),
            AppError::CrossSite => lang.t("error-cross-site"),
            AppError::NotFound => lang.t("error-not-found"),
            AppError::PayloadTooLarge => lang.t("error-too-large"),
            AppError::TooManyRequests => lang.t("error-too-many-requests"),
            AppError::Internal(id) => lang.t_args("error-internal", &[("id", id.as_str().into())]),
            AppError::Busy => lang.t("error-busy"),
        }
    }

    pub fn bad_request(key: &str) -> Self {
        AppError::BadRequest(key.to_owned())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::bad_request("error-malformed-form")
            }
            // Raised in the browser when the server cannot be reached.
            ServerFnErrorErr::Request(_) => AppError::bad_request("error-network"),
            other => internal(other, "server function plumbing"),
        }
    }
}

/// Logs an internal failure with a fresh correlation id and returns the opaque
/// error the user sees.
pub fn internal(cause: impl std::fmt::Display, context: &str) -> AppError {
    let id = correlation_id();
    #[cfg(feature = "ssr")]
    tracing::error!(correlation_id = %id, context, error = %cause, "internal error");
    #[cfg(not(feature = "ssr"))]
    let _ = (&cause, context);
    AppError::Internal(id)
}

fn correlation_id() -> String {
    #[cfg(feature = "ssr")]
    {
        use rand::Rng;
        format!("{:08x}", rand::rng().random::<u32>())
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::from("client")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_status_and_a_message_in_every_language() {
        let all = [
            AppError::bad_request("error-malformed-form"),
            AppError::InvalidCredentials,
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::PayloadTooLarge,
            AppError::TooManyRequests,
            AppError::Internal("abc".into()),
        ];
        for e in &all {
            assert!((400..600).contains(&e.status()));
            for lang in Lang::ALL {
                let m = e.message(lang);
                assert!(
                    !m.is_empty() && !m.contains("error-"),
                    "{e:?} {lang:?}: {m}"
                );
            }
        }
    }

    #[test]
    fn unknown_message_keys_are_never_looked_up() {
        let e = AppError::BadRequest("nav-login".into());
        assert_eq!(e.message(Lang::En), Lang::En.t("error-bad-request"));
    }
}
