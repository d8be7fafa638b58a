//! The reporter's writes (A7): filing a report, opening a case with the
//! receipt, a message on it, and leaving it. Plain form posts that answer
//! with a redirect (post/redirect/get), so a reload shows the page again
//! instead of sending the form again; the pages after the redirect are the
//! app's (`pages::reporter`). A refusal, which changes nothing, is answered
//! at once with a page of its own.
//!
//! What the page after the redirect must know — the receipt just shown, the
//! case just opened — travels in a short-lived sealed cookie on the
//! reporter's own browser (`services::reports::visit`), never in an address.
//! Nothing about the request is kept: no session, no row, and the access log
//! has only the first path segment, `/report`.

use crate::http::page::{framed, Reasons};
use app::{
    i18n::Lang,
    services::{
        reports::{
            self,
            visit::{self, Pass},
            Filing, NewReport, Opened,
        },
        state::AppState,
    },
};
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Extension, Form,
};
use leptos::prelude::*;

/// Largest form body on these routes: 10 000 characters of text, percent
/// encoded, with room to spare.
pub const MAX_BODY: usize = 256 * 1024;

/// A page that says why nothing was done; `kept` is text the reporter
/// wrote and would otherwise lose, shown to be copied. Nothing of a case may
/// linger in shared caches or history pages (`page::framed`).
fn refusal(
    lang: Lang,
    status: StatusCode,
    title_key: &str,
    reasons: &[String],
    back: &str,
    kept: Option<&str>,
) -> Response {
    let title = lang.t(title_key);
    let heading = title.clone();
    let reasons = reasons.to_vec();
    let back = (back.to_owned(), lang.t("report-back"));
    let kept = kept
        .filter(|k| !k.trim().is_empty())
        .map(|k| (lang.t("report-message-label"), k.to_owned()));
    framed(lang, status, &title, move || {
        view! {
            <h1>{heading}</h1>
            <Reasons reasons/>
            {kept.map(|(label, text)| view! {
                <div class="field">
                    <label for="kept">{label}</label>
                    <textarea id="kept" rows="8" readonly>{text}</textarea>
                </div>
            })}
            <p><a href=back.0>{back.1}</a></p>
        }
    })
}

fn failed(lang: Lang, e: impl std::fmt::Display) -> Response {
    let id = app::error::internal(e, "reports");
    refusal(
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        "report-problem-title",
        &[id.message(lang)],
        "/report",
        None,
    )
}

/// 303 to `to`, setting the given cookies.
fn see_other(to: &str, cookies: &[String]) -> Response {
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
    crate::http::cookies::set(&mut res, cookies.iter().cloned());
    res
}

/// What the reporter's cookie `name` holds for `pass`, when it holds it.
fn held(state: &AppState, headers: &HeaderMap, name: &str, pass: Pass) -> Option<String> {
    crate::http::cookies::get(headers, name)
        .and_then(|c| visit::open(&state.inbox_key, pass, c, visit::now()))
}

/// The cookie that keeps case `id` open in this browser for a while.
fn case_cookie(state: &AppState, id: &str) -> String {
    visit::case_cookie(
        &state.inbox_key,
        id,
        visit::now(),
        state.settings.secure_cookies,
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
    #[serde(default)]
    once: String,
}

/// `POST /report/submit`: files the report and sends the browser to its
/// receipt (`/report/sent`).
pub async fn submit(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(form): Form<FileForm>,
) -> Response {
    if state.report_limits.filing.check().is_err() {
        return refusal(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            "report-problem-title",
            &[lang.t("report-error-busy")],
            "/report",
            None,
        );
    }
    let new = NewReport {
        category: form.category,
        unit: form.unit,
        happened: form.happened,
        description: form.description,
        once: form.once,
    };
    match reports::file(&state.db, &state.inbox_key, &new).await {
        Ok(Filing::Filed(receipt)) => {
            let sealed = visit::seal(
                &state.inbox_key,
                Pass::Receipt,
                &receipt,
                visit::now(),
                visit::RECEIPT_SECONDS,
            );
            see_other(
                "/report/sent",
                &[visit::cookie(
                    visit::RECEIPT_COOKIE,
                    &sealed,
                    visit::RECEIPT_SECONDS,
                    state.settings.secure_cookies,
                )],
            )
        }
        // Sent again: the receipt of the first time, while this browser
        // still holds it; otherwise say that it went.
        Ok(Filing::AlreadySent) => {
            if held(&state, &headers, visit::RECEIPT_COOKIE, Pass::Receipt).is_some() {
                see_other("/report/sent", &[])
            } else {
                refusal(
                    lang,
                    StatusCode::CONFLICT,
                    "report-already-sent-title",
                    &[lang.t("report-already-sent")],
                    "/report/case",
                    None,
                )
            }
        }
        Ok(Filing::Refused(refused)) => {
            let lines: Vec<String> = refused.0.iter().map(|k| lang.t(k)).collect();
            refusal(
                lang,
                StatusCode::BAD_REQUEST,
                "report-problem-title",
                &lines,
                "/report",
                None,
            )
        }
        Err(e) => failed(lang, e),
    }
}

#[derive(serde::Deserialize)]
pub struct CaseForm {
    /// Typed on the entry form.
    #[serde(default)]
    receipt: String,
    /// The sealed pass of the case page's message form.
    #[serde(default)]
    pass: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    once: String,
}

/// `POST /report/case`: opens a case with its receipt (or the case page's
/// pass), adds the reporter's message when there is one, and sends the
/// browser to the case (`/report/case`).
pub async fn case(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(form): Form<CaseForm>,
) -> Response {
    // No lock on wrong receipts, neither per case nor overall: a lock would
    // let a stranger shut reporters out of their cases. Guessing is bounded
    // by the 80-bit secret and by the hasher's queue (see `receipt`).
    let message = form.message.as_deref();
    let neutral = |status: StatusCode, key: &str| {
        refusal(
            lang,
            status,
            "report-case-title",
            &[lang.t(key)],
            "/report/case",
            message,
        )
    };
    let id = if !form.receipt.trim().is_empty() {
        match reports::open_by_receipt(&state.db, &state.inbox_key, &form.receipt).await {
            Ok(Opened::Case(id)) => id,
            // One answer for a malformed, unknown or wrong receipt.
            Ok(Opened::Refused) => return neutral(StatusCode::NOT_FOUND, "report-error-receipt"),
            Ok(Opened::Busy) => return neutral(StatusCode::TOO_MANY_REQUESTS, "report-error-wait"),
            Err(e) => return failed(lang, e),
        }
    } else if let Some(id) = visit::open(&state.inbox_key, Pass::Case, &form.pass, visit::now())
        .or_else(|| held(&state, &headers, visit::CASE_COOKIE, Pass::Case))
    {
        id
    } else {
        // The page was open too long, or no receipt was typed: the text
        // written is shown to be copied.
        return neutral(StatusCode::FORBIDDEN, "report-error-visit-over");
    };
    let keep = [case_cookie(&state, &id)];
    let Some(message) = message else {
        return see_other("/report/case", &keep);
    };
    match reports::reporter_message(&state.db, &state.inbox_key, &id, message, &form.once).await {
        Ok(Ok(())) => see_other("/report/case?sent=1", &keep),
        // The same form sent again: the case, saying the message is there.
        Ok(Err(reports::MessageRefused::AlreadySent)) => {
            see_other("/report/case?error=message-sent", &keep)
        }
        // Nothing was written: said at once, with the text kept to copy.
        Ok(Err(why)) => refusal(
            lang,
            StatusCode::BAD_REQUEST,
            "report-case-title",
            &[lang.t(why.key())],
            "/report/case",
            Some(message),
        ),
        Err(e) => failed(lang, e),
    }
}

/// `POST /report/leave`: this browser forgets the case and the receipt.
pub async fn leave(State(state): State<AppState>) -> Response {
    see_other(
        "/report/case?left=1",
        &[
            visit::forget(visit::CASE_COOKIE, state.settings.secure_cookies),
            visit::forget(visit::RECEIPT_COOKIE, state.settings.secure_cookies),
        ],
    )
}
