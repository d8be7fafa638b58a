//! The respondent's pages: entering a code, the questionnaire (by code or as a
//! signed-in staff member), and what follows a submission.
//!
//! The questionnaire is one HTML form split into screens of a few questions.
//! Only the screen named in the URL's fragment is shown (CSS `:target`), so
//! "next", "back" and the browser's own back button move between screens
//! without a request and without losing an answer — with or without
//! JavaScript — and the server learns the answers only at the final submit
//! (A1: nothing half-finished is stored anywhere).

use crate::{
    api::answer::{questionnaire_for_code, questionnaire_for_me},
    components::{form::CountedText, set_page_status},
    error::AppError,
    i18n::{t, use_lang, TArg},
    model::{Question, Questionnaire},
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

/// Questions per screen: few enough to fit a phone without much scrolling.
const PER_SCREEN: usize = 4;

/// `/a`: type the code from a card (or follow the QR code, which skips this).
#[component]
pub fn CodeEntryPage() -> impl IntoView {
    let query = use_query_map();
    let invalid = query.with_untracked(|q| q.get("invalid").is_some());
    // A code that did not work comes back to be corrected.
    let typed = query.with_untracked(|q| q.get("typed").unwrap_or_default());
    if invalid {
        set_page_status(400);
    }
    view! {
        <Title text=t("answer-code-title")/>
        <h1>{t("answer-code-title")}</h1>
        <p>{t("answer-code-intro")}</p>
        <form method="get" action="/a/open" class="stack" novalidate="">
            <div class="form-error" role="alert">
                {invalid.then(|| view! { <p>{t("answer-code-invalid")}</p> })}
            </div>
            <div class="field">
                <label for="code">{t("answer-code-label")}</label>
                <input
                    id="code"
                    name="code"
                    type="text"
                    inputmode="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    maxlength="40"
                    aria-describedby="code-help"
                    value=typed
                    required
                />
                <p id="code-help" class="note">{t("answer-code-help")}</p>
            </div>
            <button type="submit" class="button">{t("answer-code-go")}</button>
        </form>
    }
}

/// `/a/{code}`: the questionnaire an invitation link or a card opens.
#[component]
pub fn AnswerByCodePage() -> impl IntoView {
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let code_again = code.clone();
    let q = Resource::new(move || code.clone(), questionnaire_for_code);
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || {
                let typed = code_again.clone();
                Suspend::new(async move {
                match q.await {
                    Ok(q) => view! { <QuestionnaireForm q/> }.into_any(),
                    Err(AppError::NotFound) => {
                        view! { <NotUsable status=404 typed/> }.into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// `/answer/{round}`: a signed-in staff member answers their own invitation.
#[component]
pub fn AnswerAsStaffPage() -> impl IntoView {
    let params = use_params_map();
    let round = params.with_untracked(|p| p.get("round").unwrap_or_default());
    let q = Resource::new(move || round.clone(), questionnaire_for_me);
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match q.await {
                    Ok(q) => view! { <QuestionnaireForm q/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotUsable status=404/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The same words for an unknown, used or expired code: nothing here may hint
/// whether a code ever existed.
#[component]
fn NotUsable(
    status: u16,
    /// The code that did not work, offered back on the entry form.
    #[prop(optional)]
    typed: String,
) -> impl IntoView {
    set_page_status(status);
    let again = if typed.is_empty() {
        "/a".to_owned()
    } else {
        let typed: String = typed.chars().take(40).collect();
        format!("/a?typed={}", crate::components::form::query_value(&typed))
    };
    view! {
        <Title text=t("answer-refused-title")/>
        <h1>{t("answer-refused-title")}</h1>
        <p>{t("answer-refused-body")}</p>
        <p><A href=again>{t("answer-refused-other-code")}</A></p>
    }
}

/// `/a/refused`: a submission whose code or invitation could not be used
/// (already used — e.g. a second submission — unknown, or the round closed).
#[component]
pub fn RefusedPage() -> impl IntoView {
    view! { <NotUsable status=409/> }
}

/// `/a/thanks`: the confirmation. The answers are stored; nothing about the
/// respondent is.
#[component]
pub fn ThanksPage() -> impl IntoView {
    view! {
        <Title text=t("answer-thanks-title")/>
        <div class="confirmation" role="status">
            <h1>{t("answer-thanks-title")}</h1>
            <p>{t("answer-thanks-body")}</p>
            <p>{t("answer-thanks-nothing-kept")}</p>
        </div>
    }
}

/// `/a/problem/{key}`: a submission that could not be taken as sent.
#[component]
pub fn ProblemPage() -> impl IntoView {
    let params = use_params_map();
    let key = params.with_untracked(|p| p.get("key").unwrap_or_default());
    let (status, message) = match key.as_str() {
        "answer-empty" => (400, "answer-empty"),
        "answer-comment-too-long" => (400, "answer-comment-too-long"),
        "answer-unavailable" => (503, "answer-unavailable"),
        _ => (400, "answer-invalid"),
    };
    set_page_status(status);
    view! {
        <Title text=t("answer-problem-title")/>
        <h1>{t("answer-problem-title")}</h1>
        <p role="alert">{t(message)}</p>
        <p>{t("answer-problem-back")}</p>
    }
}

#[component]
fn QuestionnaireForm(q: Questionnaire) -> impl IntoView {
    let lang = use_lang();
    let screens: Vec<Vec<Question>> = q
        .questions
        .chunks(PER_SCREEN)
        .map(<[Question]>::to_vec)
        .collect();
    let total = screens.len();
    let since_last = q.since_last.clone();
    let kept = std::sync::Arc::new(q.kept.clone());
    let k = TArg::Num;
    let closes = q
        .closes
        .clone()
        .map(|d| lang.t_args("answer-closes", &[("date", d.into())]));
    view! {
        <Title text=q.round_name.clone()/>
        <div class="answer-flow">
            <h1>{q.round_name.clone()}</h1>
            <section id="intro" class="screen" aria-labelledby="intro-h">
                {(!since_last.is_empty()).then(move || view! {
                    <div class="since-last" data-testid="since-last">
                        <h2 id="since-h">{t("answer-since-last")}</h2>
                        <ul>
                            {since_last
                                .into_iter()
                                .map(|m| view! {
                                    <li>
                                        {m.title}
                                        <span class="note">{format!(" ({}, {})", m.unit_name, m.done_on)}</span>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    </div>
                })}
                <h2 id="intro-h">{t("answer-statement-title")}</h2>
                <ul class="statement">
                    <li>{t("answer-statement-stored")}</li>
                    <li>{t("answer-statement-not-stored")}</li>
                    <li>{lang.t_args("answer-statement-groups", &[("k", k(q.k_score))])}</li>
                    {q.has_sensitive.then(|| view! {
                        <li>{lang.t_args("answer-statement-sensitive", &[("k", k(q.k_sensitive))])}</li>
                    })}
                    <li>{lang.t_args("answer-statement-comments", &[("k", k(q.k_comment))])}</li>
                    <li>{t("answer-statement-skip")}</li>
                </ul>
                {closes.map(|c| view! { <p class="note">{c}</p> })}
                <p><a class="button" href="#s1" rel="external">{t("answer-start")}</a></p>
            </section>
            <form method="post" action="/a/submit" class="answer-form">
                <input type="hidden" name="round" value=q.round.clone()/>
                {q.code.clone().map(|c| view! { <input type="hidden" name="code" value=c/> })}
                {screens
                    .into_iter()
                    .enumerate()
                    .map(|(i, questions)| {
                        let n = i + 1;
                        let last = n == total;
                        let kept = kept.clone();
                        view! { <Screen n total questions last k_comment=q.k_comment kept/> }
                    })
                    .collect_view()}
            </form>
        </div>
    }
}

#[component]
fn Screen(
    n: usize,
    total: usize,
    questions: Vec<Question>,
    last: bool,
    k_comment: i64,
    /// Answers kept across a change of language.
    kept: std::sync::Arc<Vec<(String, String)>>,
) -> impl IntoView {
    let lang = use_lang();
    let chosen = move |name: &str| kept.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let comment = chosen("comment").unwrap_or_default();
    let id = format!("s{n}");
    let heading = format!("s{n}-h");
    let labelled_by = heading.clone();
    let step = lang.t_args(
        "answer-step",
        &[("n", (n as i64).into()), ("total", (total as i64).into())],
    );
    let back = if n == 1 {
        "#intro".to_owned()
    } else {
        format!("#s{}", n - 1)
    };
    view! {
        <section id=id class="screen" aria-labelledby=labelled_by>
            <AnswerLanguage n/>
            <h2 id=heading class="step">{step}</h2>
            <progress max=total value=n aria-hidden="true"></progress>
            {questions
                .into_iter()
                .map(|q| {
                    let chosen = chosen(&format!("q.{}", q.id));
                    view! { <QuestionField q chosen/> }
                })
                .collect_view()}
            {last.then(|| view! {
                <div class="field comment">
                    <label for="comment">{t("answer-comment-label")}</label>
                    <p id="comment-help" class="note">
                        {lang.t_args("answer-comment-help", &[("k", k_comment.into())])}
                    </p>
                    <CountedText
                        id="comment"
                        name="comment"
                        rows=4
                        max=crate::model::MAX_COMMENT_CHARS
                        describedby="comment-help"
                        value=comment.clone()
                    />
                </div>
            })}
            <div class="answer-nav">
                <a class="button secondary" href=back rel="external">{t("answer-back")}</a>
                {if last {
                    view! { <button type="submit" class="button">{t("answer-submit")}</button> }.into_any()
                } else {
                    view! {
                        <a class="button" href=format!("#s{}", n + 1) rel="external">{t("answer-next")}</a>
                    }
                    .into_any()
                }}
            </div>
        </section>
    }
}

/// The language switch on a screen of the questionnaire: buttons that send
/// the form to `/a/language`, which keeps the answers given so far in this
/// browser and comes back to this screen in the language chosen (a link, as
/// in the header, would load the page again and lose them). The header's
/// links are hidden while a screen is shown (`style/main.css`).
#[component]
fn AnswerLanguage(n: usize) -> impl IntoView {
    let current = use_lang();
    view! {
        <div class="answer-lang" role="group" aria-label=t("nav-language")>
            {crate::i18n::Lang::ALL
                .into_iter()
                .filter(|l| *l != current)
                .map(|l| view! {
                    <button
                        type="submit"
                        class="link-button"
                        formaction="/a/language"
                        formnovalidate=""
                        name="switch"
                        value=format!("{}:{n}", l.code())
                        lang=l.code()
                    >
                        {l.t("language-name")}
                    </button>
                })
                .collect_view()}
        </div>
    }
}

/// One question: its text as the legend and a radio button per point of
/// its scale (and "don't know" where the scale offers it).
///
/// The fieldset's content is written as markup by [`choices_markup`] rather
/// than as a view of some twenty elements per question: nothing in it
/// changes after it is shown (a radio button keeps its own state), and
/// building and rendering those views was most of the answering page's
/// server time (perf, `bench-page`: the questions' views 25–30 % of the
/// samples). The client leaves markup that came from the server as it is
/// when it hydrates.
#[component]
fn QuestionField(q: Question, chosen: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let dont_know = q.dont_know.then(|| lang.t("answer-dont-know"));
    let markup = choices_markup(&q, dont_know.as_deref(), chosen.as_deref());
    view! { <fieldset class="question" inner_html=markup></fieldset> }
}

/// The inside of a question's fieldset: `<legend>` and the choices, each an
/// `<input type="radio">` with its `<label>`. Every text and attribute value
/// is escaped. `chosen` is the value to check (answers kept across a change
/// of language).
fn choices_markup(q: &Question, dont_know: Option<&str>, chosen: Option<&str>) -> String {
    use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
    use std::fmt::Write;
    let wide = q.labels.len() > 5;
    let mut out = String::with_capacity(256 + q.labels.len() * 160);
    let _ = write!(
        out,
        "<legend>{}</legend><div class=\"{}\">",
        text(&q.text),
        if wide { "choices wide" } else { "choices" }
    );
    let id = attr(&q.id);
    let points = q
        .labels
        .iter()
        .enumerate()
        .map(|(p, label)| (p.to_string(), label.as_str(), false));
    for (value, label, dk) in points.chain(dont_know.map(|l| ("dk".to_owned(), l, true))) {
        let checked = if chosen == Some(value.as_str()) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<div class=\"{}\"><input type=\"radio\" id=\"q-{id}-{value}\" name=\"q.{id}\"{checked} \
             value=\"{value}\"><label for=\"q-{id}-{value}\">",
            if dk { "choice dk" } else { "choice" }
        );
        // On a wide scale the end points' words go under their numbers.
        match label.split_once(" – ") {
            Some((point, word)) if wide && !dk => {
                let _ = write!(
                    out,
                    "<span class=\"point\">{}</span> <span class=\"anchor\">{}</span>",
                    text(point),
                    text(word)
                );
            }
            _ if wide && !dk => {
                let _ = write!(out, "<span class=\"point\">{}</span>", text(label));
            }
            _ => out.push_str(&text(label)),
        }
        out.push_str("</label></div>");
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(labels: &[&str], dont_know: bool) -> Question {
        Question {
            id: "x-1\"".into(),
            text: "Fair <b>pay</b> & \"hours\"?".into(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            dont_know,
            sensitive: false,
        }
    }

    /// Texts written by an administrator (custom questions) reach the page
    /// as text, never as markup, and a kept answer is checked again.
    #[test]
    fn choices_are_escaped_and_a_kept_answer_is_checked() {
        let m = choices_markup(
            &question(&["No <i>", "Yes & \"so\""], true),
            Some("Don't know"),
            Some("dk"),
        );
        assert_eq!(
            m,
            "<legend>Fair &lt;b&gt;pay&lt;/b&gt; &amp; \"hours\"?</legend><div class=\"choices\">\
             <div class=\"choice\"><input type=\"radio\" id=\"q-x-1&quot;-0\" name=\"q.x-1&quot;\" value=\"0\">\
             <label for=\"q-x-1&quot;-0\">No &lt;i&gt;</label></div>\
             <div class=\"choice\"><input type=\"radio\" id=\"q-x-1&quot;-1\" name=\"q.x-1&quot;\" value=\"1\">\
             <label for=\"q-x-1&quot;-1\">Yes &amp; \"so\"</label></div>\
             <div class=\"choice dk\"><input type=\"radio\" id=\"q-x-1&quot;-dk\" name=\"q.x-1&quot;\" checked value=\"dk\">\
             <label for=\"q-x-1&quot;-dk\">Don't know</label></div></div>"
        );
    }

    /// An eleven-point scale puts its end points' words under their numbers.
    #[test]
    fn a_wide_scale_splits_its_end_points() {
        let mut labels: Vec<String> = (0..11).map(|p| p.to_string()).collect();
        labels[0] = "0 – Not at all".into();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        let m = choices_markup(&question(&labels, false), None, None);
        assert!(m.contains("<div class=\"choices wide\">"));
        assert!(m.contains(
            "<label for=\"q-x-1&quot;-0\"><span class=\"point\">0</span> <span class=\"anchor\">Not at all</span></label>"
        ));
        assert!(m.contains("<label for=\"q-x-1&quot;-10\"><span class=\"point\">10</span></label>"));
        assert!(!m.contains("checked") && !m.contains("dk"));
    }
}
