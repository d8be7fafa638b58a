//! The report handlers' pages: cases worked through server functions, each
//! read and change audited, the audit trail and the report statistics. The
//! reporter's pages are in [`super::reporter`].

use crate::{
    api::reports::{load_audit, load_case, load_cases, CaseAction},
    components::form::{action_error, FormError, ReturnHere, SentOnce},
    error::AppError,
    i18n::{t, use_lang, Lang},
    model::{
        AuditRow, CaseMessage, CaseRow, HandlerCase, ReportCategory, ReportOutcome, ReportStatus,
    },
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

fn status_text(lang: Lang, s: ReportStatus) -> String {
    lang.t(&s.label_key())
}

/// `/reports`: the handler's cases.
#[component]
pub fn CasesPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_cases());
    view! {
        <Title text=t("reports-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(cases) => view! { <CaseList cases/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CaseList(cases: Vec<CaseRow>) -> impl IntoView {
    let lang = use_lang();
    let none = cases.is_empty();
    view! {
        <h1>{t("reports-title")}</h1>
        <p>{t("reports-intro")}</p>
        {none.then(|| view! { <p class="notice">{t("reports-none")}</p> })}
        <div class="table-scroll" hidden=none>
            <table class="data-table cases">
                <caption>{t("reports-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("report-received")}</th>
                        <th scope="col">{t("report-category")}</th>
                        <th scope="col">{t("report-unit")}</th>
                        <th scope="col">{t("report-status")}</th>
                        <th scope="col">{t("reports-due")}</th>
                    </tr>
                </thead>
                <tbody>
                    {cases
                        .into_iter()
                        .map(|c| {
                            let due = c.clone();
                            view! {
                            <tr class:overdue=c.overdue>
                                <th scope="row">
                                    <A href=format!("/reports/{}", c.id)>{c.received_on}</A>
                                </th>
                                <td>{lang.t(&c.category.label_key())}</td>
                                <td>{c.unit.clone().unwrap_or_else(|| lang.t("report-not-stated"))}</td>
                                <td>
                                    {status_text(lang, c.status)}
                                    {c.reply_waiting.then(|| view! { " " <strong class="badge-reply">{t("reports-reply-waiting")}</strong> })}
                                </td>
                                <td><Due c=due/></td>
                            </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <p><A href="/reports/audit">{t("reports-audit")}</A></p>
    }
}

/// The next statutory date, with "overdue" in words (not colour alone). The
/// feedback clock stays in view until feedback is given, and then says when.
#[component]
fn Due(c: CaseRow) -> impl IntoView {
    let lang = use_lang();
    let text = match (&c.ack_due, &c.feedback_due, &c.feedback_on) {
        (Some(d), _, _) => lang.t_args("reports-ack-due", &[("date", d.clone().into())]),
        (None, Some(d), _) => lang.t_args("reports-feedback-due", &[("date", d.clone().into())]),
        (None, None, Some(d)) => {
            lang.t_args("reports-feedback-given", &[("date", d.clone().into())])
        }
        (None, None, None) => "—".to_owned(),
    };
    view! {
        {text}
        {c.overdue.then(|| view! { " " <strong class="badge-overdue">{t("reports-overdue")}</strong> })}
    }
}

/// `/reports/{id}`: one case for a handler.
#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let act = ServerAction::<CaseAction>::new();
    let page = Resource::new(
        move || (id.clone(), act.version().get()),
        |(id, _)| load_case(id),
    );
    view! {
        <Title text=t("report-case-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(c) => view! { <Case c act/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn message_view(lang: Lang, m: CaseMessage) -> impl IntoView {
    let (who, class) = match m.kind.as_str() {
        "reporter" => (lang.t("report-from-reporter"), "message from-reporter"),
        "note" => (
            lang.t_args(
                "report-note-by",
                &[("name", m.author.clone().unwrap_or_default().into())],
            ),
            "message note",
        ),
        _ => (
            lang.t_args(
                "report-handler-by",
                &[("name", m.author.clone().unwrap_or_default().into())],
            ),
            "message from-handler",
        ),
    };
    let body = if m.kind == "receipt" {
        lang.t("report-acknowledged-message")
    } else {
        m.body
    };
    view! {
        <li class=class>
            <p class="message-meta">{who}" · "{m.written_on}</p>
            <p class="message-body">{body}</p>
        </li>
    }
}

/// One action on a case as a button (a form, so it works without script).
fn act_button(
    act: ServerAction<CaseAction>,
    id: String,
    action: &'static str,
    key: &'static str,
    class: &'static str,
) -> impl IntoView {
    view! {
        <ActionForm action=act attr:class="inline-form">
            <ReturnHere/>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="action" value=action/>
            <button type="submit" class=class>{t(key)}</button>
        </ActionForm>
    }
}

#[component]
fn Case(c: HandlerCase, act: ServerAction<CaseAction>) -> impl IntoView {
    let lang = use_lang();
    let id = c.row.id.clone();
    let closed = c.row.status == ReportStatus::Closed;
    let once = c.once.clone();
    // Sent, a message or note leaves its box empty, so that a second click
    // cannot send it again (the form's one-time value refuses it anyway).
    let message_form = NodeRef::<leptos::html::Form>::new();
    let note_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            for form in [message_form.get(), note_form.get()].into_iter().flatten() {
                form.reset();
            }
        }
    });
    view! {
        <h1>{lang.t(&c.row.category.label_key())}</h1>
        <FormError error=action_error(act)/>
        <dl class="facts">
            <dt>{t("report-received")}</dt><dd>{c.row.received_on.clone()}</dd>
            <dt>{t("report-unit")}</dt><dd>{c.row.unit.clone().unwrap_or_else(|| lang.t("report-not-stated"))}</dd>
            <dt>{t("report-month")}</dt><dd>{c.happened.clone().unwrap_or_else(|| lang.t("report-not-stated"))}</dd>
            <dt>{t("report-status")}</dt>
            <dd data-testid="case-status">
                {status_text(lang, c.row.status)}
                {c.row.reply_waiting.then(|| view! { " " <strong class="badge-reply">{t("reports-reply-waiting")}</strong> })}
            </dd>
            <dt>{t("reports-due")}</dt><dd data-testid="case-due"><Due c=c.row.clone()/></dd>
            {c.outcome.map(|o| view! { <dt>{t("report-outcome")}</dt><dd>{lang.t(&o.label_key())}</dd> })}
            {c.row.hold.then(|| view! { <dt>{t("reports-hold")}</dt><dd>{t("reports-hold-on")}</dd> })}
        </dl>
        <h2>{t("report-messages")}</h2>
        <ol class="messages">
            {c.messages.into_iter().map(|m| message_view(lang, m)).collect_view()}
        </ol>
        {(!closed).then({
            let id = id.clone();
            let (id_m, id_n, id_c) = (id.clone(), id.clone(), id.clone());
            let (once_m, once_n) = (once.clone(), once.clone());
            move || view! {
            <section aria-labelledby="act-h" class="stack">
                <h2 id="act-h">{t("reports-act")}</h2>
                <div class="actions">
                    {(c.row.status == ReportStatus::New).then(|| act_button(act, id.clone(), "acknowledge", "reports-acknowledge", "button"))}
                    {(c.row.status == ReportStatus::Acknowledged).then(|| act_button(act, id.clone(), "start", "reports-start", "button secondary"))}
                </div>
                <ActionForm action=act node_ref=message_form attr:class="stack">
                    <ReturnHere/>
                    <input type="hidden" name="id" value=id_m/>
                    <input type="hidden" name="action" value="message"/>
                    <input type="hidden" name="once" value=once_m/>
                    <div class="field">
                        <label for="to-reporter">{t("reports-to-reporter")}</label>
                        <p id="to-reporter-help" class="help">{t("reports-to-reporter-help")}</p>
                        <textarea id="to-reporter" name="body" rows="5" maxlength="10000" required aria-describedby="to-reporter-help"></textarea>
                    </div>
                    <div class="choice">
                        <input type="checkbox" id="as-feedback" name="feedback" value="yes" aria-describedby="as-feedback-help"/>
                        <label for="as-feedback">{t("reports-as-feedback")}</label>
                    </div>
                    <p id="as-feedback-help" class="help">{t("reports-as-feedback-help")}</p>
                    <button type="submit" class="button">{t("reports-send")}</button>
                </ActionForm>
                <ActionForm action=act node_ref=note_form attr:class="stack">
                    <ReturnHere/>
                    <input type="hidden" name="id" value=id_n/>
                    <input type="hidden" name="action" value="note"/>
                    <input type="hidden" name="once" value=once_n/>
                    <div class="field">
                        <label for="note">{t("reports-note")}</label>
                        <p id="note-help" class="help">{t("reports-note-help")}</p>
                        <textarea id="note" name="body" rows="3" maxlength="10000" required aria-describedby="note-help"></textarea>
                    </div>
                    <button type="submit" class="button secondary">{t("reports-add-note")}</button>
                </ActionForm>
                <ActionForm action=act attr:class="stack">
                    <ReturnHere/>
                    <input type="hidden" name="id" value=id_c/>
                    <input type="hidden" name="action" value="close"/>
                    <div class="field">
                        <label for="outcome">{t("report-outcome")}</label>
                        // Nothing preselected: the outcome is the handler's
                        // decision, never a default.
                        <select id="outcome" name="outcome" required>
                            <option value="" selected>{t("report-outcome-choose")}</option>
                            {ReportOutcome::ALL
                                .into_iter()
                                .map(|o| view! { <option value=o.as_str()>{lang.t(&o.label_key())}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button secondary">{t("reports-close")}</button>
                </ActionForm>
            </section>
            }
        })}
        <section aria-labelledby="conflict-h">
            <h2 id="conflict-h">{t("reports-conflict-title")}</h2>
            <p>{t("reports-conflict-intro")}</p>
            {act_button(act, id.clone(), "conflict", "reports-conflict", "button secondary")}
        </section>
        <section aria-labelledby="hold-h">
            <h2 id="hold-h">{t("reports-hold")}</h2>
            <p>{t("reports-hold-intro")}</p>
            {if c.row.hold { act_button(act, id.clone(), "release", "reports-release", "button secondary") } else { act_button(act, id.clone(), "hold", "reports-hold-set", "button secondary") }}
        </section>
        <p>
            <A href=format!("/reports/audit?case={}", c.row.id)>{t("reports-audit-case")}</A>
            " · "
            <A href="/reports">{t("reports-back")}</A>
        </p>
    }
}

/// `/reports/audit[?case=…]`: who read and changed what (read-only).
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.with(|q| q.get("case")), load_audit);
    view! {
        <Title text=t("reports-audit")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(rows) => view! { <Audit rows/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Audit(rows: Vec<AuditRow>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t("reports-audit")}</h1>
        <p>{t("reports-audit-intro")}</p>
        <table class="data-table">
            <caption>{t("reports-audit")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("reports-audit-when")}</th>
                    <th scope="col">{t("reports-audit-who")}</th>
                    <th scope="col">{t("reports-audit-what")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| view! {
                        <tr>
                            <td>{r.at}</td>
                            <td>{r.who.unwrap_or_else(|| lang.t("reports-audit-system"))}</td>
                            <td>{r.action}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p><A href="/reports">{t("reports-back")}</A></p>
    }
}

/// `/reports/statistics?category=…`: counts by unit and quarter.
#[component]
pub fn ReportStatsPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || query.with(|q| q.get("category")),
        crate::api::reports::load_report_stats,
    );
    view! {
        <Title text=t("report-stats-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(s) => view! { <StatsTable s/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StatsTable(s: crate::model::ReportStats) -> impl IntoView {
    let lang = use_lang();
    let category_name = lang.t(&s.category.label_key());
    // A shown count becomes a problem to follow up in one click.
    let make = ServerAction::<crate::api::follow_up::ProblemFromReport>::new();
    let category = s.category.as_str();
    let quarters = s.quarters.clone();
    view! {
        <h1>{t("report-stats-title")}</h1>
        <p>{lang.t_args("report-stats-intro", &[("k", s.k.into())])}</p>
        <form method="get" action="/reports/statistics" class="inline-choice">
            <label for="category">{t("report-category")}</label>
            <select id="category" name="category">
                {ReportCategory::ALL
                    .into_iter()
                    .map(|c| view! { <option value=c.as_str() selected=c == s.category>{lang.t(&c.label_key())}</option> })
                    .collect_view()}
            </select>
            <button type="submit" class="button secondary">{t("results-show")}</button>
        </form>
        <FormError error=action_error(make)/>
        <div class="table-scroll">
            <table class="data-table report-stats">
                <caption>{lang.t_args("report-stats-caption", &[("category", category_name.into())])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("heatmap-unit")}</th>
                        {s.quarters.iter().map(|q| view! { <th scope="col" class="num">{q.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {s.rows
                        .into_iter()
                        .map(|r| view! {
                            <tr>
                                <th scope="row" class=format!("depth-{}", r.depth.min(6))>{r.name.clone()}</th>
                                {r.cells
                                    .into_iter()
                                    .zip(quarters.clone())
                                    .map(|(c, q)| match c {
                                        Ok(n) if n > 0 => {
                                            let label = lang.t_args("report-stats-make-problem-label", &[
                                                ("n", n.into()),
                                                ("unit", r.name.clone().into()),
                                                ("period", q.clone().into()),
                                            ]);
                                            let unit = r.unit_id.clone();
                                            view! {
                                                <td class="num">
                                                    {n}
                                                    <ActionForm action=make attr:class="inline-form no-print">
                                                        <ReturnHere/>
                                                        <SentOnce/>
                                                        <input type="hidden" name="category" value=category/>
                                                        <input type="hidden" name="unit" value=unit/>
                                                        <input type="hidden" name="period" value=q/>
                                                        <button type="submit" class="link-button small" aria-label=label>
                                                            {t("report-stats-make-problem")}
                                                        </button>
                                                    </ActionForm>
                                                </td>
                                            }
                                            .into_any()
                                        }
                                        Ok(n) => view! { <td class="num">{n}</td> }.into_any(),
                                        Err(h) => {
                                            let why = match h {
                                                crate::model::Hidden::TooFew { k } => lang.t_args("report-stats-few", &[("k", k.into())]),
                                                crate::model::Hidden::WouldReveal { .. } => lang.t("results-hidden-short"),
                                            };
                                            view! {
                                                <td class="num muted">"—"<span class="visually-hidden">{why}</span></td>
                                            }
                                            .into_any()
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <p class="note">{lang.t_args("report-stats-legend", &[("k", s.k.into())])}</p>
        <p class="note">{t("report-stats-rows")}</p>
    }
}
