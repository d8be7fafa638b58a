//! The few pages the plain axum routes answer with themselves: a refusal
//! after a form post (the reporter's, an export's, the discussion's PDF), the
//! error page of a failed request, the code-card sheet.
//!
//! They are Leptos views like every other page, in the site's frame
//! (`app::components::layout::PlainFrame`), rendered once to HTML, and carry
//! no hydration script. Why not a page of the app: each answers a POST (or a
//! file link) with what exists nowhere else — the text a reporter wrote and
//! must not lose, codes printed once — so no later GET could render it, and
//! the browser bundle could not hydrate what it cannot fetch again.

use app::{app::HeadBasics, components::layout::PlainFrame, i18n::Lang};
use axum::{
    http::{header, StatusCode},
    response::{Html, IntoResponse, Response},
};
use leptos::prelude::*;

/// A whole document around `body`, rendered in `lang` (components inside
/// read it with `app::i18n::t`).
pub fn document<V: IntoView + 'static>(
    lang: Lang,
    title: &str,
    body_class: &'static str,
    body: impl FnOnce() -> V,
) -> String {
    Owner::new().with(|| {
        provide_context(lang);
        let title = format!("{title} · Trivsel");
        view! {
            <!DOCTYPE html>
            <html lang=lang.code()>
                <head>
                    <HeadBasics stylesheet=crate::http::assets::stylesheet()/>
                    <title>{title}</title>
                </head>
                <body class=body_class>{body()}</body>
            </html>
        }
        .to_html()
    })
}

/// A page in the site's frame, never stored by caches or kept in history
/// (a refusal may show a case's text).
pub fn framed<V: IntoView + 'static>(
    lang: Lang,
    status: StatusCode,
    title: &str,
    main: impl FnOnce() -> V + Send + 'static,
) -> Response {
    let html = document(
        lang,
        title,
        "",
        || view! { <PlainFrame>{main()}</PlainFrame> },
    );
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Html(html),
    )
        .into_response()
}

/// A page that says why nothing was done: a heading, the reasons as an
/// alert, and a link back (`href`, the message key of its text).
pub fn notice(
    lang: Lang,
    status: StatusCode,
    title: &str,
    reasons: Vec<String>,
    back: Option<(&str, &str)>,
) -> Response {
    let heading = title.to_owned();
    let back = back.map(|(href, key)| (href.to_owned(), lang.t(key)));
    framed(lang, status, title, move || {
        view! {
            <h1>{heading}</h1>
            <Reasons reasons/>
            {back.map(|(href, text)| view! { <p><a href=href>{text}</a></p> })}
        }
    })
}

/// One reason as a paragraph, several as a list, in one alert.
#[component]
pub fn Reasons(reasons: Vec<String>) -> impl IntoView {
    if let [one] = reasons.as_slice() {
        view! { <p role="alert" class="form-error">{one.clone()}</p> }.into_any()
    } else {
        view! {
            <div role="alert" class="form-error">
                <ul>{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_the_frame_is_there() {
        let html = document(Lang::Da, "<b>&", "", || {
            view! { <PlainFrame><p>{"<script>alert(1)</script>".to_owned()}</p></PlainFrame> }
        });
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        assert!(html.contains("<html lang=\"da\""), "{html}");
        assert!(html.contains("&lt;b&gt;&amp; · Trivsel"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("href=\"/accessibility\""), "{html}");
        assert!(html.contains(&Lang::Da.t("footer-promise")), "{html}");
    }
}
