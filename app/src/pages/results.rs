//! Results pages: the units a viewer may see, and a unit's dashboard. Every
//! hidden figure says why, kindly; nothing is an empty chart.

use crate::{
    api::{follow_up::ProblemFromResult, org::load_org_overview, results::load_dashboard},
    components::{
        charts::{ShareBar, TrendChart},
        form::{action_error, FormError, ReturnHere, SentOnce},
    },
    error::AppError,
    i18n::{t, use_lang},
    model::{CommentsView, DimensionFigure, Hidden, Role, UnitDashboard},
    pages::{not_found::NotFound, org::ErrorPage, overview::SignInFirst},
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
    let user = crate::components::layout::use_user();
    view! {
        <Title text=t("results-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                // Report statistics are for administrators and committees;
                // nobody is offered a page they cannot open.
                let stats = user.await.is_some_and(|u| {
                    u.has(Role::Admin)
                        || u.roles.iter().any(|g| g.role == Role::Committee && g.unit_id.is_some())
                });
                match overview.await {
                    Ok(o) => view! {
                        <h1>{t("results-title")}</h1>
                        <p>{t("results-intro")}</p>
                        <p>
                            <A href="/results/heatmap">{t("heatmap-title")}</A>
                            {stats.then(|| view! {
                                " · "
                                <A href="/reports/statistics">{t("report-stats-title")}</A>
                            })}
                        </p>
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
                    Ok(Some(d)) => view! { <Dashboard d/> }.into_any(),
                    // A unit the viewer may see, without any round yet.
                    Ok(None) => view! {
                        <Title text=t("results-title")/>
                        <h1>{t("results-title")}</h1>
                        <p>{t("results-none")}</p>
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    // One page, the site's own "not found", for a unit that
                    // does not exist and one outside the viewer's scope:
                    // whether it exists does not leak.
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
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
    // A theme's figure becomes a problem to follow up in one click.
    let make = ServerAction::<ProblemFromResult>::new();
    let (round_id, unit_id) = (d.round_id.clone(), d.unit_id.clone());
    let title = format!("{} · {}", d.unit_name, d.round_name);
    let action = format!("/results/unit/{}", d.unit_id);
    let any_would_reveal = d
        .rows
        .iter()
        .any(|r| matches!(r.here.hidden, Some(Hidden::WouldReveal { .. })));
    let parent_name = d.parent_name.clone().unwrap_or_default();
    // Nothing of this unit's own can be shown: say so first, and point to
    // the parent's column rather than leaving an empty table to puzzle over.
    let too_few_here = d.filed_with.is_none()
        && !d.rows.is_empty()
        && d.rows
            .iter()
            .all(|r| matches!(r.here.hidden, Some(Hidden::TooFew { .. })));
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
        {d.newer.clone().map(|n| {
            let key = if n.closed { "results-newer-closed" } else { "results-newer-open" };
            let href = format!("/results/unit/{}?round={}", d.unit_id, n.round_id);
            view! {
                <p class="notice" data-testid="newer-round">
                    {lang.t_args(key, &[
                        ("round", n.round_name.clone().into()),
                        ("answered", n.answered.into()),
                        ("invited", n.invited.into()),
                        ("k", n.k_score.into()),
                    ])}
                    " "
                    <A href=href>{lang.t_args("results-newer-show", &[("round", n.round_name.clone().into())])}</A>
                </p>
            }
        })}
        {match (d.counted_with.clone(), d.filed_with.clone()) {
            // A closed round: where the answers were counted in the end.
            (Some(Some(at)), _) => Some(view! {
                <p class="notice" data-testid="filed-with">
                    {lang.t_args("results-counted-with", &[("unit", at.into()), ("k", d.k_score.into())])}
                </p>
            }.into_any()),
            (Some(None), _) => Some(view! {
                <p class="notice" data-testid="filed-with">
                    {lang.t_args("results-counted-nowhere", &[("k", d.k_score.into())])}
                </p>
            }.into_any()),
            (None, Some(f)) => Some(view! {
                <p class="notice" data-testid="filed-with">
                    {lang.t_args("results-filed-with", &[("unit", f.into()), ("k", d.k_score.into())])}
                </p>
            }.into_any()),
            (None, None) => None,
        }}
        {d.rows.is_empty().then(|| view! { <p class="notice">{t("results-nothing-yet")}</p> })}
        {too_few_here.then(|| view! {
            <p class="notice" data-testid="too-few-here">
                {match d.parent_name.clone() {
                    Some(p) => lang.t_args("results-too-few-parent", &[("k", d.k_score.into()), ("unit", p.into())]),
                    None => lang.t_args("results-too-few", &[("k", d.k_score.into())]),
                }}
            </p>
        })}
        {any_would_reveal.then(|| view! { <p class="note">{t("results-would-reveal")}</p> })}
        <FormError error=action_error(make)/>
        {(!d.rows.is_empty()).then(|| view! {
            <div class="table-scroll">
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
                        <th scope="col" class="no-print">{t("results-follow-up")}</th>
                    </tr>
                </thead>
                <tbody>
                    {d.rows
                        .iter()
                        .map(|r| {
                            let shares = r.here.shares.map(|shares| view! { <ShareBar shares/> });
                            let change = r.change.map(change_text).unwrap_or_else(|| "—".into());
                            let (round, unit, dimension) = (round_id.clone(), unit_id.clone(), r.here.dimension.clone());
                            // The theme in the button's name; the visible words start it.
                            let theme = format!("{}: {}", lang.t("results-make-problem"), r.name);
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
                                    <td class="no-print">
                                        <ActionForm action=make attr:class="inline-form">
                                            <ReturnHere/>
                                            <SentOnce/>
                                            <input type="hidden" name="round" value=round/>
                                            <input type="hidden" name="unit" value=unit/>
                                            <input type="hidden" name="dimension" value=dimension/>
                                            <button type="submit" class="link-button" aria-label=theme>
                                                {t("results-make-problem")}
                                            </button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            </div>
        })}
        {(!d.trend.is_empty()).then(|| view! {
            <section aria-labelledby="trend-heading">
                <h2 id="trend-heading">{t("results-trend")}</h2>
                <p class="note">{t("results-trend-note")}</p>
                <div class="trends">
                    {d.trend.iter().cloned().map(|series| view! { <TrendChart series/> }).collect_view()}
                </div>
            </section>
        })}
        <section aria-labelledby="responses-heading">
            <h2 id="responses-heading">{t("results-responses")}</h2>
            <details>
            <summary>{lang.t_args("results-responses-rounds", &[("n", (d.responses.len() as i64).into())])}</summary>
            <table class="data-table compact">
                <thead>
                    <tr>
                        <th scope="col">{t("results-round")}</th>
                        <th scope="col" class="num">{t("results-invited")}</th>
                        <th scope="col" class="num">{t("results-answered")}</th>
                        <th scope="col" class="num">{t("results-rate")}</th>
                    </tr>
                </thead>
                <tbody>
                    {d.responses
                        .iter()
                        .rev()
                        .map(|c| view! {
                            <tr>
                                <th scope="row">{c.round_name.clone()}</th>
                                <td class="num">{c.invited}</td>
                                <td class="num">{c.answered}</td>
                                <td class="num">
                                    {if c.invited > 0 { format!("{:.0} %", c.answered as f64 * 100.0 / c.invited as f64) } else { "—".into() }}
                                </td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            </details>
        </section>
        <Comments comments=d.comments.clone() parent=d.parent_name.clone()/>
        <Downloads round=d.round_id.clone()/>
        <p><A href="/results">{t("results-all-units")}</A></p>
    }
}

/// The comments section, or a kind word on why there are none to read.
#[component]
fn Comments(comments: CommentsView, parent: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let body = match comments {
        CommentsView::Shown(list) => view! {
            <p class="note">{t("results-comments-note")}</p>
            <ul class="comments" data-testid="comments">
                {list.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
        CommentsView::Hidden(Hidden::TooFew { k }) => view! {
            <p class="notice" data-testid="comments-hidden">
                {match parent {
                    Some(p) => lang.t_args("results-comments-few-parent", &[("k", k.into()), ("unit", p.into())]),
                    None => lang.t_args("results-comments-few", &[("k", k.into())]),
                }}
            </p>
        }
        .into_any(),
        CommentsView::Hidden(Hidden::WouldReveal { k }) => view! {
            <p class="notice" data-testid="comments-hidden">{lang.t_args("results-comments-reveal", &[("k", k.into())])}</p>
        }
        .into_any(),
        CommentsView::None => view! { <p>{t("results-comments-none")}</p> }.into_any(),
    };
    view! {
        <section aria-labelledby="comments-heading">
            <h2 id="comments-heading">{t("results-comments")}</h2>
            {body}
        </section>
    }
}

/// Files of the viewer's whole scope for a round, and how to print.
#[component]
fn Downloads(round: String) -> impl IntoView {
    // Plain links to a file route: `rel="external"` keeps the client-side
    // router from trying to render them as pages.
    let csv = format!("/results/export?round={round}&format=csv");
    let xlsx = format!("/results/export?round={round}&format=xlsx");
    view! {
        <section aria-labelledby="downloads-heading" class="no-print">
            <h2 id="downloads-heading">{t("export-title")}</h2>
            <ul>
                <li><a href=csv rel="external" download="">{t("export-csv")}</a></li>
                <li><a href=xlsx rel="external" download="">{t("export-xlsx")}</a></li>
            </ul>
            <p class="note">{t("export-print")}</p>
        </section>
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

/// A change in whole points, with its sign.
fn change_text(c: f64) -> String {
    let whole = c.round();
    if whole == 0.0 {
        "±0".to_owned()
    } else {
        format!("{whole:+.0}")
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
                            <tr class:outside-scope=r.outside_scope>
                                <th scope="row" class=format!("depth-{}", r.depth.min(6))>
                                    {if r.outside_scope {
                                        view! { {r.name.clone()} <span class="note">{format!(" ({})", lang.t("heatmap-comparison"))}</span> }.into_any()
                                    } else {
                                        view! { <a href=format!("/results/unit/{}?round={}", r.unit_id, h.round_id)>{r.name.clone()}</a> }.into_any()
                                    }}
                                </th>
                                {r.cells
                                    .iter()
                                    .zip(r.changes.iter().copied())
                                    .map(|(c, change)| match c.as_ref().map(|f| (f.score, f.hidden.clone())) {
                                        Some((Some(s), _)) => view! {
                                            <td class=heat_class(s)>
                                                {format!("{s:.0}")}
                                                {change.map(|c| view! { <span class="heat-change">{change_text(c)}</span> })}
                                            </td>
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
        {h.previous_round.clone().map(|p| view! {
            <p class="note">{lang.t_args("heatmap-change-legend", &[("round", p.into())])}</p>
        })}
        <Downloads round=h.round_id.clone()/>
        <p><A href="/results">{t("results-all-units")}</A></p>
    }
}
