//! Showing the outcome of a form, with and without JavaScript.

use crate::{error::AppError, i18n::use_lang};
use leptos::prelude::*;

/// The error of the last submission of a form, announced to screen readers.
/// Without JavaScript the error arrives in the URL after the redirect; during
/// that server render the page also takes the error's HTTP status.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    if let Some(e) = error.get_untracked() {
        super::set_page_status(e.status());
    }
    view! {
        <div class="form-error" role="alert" aria-live="assertive">
            {move || error.get().map(|e| view! { <p>{e.message(lang)}</p> })}
        </div>
    }
}

/// The error signal of a server action's latest result.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e),
        _ => None,
    })
}

/// A hidden field naming the current page, so that a form posted without
/// JavaScript comes back here (see the server's `no_js_form_return`).
#[component]
pub fn ReturnHere() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    view! { <input type="hidden" name="__back" value=move || location.pathname.get()/> }
}

/// `value` percent-encoded for a query string (everything but letters,
/// digits and `-._~`), for links built on the page.
pub fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
