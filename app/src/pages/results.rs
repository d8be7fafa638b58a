//! Results pages: the units a viewer may see, and a unit's dashboard. Every
//! hidden figure says why, kindly; nothing is an empty chart.

use crate::{
    api::{org::load_org_overview, results::load_dashboard},
    error::AppError,
    i18n::{t, use_lang},
    model::{DimensionFigure, Hidden, UnitDashboard},
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

/// `/results`: the units in the viewer's scope.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| load_org_overview());
    view! {
        <Title text=t("results-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <h1>{t("results-title")}</h1>
                        <p>{t("results-intro")}</p>
                        <p><A href="/results/heatmap">{t("heatmap-title")}</A></p>
                        <ul class="unit-children">
                            {o.units
                                .into_iter()
                                .map(|u| view! {
                                    <li class=format!("depth-{}", u.depth)>
                                        <A href=format!("/results/unit/{}", u.id)>{u.name}</A>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/results/unit/{id}?round=…`: one unit's figures.
#[component]
pub fn UnitResultsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                query.with(|q| q.get("round")),
            )
        },
        |(unit, round)| load_dashboard(unit, round),
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(d) => view! { <Dashboard d/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(AppError::NotFound) => {
                        // The same page for a unit outside the viewer's scope
                        // and one without results: existence does not leak.
                        crate::components::set_page_status(404);
                        view! {
                        <Title text=t("results-title")/>
                        <h1>{t("results-title")}</h1>
                        <p>{t("results-none")}</p>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A score with its reason when hidden.
fn cell(lang: crate::i18n::Lang, f: Option<&DimensionFigure>) -> String {
    match f {
        None => "—".into(),
        Some(f) => match (&f.score, &f.hidden) {
            (Some(s), _) => format!("{s:.0}"),
            (None, Some(Hidden::TooFew { k })) => {
                lang.t_args("results-hidden-few", &[("k", (*k).into())])
            }
            (None, _) => lang.t("results-hidden-short"),
        },
    }
}

#[component]
fn Dashboard(d: UnitDashboard) -> impl IntoView {
    let lang = use_lang();
    let title = format!("{} · {}", d.unit_name, d.round_name);
    let action = format!("/results/unit/{}", d.unit_id);
    let any_would_reveal = d
        .rows
        .iter()
        .any(|r| matches!(r.here.hidden, Some(Hidden::WouldReveal { .. })));
    let parent_name = d.parent_name.clone().unwrap_or_default();
    view! {
        <Title text=title/>
        <h1>{d.unit_name.clone()}</h1>
        <form method="get" action=action class="inline-choice">
            <label for="round">{t("results-round")}</label>
            <select id="round" name="round">
                {d.rounds
                    .iter()
                    .map(|(id, name)| view! { <option value=id.clone() selected=*id == d.round_id>{name.clone()}</option> })
                    .collect_view()}
            </select>
            <button type="submit" class="button secondary">{t("results-show")}</button>
        </form>
        <p>
            {lang.t_args("results-response", &[("answered", d.answered.into()), ("invited", d.invited.into())])}
            " "
            {if d.round_closed { lang.t("results-closed") } else { lang.t_args("results-open", &[("k", d.k_score.into())]) }}
        </p>
        {d.filed_with.clone().map(|f| view! {
            <p class="notice">{lang.t_args("results-filed-with", &[("unit", f.into()), ("k", d.k_score.into())])}</p>
        })}
        {d.rows.is_empty().then(|| view! { <p class="notice">{t("results-nothing-yet")}</p> })}
        {any_would_reveal.then(|| view! { <p class="note">{t("results-would-reveal")}</p> })}
        {(!d.rows.is_empty()).then(|| view! {
            <table class="data-table results">
                <caption>{lang.t_args("results-caption", &[("round", d.round_name.clone().into())])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("results-dimension")}</th>
                        <th scope="col" class="num">{t("results-score")}</th>
                        <th scope="col">{t("results-shares")}</th>
                        <th scope="col" class="num">{t("results-change")}</th>
                        <th scope="col" class="num">{parent_name.clone()}</th>
                        <th scope="col" class="num">{d.organisation_name.clone()}</th>
                    </tr>
                </thead>
                <tbody>
                    {d.rows
                        .iter()
                        .map(|r| {
                            let shares = r.here.shares.map(|(f, n, u)| {
                                lang.t_args("results-shares-value", &[("f", i64::from(f).into()), ("n", i64::from(n).into()), ("u", i64::from(u).into())])
                            }).unwrap_or_default();
                            let change = r
                                .change
                                .map(|c| if c.abs() < 0.5 { "±0".to_owned() } else { format!("{c:+.0}") })
                                .unwrap_or_else(|| "—".into());
                            view! {
                                <tr>
                                    <th scope="row">
                                        {r.name.clone()}
                                        {r.sensitive.then(|| view! { <span class="note">{format!(" ({})", lang.t("survey-sensitive"))}</span> })}
                                    </th>
                                    <td class="num" data-testid=format!("score-{}", r.here.dimension)>{cell(lang, Some(&r.here))}</td>
                                    <td>{shares}</td>
                                    <td class="num">{change}</td>
                                    <td class="num">{cell(lang, r.parent.as_ref())}</td>
                                    <td class="num">{cell(lang, r.organisation.as_ref())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        })}
        <p><A href="/results">{t("results-all-units")}</A></p>
    }
}

/// `/results/heatmap?round=…&sort=…`: units × themes for the viewer's scope.
#[component]
pub fn HeatmapPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || query.with(|q| (q.get("round"), q.get("sort"))),
        |(round, sort)| crate::api::results::load_heatmap(round, sort),
    );
    view! {
        <Title text=t("heatmap-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(h) => view! { <HeatmapTable h/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <h1>{t("heatmap-title")}</h1>
                        <p>{t("results-none")}</p>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The band class of a score: colour only repeats what the number says.
fn heat_class(score: f64) -> &'static str {
    if score >= 70.0 {
        "heat heat-good"
    } else if score >= 50.0 {
        "heat heat-mid"
    } else {
        "heat heat-low"
    }
}

#[component]
fn HeatmapTable(h: crate::model::Heatmap) -> impl IntoView {
    let lang = use_lang();
    let round = h.round_id.clone();
    view! {
        <h1>{t("heatmap-title")}</h1>
        <p>{lang.t_args("heatmap-intro", &[("k", h.k_score.into()), ("ks", h.k_sensitive.into())])}</p>
        <form method="get" action="/results/heatmap" class="inline-choice">
            <label for="round">{t("results-round")}</label>
            <select id="round" name="round">
                {h.rounds
                    .iter()
                    .map(|(id, name)| view! { <option value=id.clone() selected=*id == h.round_id>{name.clone()}</option> })
                    .collect_view()}
            </select>
            <button type="submit" class="button secondary">{t("results-show")}</button>
        </form>
        {h.rows.is_empty().then(|| view! { <p class="notice">{t("results-nothing-yet")}</p> })}
        <div class="table-scroll" hidden=h.rows.is_empty()>
            <table class="data-table heatmap">
                <caption>{lang.t_args("results-caption", &[("round", h.round_name.clone().into())])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("heatmap-unit")}</th>
                        {h.dimensions
                            .iter()
                            .map(|(id, name, sensitive)| {
                                let href = format!("/results/heatmap?round={round}&sort={id}");
                                let label = lang.t_args("heatmap-sort", &[("theme", name.clone().into())]);
                                view! {
                                    <th scope="col" class="num">
                                        <a href=href aria-label=label>{name.clone()}</a>
                                        {sensitive.then(|| "*")}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {h.rows
                        .iter()
                        .map(|r| view! {
                            <tr>
                                <th scope="row" class=format!("depth-{}", r.depth.min(6))>
                                    <a href=format!("/results/unit/{}?round={}", r.unit_id, h.round_id)>{r.name.clone()}</a>
                                </th>
                                {r.cells
                                    .iter()
                                    .map(|c| match c.as_ref().map(|f| (f.score, f.hidden.clone())) {
                                        Some((Some(s), _)) => view! {
                                            <td class=heat_class(s)>{format!("{s:.0}")}</td>
                                        }
                                        .into_any(),
                                        Some((None, Some(Hidden::TooFew { k }))) => view! {
                                            <td class="heat heat-hidden">
                                                "—"
                                                <span class="visually-hidden">{lang.t_args("results-hidden-few", &[("k", k.into())])}</span>
                                            </td>
                                        }
                                        .into_any(),
                                        Some(_) => view! {
                                            <td class="heat heat-hidden">
                                                "—"
                                                <span class="visually-hidden">{lang.t("results-hidden-short")}</span>
                                            </td>
                                        }
                                        .into_any(),
                                        None => view! { <td class="heat"></td> }.into_any(),
                                    })
                                    .collect_view()}
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <p class="note">{lang.t_args("heatmap-legend", &[("k", h.k_score.into()), ("ks", h.k_sensitive.into())])}</p>
        <p><A href="/results">{t("results-all-units")}</A></p>
    }
}
