//! The reporter's routes (A7): filing a report and following the case with
//! the receipt. Plain form posts answered with a page — no session, no
//! cookie, nothing kept about the request (the access log has only the
//! first path segment, `/report`). Pages are in the language the browser or
//! the language cookie asks for; nothing of it is stored with the case.

use crate::html::{escape, framed};
use app::{
    i18n::Lang,
    model::{CaseMessage, ReportStatus, ReporterCase},
    services::{
        reports::{self, MessageRefused, NewReport, Opened},
        state::AppState,
    },
};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{Html, IntoResponse, Response},
    Extension, Form,
};

/// Largest form body on these routes: 10 000 characters of text, percent
/// encoded, with room to spare.
pub const MAX_BODY: usize = 256 * 1024;

fn page(lang: Lang, status: StatusCode, title: &str, main: String) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            // The receipt must not linger in shared caches or history pages.
            (header::PRAGMA, "no-cache"),
        ],
        Html(framed(lang, title, &main)),
    )
        .into_response()
}

fn refusal(
    lang: Lang,
    status: StatusCode,
    title_key: &str,
    lines: &[String],
    back: &str,
) -> Response {
    let items: String = lines
        .iter()
        .map(|l| format!("<li>{}</li>", escape(l)))
        .collect();
    page(
        lang,
        status,
        &lang.t(title_key),
        format!(
            "<h1>{}</h1><div role=\"alert\" class=\"form-error\"><ul>{items}</ul></div><p><a href=\"{back}\">{}</a></p>",
            escape(&lang.t(title_key)),
            escape(&lang.t("report-back"))
        ),
    )
}

fn failed(lang: Lang, e: impl std::fmt::Display) -> Response {
    let id = app::error::internal(e, "reports");
    refusal(
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        "report-problem-title",
        &[id.message(lang)],
        "/report",
    )
}

#[derive(serde::Deserialize)]
pub struct FileForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    happened: String,
    #[serde(default)]
    description: String,
}

/// `POST /report/submit`: files the report and shows the receipt, once.
pub async fn submit(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Form(form): Form<FileForm>,
) -> Response {
    if state.report_limits.filing.check().is_err() {
        return refusal(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            "report-problem-title",
            &[lang.t("report-error-busy")],
            "/report",
        );
    }
    let new = NewReport {
        category: form.category,
        unit: form.unit,
        happened: form.happened,
        description: form.description,
    };
    let receipt = match reports::file(&state.db, &state.inbox_key, &new).await {
        Ok(Ok(r)) => r,
        Ok(Err(refused)) => {
            let lines: Vec<String> = refused.0.iter().map(|k| lang.t(k)).collect();
            return refusal(
                lang,
                StatusCode::BAD_REQUEST,
                "report-problem-title",
                &lines,
                "/report",
            );
        }
        Err(e) => return failed(lang, e),
    };
    page(
        lang,
        StatusCode::OK,
        &lang.t("report-sent-title"),
        format!(
            "<h1>{}</h1><p>{}</p>\
             <p class=\"receipt\" data-testid=\"receipt\">{}</p>\
             <div class=\"notice\"><p><strong>{}</strong></p><p>{}</p></div>\
             <p>{}</p><p><a href=\"/report/case\">{}</a></p>",
            escape(&lang.t("report-sent-title")),
            escape(&lang.t("report-sent-intro")),
            escape(&receipt),
            escape(&lang.t("report-receipt-once")),
            escape(&lang.t("report-receipt-lost")),
            escape(&lang.t("report-receipt-how")),
            escape(&lang.t("report-case-link")),
        ),
    )
}

#[derive(serde::Deserialize)]
pub struct CaseForm {
    #[serde(default)]
    receipt: String,
    #[serde(default)]
    message: Option<String>,
}

/// `POST /report/case`: opens a case with its receipt; with `message`, adds
/// the reporter's message first.
pub async fn case(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Form(form): Form<CaseForm>,
) -> Response {
    // No lock on wrong receipts, neither per case nor overall: a lock would
    // let a stranger shut reporters out of their cases. Guessing is bounded
    // by the 80-bit secret and by the hasher's queue (see `receipt`).
    let neutral = |status: StatusCode, key: &str| {
        refusal(
            lang,
            status,
            "report-case-title",
            &[lang.t(key)],
            "/report/case",
        )
    };
    let id = match reports::open_by_receipt(&state.db, &state.inbox_key, &form.receipt).await {
        Ok(Opened::Case(id)) => id,
        // One answer for a malformed, unknown or wrong receipt.
        Ok(Opened::Refused) => return neutral(StatusCode::NOT_FOUND, "report-error-receipt"),
        Ok(Opened::Busy) => return neutral(StatusCode::TOO_MANY_REQUESTS, "report-error-wait"),
        Err(e) => return failed(lang, e),
    };
    let mut notice = None;
    if let Some(message) = form.message.as_deref() {
        match reports::reporter_message(&state.db, &state.inbox_key, &id, message).await {
            Ok(Ok(())) => notice = Some(("notice", lang.t("report-message-sent"))),
            Ok(Err(why)) => {
                let key = match why {
                    MessageRefused::Empty => "report-error-empty",
                    MessageRefused::TooLong => "report-error-long",
                    MessageRefused::Closed => "report-error-closed",
                };
                notice = Some(("form-error", lang.t(key)));
            }
            Err(e) => return failed(lang, e),
        }
    }
    match reports::reporter_view(&state.db, &state.inbox_key, &id).await {
        Ok(Some(c)) => {
            let status = if matches!(notice, Some(("form-error", _))) {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            page(
                lang,
                status,
                &lang.t("report-case-title"),
                case_page(lang, &form.receipt, &c, notice),
            )
        }
        Ok(None) => neutral(StatusCode::NOT_FOUND, "report-error-receipt"),
        Err(e) => failed(lang, e),
    }
}

fn message_html(lang: Lang, m: &CaseMessage) -> String {
    let (who, class) = match m.kind.as_str() {
        "reporter" => (lang.t("report-from-you"), "from-reporter"),
        "receipt" => (lang.t("report-from-handler"), "from-handler"),
        _ => (lang.t("report-from-handler"), "from-handler"),
    };
    let body = if m.kind == "receipt" {
        lang.t("report-acknowledged-message")
    } else {
        m.body.clone()
    };
    let waiting = if m.waiting {
        format!(
            " · <strong class=\"waiting\">{}</strong>",
            escape(&lang.t("report-waiting"))
        )
    } else {
        String::new()
    };
    format!(
        "<li class=\"message {class}\"><p class=\"message-meta\">{} · {}{waiting}</p><p class=\"message-body\">{}</p></li>",
        escape(&who),
        escape(&m.written_on),
        escape(&body).replace('\n', "<br>")
    )
}

fn case_page(
    lang: Lang,
    receipt: &str,
    c: &ReporterCase,
    notice: Option<(&str, String)>,
) -> String {
    let messages: String = c.messages.iter().map(|m| message_html(lang, m)).collect();
    // Why a message is still on its way, once, under the list.
    let waiting = if c.messages.iter().any(|m| m.waiting) {
        format!(
            "<p class=\"help\">{}</p>",
            escape(&lang.t("report-waiting-why"))
        )
    } else {
        String::new()
    };
    let status = lang.t(&c.status.label_key());
    let outcome = c
        .outcome
        .map(|o| {
            format!(
                "<p>{}: {}</p>",
                escape(&lang.t("report-outcome")),
                escape(&lang.t(&o.label_key()))
            )
        })
        .unwrap_or_default();
    let notice = notice
        .map(|(class, text)| {
            format!(
                "<div class=\"{class}\" role=\"{}\"><p>{}</p></div>",
                if class == "notice" { "status" } else { "alert" },
                escape(&text)
            )
        })
        .unwrap_or_default();
    let reply = if c.status == ReportStatus::Closed {
        format!("<p>{}</p>", escape(&lang.t("report-case-closed")))
    } else {
        format!(
            "<form method=\"post\" action=\"/report/case\" class=\"stack\">\
             <input type=\"hidden\" name=\"receipt\" value=\"{}\">\
             <div class=\"field\"><label for=\"message\">{}</label>\
             <textarea id=\"message\" name=\"message\" rows=\"6\" maxlength=\"{}\" aria-describedby=\"message-help\"></textarea>\
             <p id=\"message-help\" class=\"help\">{}</p></div>\
             <button type=\"submit\" class=\"button\">{}</button></form>",
            escape(receipt),
            escape(&lang.t("report-message-label")),
            reports::MAX_CHARS,
            escape(&lang.t("report-message-help")),
            escape(&lang.t("report-message-send")),
        )
    };
    format!(
        "<h1>{}</h1>{notice}<dl class=\"facts\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd data-testid=\"case-status\">{}</dd></dl>{outcome}\
         <h2>{}</h2><ol class=\"messages\">{messages}</ol>{waiting}<h2>{}</h2>{reply}\
         <p class=\"note\">{}</p>",
        escape(&lang.t("report-case-title")),
        escape(&lang.t("report-category")),
        escape(&lang.t(&c.category.label_key())),
        escape(&lang.t("report-received")),
        escape(&c.received_on),
        escape(&lang.t("report-status")),
        escape(&status),
        escape(&lang.t("report-messages")),
        escape(&lang.t("report-write")),
        escape(&lang.t("report-case-privacy")),
    )
}
