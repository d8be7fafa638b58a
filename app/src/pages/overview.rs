use crate::{
    components::layout::use_user,
    error::AppError,
    i18n::{t, use_lang},
    model::{CaseRow, OpenRound, SessionUser},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// What a signed-in staff member can do, by role and scope.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let user = use_user();
    // Created before any Suspense (see the settings page for why).
    let rounds = Resource::new(|| (), |_| crate::api::answer::my_open_rounds());
    let reports = Resource::new(|| (), |_| crate::api::reports::load_handler_today());
    view! {
        <Title text=t("overview-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Some(u) => view! { <Overview user=u rounds reports/> }.into_any(),
                    None => view! { <SignInFirst/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(
    user: SessionUser,
    rounds: Resource<Result<Vec<OpenRound>, AppError>>,
    reports: Resource<Result<Option<Vec<CaseRow>>, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let greeting = lang.t_args("overview-greeting", &[("name", user.name.clone().into())]);
    view! {
        <h1>{greeting}</h1>
        <MyRounds rounds/>
        <ReportsToday reports/>
        <h2>{t("overview-roles")}</h2>
        <ul class="role-list">
            {user
                .roles
                .iter()
                .map(|g| {
                    let role = lang.t(g.role.label_key());
                    let scope = match (&g.unit_name, &g.label) {
                        (Some(unit), Some(label)) => format!("{label}: {unit}"),
                        (Some(unit), None) => unit.clone(),
                        _ => lang.t("overview-scope-all"),
                    };
                    view! {
                        <li>
                            <strong>{role}</strong>
                            " — "
                            {scope}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Shown (with status 401) to someone who is not signed in.
#[component]
pub fn SignInFirst() -> impl IntoView {
    crate::components::set_page_status(401);
    view! {
        <h1>{t("sign-in-first-title")}</h1>
        <p>{t("sign-in-first-body")}</p>
        <p><A href="/login">{t("nav-login")}</A></p>
    }
}

/// The staff member's own open surveys (when their account belongs to a
/// person in the organisation): answering works like a link, by login.
#[component]
fn MyRounds(rounds: Resource<Result<Vec<OpenRound>, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let rounds = rounds.await.unwrap_or_default();
                (!rounds.is_empty()).then(|| view! {
                    <section class="notice" aria-labelledby="my-rounds-h">
                        <h2 id="my-rounds-h">{t("overview-my-rounds")}</h2>
                        <ul>
                            {rounds
                                .into_iter()
                                .map(|r| view! {
                                    <li><A href=format!("/answer/{}", r.round)>{r.name}</A></li>
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// For a report handler: the cases that need them today, each with why.
#[component]
fn ReportsToday(reports: Resource<Result<Option<Vec<CaseRow>>, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                reports.await.ok().flatten().map(|cases| view! {
                    <section aria-labelledby="reports-today-h">
                        <h2 id="reports-today-h">{t("overview-reports")}</h2>
                        {cases.is_empty().then(|| view! { <p>{t("overview-reports-none")}</p> })}
                        <ul class="reports-today" data-testid="reports-today">
                            {cases
                                .into_iter()
                                .map(|c| {
                                    let mut why = Vec::new();
                                    if let Some(d) = &c.ack_due {
                                        why.push(lang.t_args("reports-ack-due", &[("date", d.clone().into())]));
                                    }
                                    if c.reply_waiting {
                                        why.push(lang.t("reports-reply-waiting"));
                                    }
                                    if c.ack_due.is_none() {
                                        if let Some(d) = &c.feedback_due {
                                            why.push(lang.t_args("reports-feedback-due", &[("date", d.clone().into())]));
                                        }
                                    }
                                    if c.overdue {
                                        why.push(lang.t("reports-overdue"));
                                    }
                                    view! {
                                        <li>
                                            <A href=format!("/reports/{}", c.id)>
                                                {format!("{} · {}", c.received_on, lang.t(&c.category.label_key()))}
                                            </A>
                                            " — "
                                            {why.join(", ")}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <p><A href="/reports">{t("overview-reports-all")}</A></p>
                    </section>
                })
            })}
        </Suspense>
    }
}
