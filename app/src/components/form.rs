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
    // With script the page stays where the button was, which may be far
    // below this box: an error is brought into view and focused, so it is
    // seen and read out where the eye is.
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if error.get().is_some() {
            if let Some(el) = node.get() {
                el.scroll_into_view();
                let _ = el.focus();
            }
        }
    });
    view! {
        <div class="form-error" role="alert" aria-live="assertive" tabindex="-1" node_ref=node>
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

/// A staff form's one-time value (see `services::sent_once`): made when the
/// form is drawn, and made anew when the person edits the form — so a double
/// press or a resent page creates nothing twice, while a new entry typed
/// into the same form goes through. (Not on the action's completion: a
/// quick server answers within a double click.)
#[component]
pub fn SentOnce() -> impl IntoView {
    let base = one_time_value();
    let edits = RwSignal::new(0usize);
    let node = NodeRef::<leptos::html::Input>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |listening: Option<bool>| {
        if listening == Some(true) {
            return true;
        }
        let Some(form) = node.get().and_then(|input| input.form()) else {
            return false;
        };
        use wasm_bindgen::{closure::Closure, JsCast};
        let edited = Closure::<dyn Fn()>::new(move || {
            edits.try_update(|n| *n += 1);
        });
        let _ = form.add_event_listener_with_callback("input", edited.as_ref().unchecked_ref());
        // The listener lives as long as the form element does.
        edited.forget();
        true
    });
    view! { <input type="hidden" name="__once" node_ref=node value=move || format!("{base}-{}", edits.get())/> }
}

/// 128 random bits: from the server's generator when the page is drawn
/// there, from the browser's when a form is drawn in the browser.
fn one_time_value() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::services::ids::random_token(16)
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let mut bytes = [0u8; 16];
        if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
            let _ = c.get_random_values_with_u8_array(&mut bytes);
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        String::new()
    }
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

/// A text box that says, once script runs, how many of its `max` characters
/// are used — and when it is full, because a browser cuts a longer paste
/// silently at `maxlength`. Without script it is a plain text box with the
/// same limit (the help beside it states the limit).
#[component]
pub fn CountedText(
    id: &'static str,
    name: &'static str,
    rows: u32,
    max: usize,
    /// Ids of the help that describes the box.
    #[prop(optional)]
    describedby: &'static str,
    #[prop(optional)] required: bool,
    /// The text it starts with.
    #[prop(optional)]
    value: String,
) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let used = RwSignal::new(value.encode_utf16().count());
    let scripted = RwSignal::new(false);
    Effect::new(move |_| scripted.set(true));
    let counter = format!("{id}-count");
    let described = format!("{describedby} {counter}").trim().to_owned();
    let max_arg = max as i64;
    view! {
        <textarea
            id=id
            name=name
            rows=rows
            maxlength=max.to_string()
            required=required
            aria-describedby=described
            // The browser's limit counts UTF-16 units; so does this count.
            on:input=move |ev| used.set(event_target_value(&ev).encode_utf16().count())
        >
            {value}
        </textarea>
        <p id=counter class="counter" data-testid=format!("{id}-counter")>
            {move || scripted.get().then(|| lang.t_args(
                "counter-used",
                &[("used", (used.get() as i64).into()), ("max", max_arg.into())],
            ))}
        </p>
        <p class="counter full" role="status">
            {move || (used.get() >= max).then(|| lang.t_args("counter-full", &[("max", max_arg.into())]))}
        </p>
    }
}
