//! The reporter's pages (A7): the reporting form, the receipt just shown and
//! the case followed with the receipt. No sign-in and no session. Every
//! form posts to a plain route of the server crate (`/report/submit`,
//! `/report/case`, `/report/leave`) that answers with a redirect, so a reload
//! never sends a form again; each form carries a one-time value so that
//! Back and "Send" again do not either (`services::reports::once`).

use crate::{
    api::reporter::{load_receipt_shown, load_report_form, load_reporter_case},
    components::form::CountedText,
    i18n::{t, use_lang, Lang},
    model::{CaseMessage, ReportCategory, ReportFormOptions, ReportStatus, ReporterVisit},
    pages::org::ErrorPage,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/report`: what is stored and who reads it, then the form.
#[component]
pub fn ReportPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_report_form());
    view! {
        <Title text=t("report-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(o) => view! { <ReportForm o/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportForm(o: ReportFormOptions) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t("report-title")}</h1>
        <p>{t("report-intro")}</p>
        <section class="statement" aria-labelledby="report-statement-h">
            <h2 id="report-statement-h">{t("report-statement-title")}</h2>
            <ul>
                <li>{t("report-statement-stored")}</li>
                <li>{t("report-statement-not-stored")}</li>
                <li>{t("report-statement-readers")}</li>
                <li>{t("report-statement-receipt")}</li>
                <li><strong>{t("report-statement-name")}</strong></li>
            </ul>
        </section>
        <form method="post" action="/report/submit" class="stack report-form">
            <input type="hidden" name="once" value=o.once/>
            <fieldset class="field">
                <legend>{t("report-category")}</legend>
                {ReportCategory::ALL
                    .into_iter()
                    .map(|c| {
                        let id = format!("category-{}", c.as_str());
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name="category" value=c.as_str() required/>
                                <label for=id>{lang.t(&c.label_key())}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="field">
                <label for="report-unit">{t("report-unit")}</label>
                <p id="report-unit-help" class="help">{t("report-unit-help")}</p>
                <select id="report-unit" name="unit" aria-describedby="report-unit-help">
                    <option value="">{t("report-not-stated")}</option>
                    {o.units
                        .into_iter()
                        .map(|(id, name, depth)| {
                            let label = format!("{}{}", "\u{2003}".repeat(depth as usize), name);
                            view! { <option value=id>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="report-month">{t("report-month")}</label>
                <select id="report-month" name="happened">
                    <option value="">{t("report-not-stated")}</option>
                    {o.months.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="report-description">{t("report-description")}</label>
                <p id="report-description-help" class="help">
                    {lang.t_args("report-description-help", &[("n", (o.max_chars as i64).into())])}
                </p>
                <CountedText
                    id="report-description"
                    name="description"
                    rows=10
                    max=o.max_chars
                    required=true
                    describedby="report-description-help"
                />
            </div>
            <button type="submit" class="button">{t("report-send")}</button>
        </form>
        <p><a href="/report/case">{t("report-have-receipt")}</a></p>
    }
}

/// `/report/sent`: the receipt, while this browser holds it.
#[component]
pub fn ReceiptShownPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_receipt_shown());
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(receipt)) => view! { <ReceiptShown receipt/> }.into_any(),
                    Ok(None) => view! { <ReceiptGone/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReceiptShown(receipt: String) -> impl IntoView {
    view! {
        <Title text=t("report-sent-title")/>
        <h1>{t("report-sent-title")}</h1>
        <p>{t("report-sent-intro")}</p>
        <Receipt receipt/>
        <div class="notice warn">
            <p><strong>{t("report-receipt-once")}</strong></p>
            <p>{t("report-receipt-lost")}</p>
        </div>
        <p>{t("report-receipt-how")}</p>
        <p><a href="/report/case">{t("report-case-link")}</a></p>
    }
}

/// The receipt in its groups of four: a line breaks only between groups,
/// one tap selects all of it, and with script a button copies it.
#[component]
fn Receipt(receipt: String) -> impl IntoView {
    let groups: Vec<String> = receipt.split('-').map(str::to_owned).collect();
    let last = groups.len().saturating_sub(1);
    let copied = RwSignal::new(false);
    // Only a page with script can copy; without, the button is not drawn.
    let scripted = RwSignal::new(false);
    Effect::new(move |_| scripted.set(true));
    let copy = {
        let receipt = receipt.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&receipt);
                copied.set(true);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &receipt;
        }
    };
    view! {
        <p class="receipt" data-testid="receipt">
            {groups
                .into_iter()
                .enumerate()
                .map(|(i, g)| {
                    let g = if i < last { format!("{g}-") } else { g };
                    view! { <span class="receipt-group">{g}</span><wbr/> }
                })
                .collect_view()}
        </p>
        <Show when=move || scripted.get()>
            <p class="receipt-copy">
                <button type="button" class="button secondary" on:click=copy.clone()>
                    {t("report-copy")}
                </button>
                " "
                <span role="status">{move || copied.get().then(|| t("report-copied"))}</span>
            </p>
        </Show>
    }
}

#[component]
fn ReceiptGone() -> impl IntoView {
    view! {
        <Title text=t("report-sent-gone-title")/>
        <h1>{t("report-sent-gone-title")}</h1>
        <p>{t("report-sent-gone")}</p>
        <p><a href="/report/case">{t("report-case-link")}</a></p>
        <p><a href="/report">{t("report-new")}</a></p>
    }
}

/// `/report/case`: the case this browser opened with its receipt, or the
/// form to type the receipt.
#[component]
pub fn ReporterCasePage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_reporter_case());
    let query = use_query_map();
    // What the post before the redirect came to (a refusal, which changes
    // nothing, is answered at once instead).
    let said = query.with_untracked(|q| {
        if q.get("sent").is_some() {
            Some("report-message-sent")
        } else if q.get("left").is_some() {
            Some("report-left")
        } else if q.get("error").as_deref() == Some("message-sent") {
            Some("report-error-message-sent")
        } else {
            None
        }
    });
    view! {
        <Title text=t("report-case-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(v)) => view! { <ReporterCase v said/> }.into_any(),
                    Ok(None) => view! { <ReceiptEntry said/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the post before the redirect came to, announced to screen readers.
fn said_view(said: Option<&'static str>) -> impl IntoView {
    said.map(|key| view! { <div class="notice done" role="status"><p>{t(key)}</p></div> })
}

#[component]
fn ReceiptEntry(said: Option<&'static str>) -> impl IntoView {
    view! {
        <h1>{t("report-case-title")}</h1>
        {said_view(said)}
        <p>{t("report-case-intro")}</p>
        <form method="post" action="/report/case" class="stack">
            <div class="field">
                <label for="receipt">{t("report-receipt")}</label>
                <input
                    id="receipt"
                    name="receipt"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    required
                    maxlength="60"
                />
            </div>
            <button type="submit" class="button">{t("report-case-open")}</button>
        </form>
        <p><a href="/report">{t("report-new")}</a></p>
    }
}

fn reporter_message(lang: Lang, m: CaseMessage) -> impl IntoView {
    let (who, class) = match m.kind.as_str() {
        "reporter" => (lang.t("report-from-you"), "message from-reporter"),
        _ => (lang.t("report-from-handler"), "message from-handler"),
    };
    let body = if m.kind == "receipt" {
        lang.t("report-acknowledged-message")
    } else {
        m.body
    };
    view! {
        <li class=class>
            <p class="message-meta">
                {who}" · "{m.written_on}
                {m.waiting.then(|| view! { " · " <strong class="waiting">{t("report-waiting")}</strong> })}
            </p>
            <p class="message-body">{body}</p>
        </li>
    }
}

#[component]
fn ReporterCase(v: ReporterVisit, said: Option<&'static str>) -> impl IntoView {
    let lang = use_lang();
    let c = v.case;
    let waiting = c.messages.iter().any(|m| m.waiting);
    let closed = c.status == ReportStatus::Closed;
    view! {
        <h1>{t("report-case-title")}</h1>
        {said_view(said)}
        <dl class="facts">
            <dt>{t("report-category")}</dt>
            <dd>{lang.t(&c.category.label_key())}</dd>
            <dt>{t("report-received")}</dt>
            <dd>{c.received_on.clone()}</dd>
            <dt>{t("report-status")}</dt>
            <dd data-testid="case-status">{lang.t(&c.status.label_key())}</dd>
        </dl>
        {c.outcome.map(|o| view! { <p>{t("report-outcome")}": "{lang.t(&o.label_key())}</p> })}
        <h2>{t("report-messages")}</h2>
        <ol class="messages">
            {c.messages.into_iter().map(|m| reporter_message(lang, m)).collect_view()}
        </ol>
        {waiting.then(|| view! { <p class="help">{t("report-waiting-why")}</p> })}
        <h2>{t("report-write")}</h2>
        {if closed {
            view! { <p>{t("report-case-closed")}</p> }.into_any()
        } else {
            view! {
                <form method="post" action="/report/case" class="stack">
                    <input type="hidden" name="pass" value=v.pass/>
                    <input type="hidden" name="once" value=v.once/>
                    <div class="field">
                        <label for="message">{t("report-message-label")}</label>
                        <CountedText
                            id="message"
                            name="message"
                            rows=6
                            max=v.max_chars
                            required=true
                            describedby="message-help"
                        />
                        <p id="message-help" class="help">{t("report-message-help")}</p>
                    </div>
                    <button type="submit" class="button">{t("report-message-send")}</button>
                </form>
            }
                .into_any()
        }}
        <form method="post" action="/report/leave" class="stack leave-case">
            <p class="help" id="leave-help">{t("report-leave-help")}</p>
            <button type="submit" class="button secondary" aria-describedby="leave-help">
                {t("report-leave")}
            </button>
        </form>
        <p class="note">{t("report-case-privacy")}</p>
    }
}
