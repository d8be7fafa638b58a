//! Follow-up pages: the scope's problems on the risk grid with what is
//! overdue, and one problem with its source figure, its trend, its
//! assessments and its action plan. Every form works without script.

use crate::{
    api::follow_up::{
        load_follow_up, load_problem, AddMeasure, AssessProblem, CreateProblem, ProblemState,
        SaveAbsence, UpdateMeasure,
    },
    components::{
        charts::TrendChart,
        form::{action_error, FormError, ReturnHere, SentOnce},
        risk_grid::{GridPoint, RiskGrid},
    },
    error::AppError,
    i18n::{t, use_lang, Lang},
    model::{
        AbsenceFigure, Assessment, FollowUpOverview, Hidden, Measure, MeasureStatus, ProblemFigure,
        ProblemRow, ProblemSource, ProblemView,
    },
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

fn priority_text(lang: Lang, a: &Assessment) -> String {
    lang.t_args(
        "priority-with-score",
        &[
            ("priority", lang.t(&a.priority().label_key()).into()),
            ("score", (a.score() as i64).into()),
        ],
    )
}

/// `/follow-up`
#[component]
pub fn FollowUpPage() -> impl IntoView {
    let create = ServerAction::<CreateProblem>::new();
    let absence = ServerAction::<SaveAbsence>::new();
    let page = Resource::new(
        move || (create.version().get(), absence.version().get()),
        |_| load_follow_up(),
    );
    view! {
        <Title text=t("follow-up-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(o) => view! { <Overview o create absence/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Open, assessed problems numbered as on the grid.
fn grid_points(problems: &[ProblemRow]) -> Vec<(String, GridPoint)> {
    problems
        .iter()
        .filter(|p| !p.closed)
        .filter_map(|p| p.assessment.as_ref().map(|a| (p, a)))
        .enumerate()
        .map(|(i, (p, a))| {
            (
                p.id.clone(),
                GridPoint {
                    label: (i + 1).to_string(),
                    title: p.title.clone(),
                    likelihood: a.likelihood,
                    consequence: a.consequence,
                },
            )
        })
        .collect()
}

#[component]
fn Overview(
    o: FollowUpOverview,
    create: ServerAction<CreateProblem>,
    absence: ServerAction<SaveAbsence>,
) -> impl IntoView {
    let lang = use_lang();
    let numbered = grid_points(&o.problems);
    let number_of = |id: &str| {
        numbered
            .iter()
            .find(|(p, _)| p == id)
            .map(|(_, g)| g.label.clone())
    };
    let rows: Vec<(Option<String>, ProblemRow)> = o
        .problems
        .iter()
        .map(|p| (number_of(&p.id), p.clone()))
        .collect();
    let points: Vec<GridPoint> = numbered.iter().map(|(_, g)| g.clone()).collect();
    let no_problems = o.problems.is_empty();
    let overdue = o.overdue.clone();
    let no_units = o.units.is_empty();
    view! {
        <h1>{t("follow-up-title")}</h1>
        <p>{t("follow-up-intro")}</p>
        {(!overdue.is_empty()).then(move || view! {
            <section class="notice overdue-list" aria-labelledby="overdue-h" data-testid="overdue">
                <h2 id="overdue-h">{t("follow-up-overdue")}</h2>
                <ul>
                    {overdue
                        .into_iter()
                        .map(|m| view! {
                            <li>
                                <A href=format!("/follow-up/{}", m.problem_id)>{m.measure.title.clone()}</A>
                                " — "
                                {lang.t_args("follow-up-overdue-line", &[
                                    ("problem", m.problem_title.clone().into()),
                                    ("unit", m.unit_name.clone().into()),
                                    ("owner", m.measure.owner_name.clone().into()),
                                    ("deadline", m.measure.deadline.clone().into()),
                                ])}
                            </li>
                        })
                        .collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="problems-h">
            <h2 id="problems-h">{t("follow-up-problems")}</h2>
            {no_problems.then(|| view! { <p class="notice">{t("follow-up-none")}</p> })}
            <div class="follow-up-grid" hidden=no_problems>
                <figure class="grid-figure">
                    <RiskGrid points testid="risk-grid"/>
                    <figcaption>{t("grid-caption")}</figcaption>
                </figure>
                <div class="table-scroll">
                    <table class="data-table problems">
                        <caption>{t("follow-up-problems-caption")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t("grid-number")}</th>
                                <th scope="col">{t("problem-title")}</th>
                                <th scope="col">{t("problem-unit")}</th>
                                <th scope="col">{t("problem-priority")}</th>
                                <th scope="col">{t("problem-plan")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|(n, p)| {
                                    let priority = p
                                        .assessment
                                        .as_ref()
                                        .map(|a| priority_text(lang, a))
                                        .unwrap_or_else(|| lang.t("problem-not-assessed"));
                                    let plan = lang.t_args("problem-plan-count", &[
                                        ("open", p.open_measures.into()),
                                        ("all", p.measures.into()),
                                    ]);
                                    let late = p.overdue > 0;
                                    view! {
                                        <tr class:overdue=late class:closed=p.closed>
                                            <td>{n.unwrap_or_else(|| "—".into())}</td>
                                            <th scope="row"><A href=format!("/follow-up/{}", p.id)>{p.title.clone()}</A></th>
                                            <td>{p.unit_name.clone()}</td>
                                            <td>{priority}</td>
                                            <td>
                                                {plan}
                                                {(p.overdue > 0).then(|| view! {
                                                    " " <span class="badge-overdue">{lang.t_args("measure-overdue-count", &[("n", p.overdue.into())])}</span>
                                                })}
                                                {p.closed.then(|| view! { " " <span class="badge">{lang.t("problem-closed")}</span> })}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
        <Absence rows=o.absence.clone() units=o.absence_units.clone() absence/>
        <section aria-labelledby="new-problem-h" hidden=no_units class="no-print">
            <h2 id="new-problem-h">{t("problem-new")}</h2>
            <p>{t("problem-new-help")}</p>
            <ActionForm action=create attr:class="stack" attr:novalidate=true>
                <ReturnHere/>
                <SentOnce/>
                <FormError error=action_error(create)/>
                <div class="field">
                    <label for="problem-unit">{t("problem-unit")}</label>
                    <select id="problem-unit" name="unit" required>
                        {o.units
                            .iter()
                            .map(|(id, name, depth)| {
                                let label = format!("{}{}", "\u{2003}".repeat(*depth as usize), name);
                                view! { <option value=id.clone()>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="problem-title">{t("problem-title")}</label>
                    <input id="problem-title" name="title" type="text" required maxlength="200"/>
                </div>
                <div class="field">
                    <label for="problem-description">{t("problem-description")}</label>
                    <textarea id="problem-description" name="description" rows="4" maxlength="5000"></textarea>
                </div>
                <button type="submit" class="button">{t("problem-create")}</button>
            </ActionForm>
        </section>
    }
}

fn absence_text(lang: Lang, f: &AbsenceFigure) -> String {
    match (&f.rate, &f.hidden) {
        (Some(r), _) => format!("{r:.1} %"),
        (None, Some(Hidden::TooFew { k })) => {
            lang.t_args("absence-hidden-few", &[("k", (*k).into())])
        }
        (None, _) => lang.t("problem-figure-hidden-reveal"),
    }
}

#[component]
fn Absence(
    rows: Vec<AbsenceFigure>,
    units: Vec<(String, String)>,
    absence: ServerAction<SaveAbsence>,
) -> impl IntoView {
    let lang = use_lang();
    let none = rows.is_empty();
    let no_units = units.is_empty();
    // The upload route's outcome comes back in the address.
    let outcome = use_query_map().with_untracked(|q| q.get("absence"));
    let (saved, refused) = match outcome.as_deref() {
        Some(o) if o.starts_with("saved-") => {
            (o.trim_start_matches("saved-").parse::<i64>().ok(), None)
        }
        // Only the route's own outcomes are looked up.
        Some(
            o @ ("error-absence-csv"
            | "error-absence-unit"
            | "error-absence-period"
            | "error-absence-not-over"
            | "error-absence-number"
            | "error-unauthenticated"
            | "error-forbidden"
            | "error-too-large"),
        ) => {
            let key = lang.t(o);
            crate::components::set_page_status(400);
            (None, Some(key))
        }
        _ => (None, None),
    };
    view! {
        <section aria-labelledby="absence-h">
            <h2 id="absence-h">{t("absence-title")}</h2>
            <p class="note">{t("absence-intro")}</p>
            <div class="form-error" role="alert">{refused.map(|m| view! { <p>{m}</p> })}</div>
            {saved.map(|n| view! { <p class="notice done" role="status">{lang.t_args("absence-saved", &[("n", n.into())])}</p> })}
            {none.then(|| view! { <p>{t("absence-none")}</p> })}
            <div class="table-scroll" hidden=none tabindex="0" role="region" aria-labelledby="absence-h">
                <table class="data-table compact" data-testid="absence">
                    <thead>
                        <tr>
                            <th scope="col">{t("problem-unit")}</th>
                            <th scope="col">{t("absence-period")}</th>
                            <th scope="col" class="num">{t("absence-rate")}</th>
                            <th scope="col" class="num">{t("absence-headcount")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|f| view! {
                            <tr>
                                <th scope="row">{f.unit_name.clone()}</th>
                                <td>{f.period.clone()}</td>
                                <td class="num">{absence_text(lang, &f)}</td>
                                <td class="num">{f.headcount.map(|h| h.to_string()).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <details class="no-print" hidden=no_units>
                <summary>{t("absence-enter")}</summary>
                <ActionForm action=absence attr:class="stack" attr:novalidate=true>
                    <ReturnHere/>
                    <SentOnce/>
                    <FormError error=action_error(absence)/>
                    <div class="field">
                        <label for="absence-unit">{t("problem-unit")}</label>
                        <select id="absence-unit" name="unit">
                            {units.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="absence-period">{t("absence-period")}</label>
                        <p id="absence-period-help" class="help">{t("absence-period-help")}</p>
                        <input id="absence-period" name="period" type="text" maxlength="7" aria-describedby="absence-period-help"/>
                    </div>
                    <div class="field">
                        <label for="absence-lost">{t("absence-days-lost")}</label>
                        <input id="absence-lost" name="days_lost" type="text" inputmode="decimal"/>
                    </div>
                    <div class="field">
                        <label for="absence-possible">{t("absence-days-possible")}</label>
                        <input id="absence-possible" name="days_possible" type="text" inputmode="decimal"/>
                    </div>
                    <button type="submit" class="button">{t("absence-save")}</button>
                </ActionForm>
                // A file cannot travel through a server function: a plain
                // multipart form to the server's upload route.
                <form method="post" action="/follow-up/absence/upload" enctype="multipart/form-data" class="stack">
                    <div class="field">
                        <label for="absence-file">{t("absence-csv")}</label>
                        <p id="absence-file-help" class="help">{t("absence-csv-help")}</p>
                        <input id="absence-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="absence-file-help"/>
                    </div>
                    <button type="submit" class="button secondary">{t("absence-import")}</button>
                </form>
            </details>
        </section>
    }
}

/// `/follow-up/:id`
#[component]
pub fn ProblemPage() -> impl IntoView {
    let params = use_params_map();
    let assess = ServerAction::<AssessProblem>::new();
    let add = ServerAction::<AddMeasure>::new();
    let update = ServerAction::<UpdateMeasure>::new();
    let state = ServerAction::<ProblemState>::new();
    let page = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                assess.version().get(),
                add.version().get(),
                update.version().get(),
                state.version().get(),
            )
        },
        |(id, ..)| load_problem(id),
    );
    let actions = Actions {
        assess,
        add,
        update,
        state,
    };
    view! {
        <Title text=t("follow-up-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Problem p actions/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    assess: ServerAction<AssessProblem>,
    add: ServerAction<AddMeasure>,
    update: ServerAction<UpdateMeasure>,
    state: ServerAction<ProblemState>,
}

fn source_text(lang: Lang, s: &ProblemSource) -> String {
    match s {
        ProblemSource::Manual => lang.t("problem-source-manual"),
        ProblemSource::Result {
            round_name,
            dimension_name,
            ..
        } => lang.t_args(
            "problem-source-result",
            &[
                ("theme", dimension_name.clone().into()),
                ("round", round_name.clone().into()),
            ],
        ),
        ProblemSource::Report {
            category_key,
            period,
        } => lang.t_args(
            "problem-source-report",
            &[
                ("category", lang.t(category_key).into()),
                ("period", period.clone().into()),
            ],
        ),
    }
}

fn figure_text(lang: Lang, f: &ProblemFigure, report: bool) -> Option<String> {
    Some(match f {
        ProblemFigure::None => return None,
        ProblemFigure::Score {
            score,
            previous: Some(p),
        } => lang.t_args(
            "problem-figure-change",
            &[
                ("score", format!("{score:.0}").into()),
                ("previous", format!("{p:.0}").into()),
            ],
        ),
        ProblemFigure::Score { score, .. } => {
            lang.t_args("problem-figure", &[("score", format!("{score:.0}").into())])
        }
        ProblemFigure::Count(n) => lang.t_args("problem-figure-count", &[("n", (*n).into())]),
        ProblemFigure::Hidden(Hidden::TooFew { k }) if report => {
            lang.t_args("problem-figure-hidden-reports", &[("k", (*k).into())])
        }
        ProblemFigure::Hidden(Hidden::TooFew { k }) => {
            lang.t_args("problem-figure-hidden-few", &[("k", (*k).into())])
        }
        ProblemFigure::Hidden(Hidden::WouldReveal { .. }) => lang.t("problem-figure-hidden-reveal"),
    })
}

#[component]
fn Problem(p: ProblemView, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let closed = p.closed_on.is_some();
    let current = p.assessments.first().cloned();
    let point = current.as_ref().map(|a| GridPoint {
        label: "1".into(),
        title: p.title.clone(),
        likelihood: a.likelihood,
        consequence: a.consequence,
    });
    let source = source_text(lang, &p.source);
    let figure = figure_text(
        lang,
        &p.figure,
        matches!(p.source, ProblemSource::Report { .. }),
    );
    let trend_round = match &p.source {
        ProblemSource::Result { round_name, .. } => Some(round_name.clone()),
        _ => None,
    };
    let id = p.id.clone();
    view! {
        <nav aria-label=t("follow-up-breadcrumbs") class="breadcrumbs no-print">
            <ol><li><a href="/follow-up">{t("follow-up-title")}</a></li></ol>
        </nav>
        <h1>{p.title.clone()}</h1>
        <dl class="facts">
            <dt>{t("problem-unit")}</dt><dd>{p.unit_name.clone()}</dd>
            <dt>{t("problem-created")}</dt>
            <dd>{match p.created_by.clone() {
                Some(by) => lang.t_args("problem-created-by", &[("date", p.created_on.clone().into()), ("name", by.into())]),
                None => p.created_on.clone(),
            }}</dd>
            <dt>{t("problem-source")}</dt><dd>{source}</dd>
            {figure.map(|f| view! { <dt>{t("problem-figure-then")}</dt><dd data-testid="problem-figure">{f}</dd> })}
            <dt>{t("problem-status")}</dt>
            <dd data-testid="problem-status">{match p.closed_on.clone() {
                Some(d) => lang.t_args("problem-closed-on", &[("date", d.into())]),
                None => lang.t("problem-open"),
            }}</dd>
        </dl>
        {(!p.description.is_empty()).then(|| view! { <p class="description">{p.description.clone()}</p> })}
        {p.trend.clone().map(|series| view! {
            <section aria-labelledby="trend-h">
                <h2 id="trend-h">{t("problem-trend")}</h2>
                <p class="note">{lang.t_args("problem-trend-note", &[("round", trend_round.clone().unwrap_or_default().into())])}</p>
                <TrendChart series/>
            </section>
        })}
        <section aria-labelledby="assessment-h">
            <h2 id="assessment-h">{t("problem-assessment")}</h2>
            <p data-testid="problem-priority">{match &current {
                Some(a) => lang.t_args("problem-assessed", &[
                    ("priority", priority_text(lang, a).into()),
                    ("likelihood", (a.likelihood as i64).into()),
                    ("consequence", (a.consequence as i64).into()),
                    ("date", a.assessed_on.clone().into()),
                ]),
                None => lang.t("problem-not-assessed"),
            }}</p>
            {point.map(|pt| view! {
                <figure class="grid-figure small">
                    <RiskGrid points=vec![pt] testid="problem-grid"/>
                </figure>
            })}
            {(!closed).then(|| view! { <AssessForm id=id.clone() action=actions.assess current=current.clone()/> })}
            {(!p.assessments.is_empty()).then(|| view! { <AssessmentHistory rows=p.assessments.clone()/> })}
        </section>
        <section aria-labelledby="plan-h">
            <h2 id="plan-h">{t("problem-plan")}</h2>
            <FormError error=action_error(actions.update)/>
            {p.measures.is_empty().then(|| view! { <p>{t("measure-none")}</p> })}
            <ul class="measures">
                {p.measures
                    .iter()
                    .cloned()
                    .map(|m| view! { <MeasureItem m action=actions.update closed/> })
                    .collect_view()}
            </ul>
            {(!closed).then(|| view! { <NewMeasureForm id=id.clone() action=actions.add today=p.today.clone()/> })}
        </section>
        <section aria-labelledby="state-h" class="no-print">
            <h2 id="state-h" class="visually-hidden">{t("problem-status")}</h2>
            <FormError error=action_error(actions.state)/>
            <ActionForm action=actions.state attr:class="inline-form">
                <ReturnHere/>
                <input type="hidden" name="problem" value=id.clone()/>
                <input type="hidden" name="to" value=if closed { "reopen" } else { "close" }/>
                <button type="submit" class="button secondary">
                    {if closed { t("problem-reopen") } else { t("problem-close") }}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AssessForm(
    id: String,
    action: ServerAction<AssessProblem>,
    current: Option<Assessment>,
) -> impl IntoView {
    let lang = use_lang();
    let scale = move |name: &'static str, legend: &'static str, chosen: Option<u8>| {
        view! {
            <fieldset class="field grid-scale">
                <legend>{lang.t(legend)}</legend>
                <p class="help">{lang.t(&format!("{legend}-help"))}</p>
                <div class="scale-choices">
                    {(1..=5u8)
                        .map(|v| {
                            let input_id = format!("{name}-{v}");
                            view! {
                                <span class="choice">
                                    <input type="radio" id=input_id.clone() name=name value=v.to_string() required checked=chosen == Some(v)/>
                                    <label for=input_id>{lang.t(&format!("{legend}-{v}"))}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        }
    };
    view! {
        <ActionForm action=action attr:class="stack no-print" attr:novalidate=true>
            <ReturnHere/>
            <SentOnce/>
            <FormError error=action_error(action)/>
            <input type="hidden" name="problem" value=id/>
            {scale("likelihood", "grid-likelihood", current.as_ref().map(|a| a.likelihood))}
            {scale("consequence", "grid-consequence", current.as_ref().map(|a| a.consequence))}
            <div class="field">
                <label for="assessment-note">{t("problem-assessment-note")}</label>
                <textarea id="assessment-note" name="note" rows="3" maxlength="5000"></textarea>
            </div>
            <button type="submit" class="button">{t("problem-assess")}</button>
        </ActionForm>
    }
}

#[component]
fn AssessmentHistory(rows: Vec<Assessment>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t("problem-assessment-history")>
            <table class="data-table compact" data-testid="assessment-history">
                <caption>{t("problem-assessment-history")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("problem-assessed-on")}</th>
                        <th scope="col" class="num">{t("grid-likelihood")}</th>
                        <th scope="col" class="num">{t("grid-consequence")}</th>
                        <th scope="col">{t("problem-priority")}</th>
                        <th scope="col">{t("problem-assessment-note")}</th>
                        <th scope="col">{t("problem-assessed-by")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|a| view! {
                            <tr>
                                <th scope="row">{a.assessed_on.clone()}</th>
                                <td class="num">{a.likelihood}</td>
                                <td class="num">{a.consequence}</td>
                                <td>{priority_text(lang, &a)}</td>
                                <td>{a.note.clone()}</td>
                                <td>{a.by.clone().unwrap_or_default()}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn MeasureItem(m: Measure, action: ServerAction<UpdateMeasure>, closed: bool) -> impl IntoView {
    let lang = use_lang();
    let mid = m.id.clone();
    let f = move |name: &str| format!("{name}-{mid}");
    let status = lang.t(&m.status.label_key());
    view! {
        <li class="measure" class:overdue=m.overdue data-testid="measure">
            <h3>{m.title.clone()}</h3>
            <dl class="facts">
                <dt>{t("measure-owner")}</dt><dd>{m.owner_name.clone()}</dd>
                <dt>{t("measure-deadline")}</dt>
                <dd>
                    {m.deadline.clone()}
                    {m.overdue.then(|| view! { " " <span class="badge-overdue">{t("measure-overdue")}</span> })}
                </dd>
                {m.follow_up.clone().map(|d| view! { <dt>{t("measure-follow-up")}</dt><dd>{d}</dd> })}
                <dt>{t("measure-status")}</dt><dd data-testid="measure-status">{status}</dd>
                {m.goal.clone().map(|g| view! { <dt>{t("measure-goal")}</dt><dd>{g}</dd> })}
                {m.done_on.clone().map(|d| view! { <dt>{t("measure-done-on")}</dt><dd>{d}</dd> })}
                {(!m.outcome.is_empty()).then(|| view! { <dt>{t("measure-outcome")}</dt><dd>{m.outcome.clone()}</dd> })}
            </dl>
            {(!closed).then(|| view! {
                <details class="no-print">
                    <summary>{lang.t_args("measure-update", &[("measure", m.title.clone().into())])}</summary>
                    <ActionForm action=action attr:class="stack" attr:novalidate=true>
                        <ReturnHere/>
                        <SentOnce/>
                        <input type="hidden" name="measure" value=m.id.clone()/>
                        <div class="field">
                            <label for=f("status")>{t("measure-status")}</label>
                            <select id=f("status") name="status">
                                {MeasureStatus::ALL
                                    .into_iter()
                                    .map(|s| view! { <option value=s.as_str() selected=s == m.status>{lang.t(&s.label_key())}</option> })
                                    .collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=f("deadline")>{t("measure-deadline")}</label>
                            <input id=f("deadline") name="deadline" type="date" required value=m.deadline.clone()/>
                        </div>
                        <div class="field">
                            <label for=f("follow-up")>{t("measure-follow-up")}</label>
                            <input id=f("follow-up") name="follow_up" type="date" value=m.follow_up.clone().unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label for=f("outcome")>{t("measure-outcome")}</label>
                            <textarea id=f("outcome") name="outcome" rows="2" maxlength="5000">{m.outcome.clone()}</textarea>
                        </div>
                        <button type="submit" class="button">{t("measure-save")}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

#[component]
fn NewMeasureForm(id: String, action: ServerAction<AddMeasure>, today: String) -> impl IntoView {
    view! {
        <ActionForm action=action attr:class="stack no-print new-measure" attr:novalidate=true>
            <h3>{t("measure-new")}</h3>
            <ReturnHere/>
            <SentOnce/>
            <FormError error=action_error(action)/>
            <input type="hidden" name="problem" value=id/>
            <div class="field">
                <label for="measure-title">{t("measure-title")}</label>
                <input id="measure-title" name="title" type="text" required maxlength="200"/>
            </div>
            <div class="field">
                <label for="measure-owner">{t("measure-owner")}</label>
                <input id="measure-owner" name="owner_name" type="text" required maxlength="200" autocomplete="off"/>
            </div>
            <div class="field">
                <label for="measure-email">{t("measure-owner-email")}</label>
                <p id="measure-email-help" class="help">{t("measure-owner-email-help")}</p>
                <input id="measure-email" name="owner_email" type="email" aria-describedby="measure-email-help" autocomplete="off"/>
            </div>
            <div class="field">
                <label for="measure-deadline">{t("measure-deadline")}</label>
                <input id="measure-deadline" name="deadline" type="date" required min=today/>
            </div>
            <div class="field">
                <label for="measure-follow-up">{t("measure-follow-up")}</label>
                <p id="measure-follow-up-help" class="help">{t("measure-follow-up-help")}</p>
                <input id="measure-follow-up" name="follow_up" type="date" aria-describedby="measure-follow-up-help"/>
            </div>
            <button type="submit" class="button">{t("measure-add")}</button>
        </ActionForm>
    }
}
