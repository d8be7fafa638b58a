//! The answering routes that are not pages: the form post that submits a
//! questionnaire, and the code-entry redirect. The submit route is the hot path
//! of a round opening for a whole organisation, so it renders nothing: it
//! checks the form, hands the answer to the writer and redirects.
//!
//! Privacy: these routes read no address, user agent or query string, and log
//! nothing about the request (the access log records only "a", the status and
//! the time taken).

use crate::http::{middleware::header_contains, session::person_of};
use app::anonymity::writer::{Claim, Submission, SubmitError};
use app::i18n::Lang;
use app::services::{ids, kept_answers, state::AppState};
use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Form,
};
use std::borrow::Cow;

/// Where a submission ends up. Plain redirects (303), so the browser's back
/// button and a reload never post the answers twice.
pub const THANKS: &str = "/a/thanks";
pub const REFUSED: &str = "/a/refused";

/// The first value of a form field.
fn field<'a, K: AsRef<str>, V: AsRef<str>>(fields: &'a [(K, V)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k.as_ref() == name)
        .map(|(_, v)| v.as_ref())
}

/// `POST /a/submit`: `round`, `code` (absent when a signed-in staff member
/// answers), `q.<item>` = point or `dk`, `comment`.
///
/// The form is read from the body as it is, borrowing its fields rather
/// than copying each name and value into a string of its own (only an
/// escaped value is decoded into one): this route runs once for every
/// answer of a round's opening.
pub async fn submit(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if !header_contains(
        &headers,
        header::CONTENT_TYPE,
        "application/x-www-form-urlencoded",
    ) {
        // Answered with a page in the user's language by `friendly_errors`.
        return StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response();
    }
    let fields: Vec<(Cow<str>, Cow<str>)> = form_urlencoded::parse(&body).collect();
    let field = |name: &str| field(&fields, name);
    let Some(round) = field("round").map(str::to_owned) else {
        return Redirect::to(REFUSED).into_response();
    };
    let claim = match field("code").filter(|c| !c.is_empty()) {
        Some(typed) => match ids::normalise_code(typed) {
            Some(code) => Claim::Code(code),
            None => return Redirect::to(REFUSED).into_response(),
        },
        None => match person_of(&state, &headers).await {
            Some(person) => Claim::Person(person),
            None => return Redirect::to(REFUSED).into_response(),
        },
    };
    let answers = match state.rounds.validate(&state.db, &round, &fields).await {
        Ok(Ok(answers)) => answers,
        Ok(Err("answer-refused")) => return Redirect::to(REFUSED).into_response(),
        Ok(Err(key)) => return problem(key),
        Err(e) => {
            tracing::error!(error = %e, "reading a round's items failed");
            return problem("answer-unavailable");
        }
    };
    let submission = Submission {
        round,
        claim,
        answers,
    };
    match state.writer.submit(submission).await {
        Ok(()) => {
            let mut res = Redirect::to(THANKS).into_response();
            // Answers kept across a change of language are sent now.
            if crate::http::cookies::get(&headers, &kept_answers::part(0)).is_some() {
                crate::http::cookies::set(
                    &mut res,
                    kept_answers::forget(state.settings.secure_cookies),
                );
            }
            res
        }
        Err(SubmitError::NotUsable) => Redirect::to(REFUSED).into_response(),
        Err(SubmitError::Unavailable) => problem("answer-unavailable"),
    }
}

/// A submission that cannot be taken as it is: on to a page that explains
/// (and answers with 400 or 503 itself). Nothing was stored and the code is
/// still unused.
fn problem(key: &'static str) -> Response {
    Redirect::to(&format!("/a/problem/{key}")).into_response()
}

#[derive(serde::Deserialize)]
pub struct Typed {
    code: Option<String>,
}

/// `GET /a/open?code=…`: the code-entry form (a GET form, so it works without
/// JavaScript) lands here and goes on to the questionnaire.
pub async fn open(Query(q): Query<Typed>) -> Response {
    match q.code.as_deref().and_then(ids::normalise_code) {
        Some(code) => Redirect::to(&format!("/a/{code}")).into_response(),
        // Back to the form with what was typed, to be corrected rather
        // than typed again.
        None => {
            let typed: String = q.code.unwrap_or_default().chars().take(40).collect();
            let typed: String = form_urlencoded::byte_serialize(typed.as_bytes()).collect();
            Redirect::to(&format!("/a?invalid=1&typed={typed}")).into_response()
        }
    }
}

/// `POST /a/language`: a language button on the questionnaire sent the
/// form (`switch` = `<language>:<screen>`). The answers go back to this
/// browser, sealed in a cookie (`services::kept_answers`), and the browser
/// to the same screen in the language chosen. Nothing is stored or logged.
pub async fn language(
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| field(&fields, name).filter(|v| !v.is_empty());
    let Some((lang, screen)) = field("switch")
        .and_then(|s| s.split_once(':'))
        .and_then(|(l, n)| Some((Lang::parse(l)?, n.parse::<usize>().ok()?)))
    else {
        return Redirect::to("/a").into_response();
    };
    let screen = screen.clamp(1, 100);
    let round = field("round").filter(|r| {
        r.len() <= 64
            && r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    let back = match (field("code").and_then(ids::normalise_code), round) {
        (Some(code), _) => format!("/a/{code}#s{screen}"),
        (None, Some(round)) => format!("/answer/{round}#s{screen}"),
        (None, None) => "/a".to_owned(),
    };
    let secure = state.settings.secure_cookies;
    let mut cookies = vec![app::i18n::lang_cookie(lang)];
    let answers = kept_answers::answers_of(&fields);
    match round {
        Some(round) if !answers.is_empty() => cookies.extend(
            kept_answers::keep(
                &state.inbox_key,
                round,
                answers,
                chrono::Utc::now().timestamp(),
                secure,
            )
            .unwrap_or_else(|| kept_answers::forget(secure)),
        ),
        _ => cookies.extend(kept_answers::forget(secure)),
    }
    let mut res = Redirect::to(&back).into_response();
    crate::http::cookies::set(&mut res, cookies);
    res
}
