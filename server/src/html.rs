//! Small server-rendered HTML documents for the plain axum routes that answer
//! a form post with a page (code-card sheets, export refusals, the reporter's
//! receipt and case). They load the site's stylesheet and no script.

use app::i18n::Lang;

/// A standalone document; `body` is trusted HTML built with [`escape`].
pub fn document(lang: Lang, title: &str, body_class: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Trivsel</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"{}\"></head><body class=\"{body_class}\">{body}</body></html>",
        lang.code(),
        escape(title),
        crate::assets::stylesheet(),
    )
}

/// A page in the site's frame: the header with the name, `main`, the footer.
pub fn framed(lang: Lang, title: &str, main: &str) -> String {
    document(
        lang,
        title,
        "",
        &format!(
            "<a class=\"skip-link\" href=\"#main\">{}</a>\
             <header class=\"site-header\"><div class=\"brand\"><a href=\"/\">Trivsel</a></div></header>\
             <main id=\"main\" tabindex=\"-1\">{main}</main>\
             <footer class=\"site-footer\"><p>{}</p><p><a href=\"/accessibility\">{}</a></p></footer>",
            escape(&lang.t("skip-to-content")),
            escape(&lang.t("footer-promise")),
            escape(&lang.t("footer-accessibility")),
        ),
    )
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
