//! Committee pages: a committee's yearly goals (linked to the goals of the
//! committees above), good stories and mid-way adjustments; and the annual
//! working-environment discussion, prepared, completed and locked. Every
//! form works without script.

use crate::{
    api::committees::{
        load_committee, load_committees, load_discussion, CreateGoal, DiscussionStep, GoalAction,
        SaveDiscussion, SetCommitteeLang,
    },
    components::{
        charts::TrendChart,
        form::{action_error, FormError, ReturnHere, SentOnce},
        risk_grid::{GridPoint, RiskGrid},
    },
    error::AppError,
    i18n::{t, use_lang, Lang},
    model::{
        AnnualDocument, CommitteePage, CommitteeRef, DiscussionState, DiscussionView, DocChart,
        DocRow, DocTable, GoalStatus, GoalTheme, GoalView, Hidden, TrendPoint, TrendSeries,
    },
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

/// `/committees`
#[component]
pub fn CommitteesPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_committees());
    view! {
        <Title text=t("committees-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(list) => view! { <CommitteeList list/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CommitteeList(list: Vec<CommitteeRef>) -> impl IntoView {
    let none = list.is_empty();
    view! {
        <h1>{t("committees-title")}</h1>
        <p>{t("committees-intro")}</p>
        {none.then(|| view! { <p class="notice">{t("committees-none")}</p> })}
        <ul class="link-list">
            {list
                .into_iter()
                .map(|c| view! {
                    <li>
                        <A href=format!("/committees/{}", c.id)>{c.name.clone()}</A>
                        <span class="note">{format!(" · {}", c.unit_name)}</span>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

#[derive(Clone, Copy)]
struct GoalActions {
    create: ServerAction<CreateGoal>,
    act: ServerAction<GoalAction>,
    lang: ServerAction<SetCommitteeLang>,
}

/// `/committees/:id`
#[component]
pub fn CommitteeGoalsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let actions = GoalActions {
        create: ServerAction::<CreateGoal>::new(),
        act: ServerAction::<GoalAction>::new(),
        lang: ServerAction::<SetCommitteeLang>::new(),
    };
    let page = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                query.with(|q| q.get("year")),
                actions.create.version().get(),
                actions.act.version().get(),
                actions.lang.version().get(),
            )
        },
        |(id, year, ..)| load_committee(id, year),
    );
    view! {
        <Title text=t("committees-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Committee p actions/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn years_text(g: &GoalView) -> String {
    if g.first_year == g.last_year {
        g.first_year.to_string()
    } else {
        format!("{}–{}", g.first_year, g.last_year)
    }
}

#[component]
fn Committee(p: CommitteePage, actions: GoalActions) -> impl IntoView {
    let lang = use_lang();
    let c = p.committee.clone();
    let year = p.year;
    let base = format!("/committees/{}", c.id);
    let above_goals = p.above.clone();
    let measures = p.measures.clone();
    let card_printings = p.card_printings.clone();
    let (lang_form_id, new_goal_id) = (c.id.clone(), c.id.clone());
    let discussion_years: Vec<(i32, DiscussionState)> = {
        let mut d = p.discussions.clone();
        if !d.iter().any(|(y, _)| *y == year) {
            d.insert(0, (year, DiscussionState::Draft));
        }
        d
    };
    view! {
        <nav aria-label=t("follow-up-breadcrumbs") class="breadcrumbs no-print">
            <ol><li><a href="/committees">{t("committees-title")}</a></li></ol>
        </nav>
        <h1>{c.name.clone()}</h1>
        <dl class="facts">
            <dt>{t("committee-scope")}</dt><dd>{c.unit_name.clone()}</dd>
        </dl>
        <div class="committee-lang no-print">
                <ActionForm action=actions.lang attr:class="inline-choice">
                    <ReturnHere/>
                    <input type="hidden" name="committee" value=lang_form_id/>
                    <label for="committee-lang">{t("committee-lang")}</label>
                    <select id="committee-lang" name="lang">
                        {Lang::ALL
                            .into_iter()
                            .map(|l| view! { <option value=l.code() selected=l.code() == c.lang>{lang.t(&format!("lang-{}", l.code()))}</option> })
                            .collect_view()}
                    </select>
                    <button type="submit" class="button secondary">{t("committee-lang-save")}</button>
                </ActionForm>
        </div>
        <nav class="inline-choice no-print" aria-label=t("committee-years")>
            <a href=format!("{base}?year={}", year - 1)>{lang.t_args("committee-year-link", &[("year", ((year - 1) as i64).into())])}</a>
            <strong aria-current="page">{year}</strong>
            <a href=format!("{base}?year={}", year + 1)>{lang.t_args("committee-year-link", &[("year", ((year + 1) as i64).into())])}</a>
        </nav>
        <FormError error=action_error(actions.act)/>
        <section aria-labelledby="goals-h">
            <h2 id="goals-h">{lang.t_args("committee-goals", &[("year", (year as i64).into())])}</h2>
            {p.goals.is_empty().then(|| view! { <p>{t("committee-no-goals")}</p> })}
            <div class="goals">
                {p.goals
                    .into_iter()
                    .map(|g| view! { <Goal g year act=actions.act measures=measures.clone()/> })
                    .collect_view()}
            </div>
        </section>
        <section aria-labelledby="above-h">
            <h2 id="above-h">{t("committee-above")}</h2>
            <p class="note">{t("committee-above-help")}</p>
            {above_goals.is_empty().then(|| view! { <p>{t("committee-above-none")}</p> })}
            <ul class="above-goals">
                {above_goals
                    .iter()
                    .map(|g| view! {
                        <li>
                            <strong>{g.title.clone()}</strong>
                            {format!(" — {} · {} · {}", g.committee_name, lang.t(&g.theme.label_key()), years_text(g))}
                            {(!g.children.is_empty()).then(|| view! {
                                <span class="note">
                                    {format!(" ({})", lang.t_args("goal-served-by", &[("goals", g.children.iter().map(|c| format!("{} – {}", c.committee, c.title)).collect::<Vec<_>>().join("; ").into())]))}
                                </span>
                            })}
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
        <NewGoal committee=new_goal_id year above=above_goals action=actions.create/>
        <section aria-labelledby="printed-h">
            <h2 id="printed-h">{lang.t_args("committee-cards-printed", &[("year", (year as i64).into())])}</h2>
            <p class="note">{t("committee-cards-printed-help")}</p>
            <crate::pages::surveys::CardPrintings printings=card_printings show_round=true/>
        </section>
        <section aria-labelledby="discussions-h">
            <h2 id="discussions-h">{t("discussion-title-short")}</h2>
            <p>{t("discussion-intro")}</p>
            <ul class="link-list">
                {discussion_years
                    .into_iter()
                    .map(|(y, s)| view! {
                        <li>
                            <A href=format!("{base}/discussion/{y}")>{lang.t_args("discussion-year", &[("year", (y as i64).into())])}</A>
                            <span class="note">{format!(" · {}", lang.t(&s.label_key()))}</span>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Goal(
    g: GoalView,
    year: i32,
    act: ServerAction<GoalAction>,
    measures: Vec<(String, String, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let removed = g.removed_on.is_some();
    let id = g.id.clone();
    let current = g.years.iter().find(|y| y.year == year).cloned();
    let goal_years: Vec<i32> = g.years.iter().map(|y| y.year).collect();
    let (goal_measures, goal_stories, goal_adjustments) =
        (g.measures.clone(), g.stories.clone(), g.adjustments.clone());
    view! {
        <article class="goal" class:removed=removed data-testid="goal">
            <h3>
                <span class="goal-theme">{lang.t(&g.theme.label_key())}": "</span>
                {g.title.clone()}
            </h3>
            <p class="note">{lang.t_args("goal-years", &[("years", years_text(&g).into())])}</p>
            {(!g.description.is_empty()).then(|| view! { <p>{g.description.clone()}</p> })}
            {g.parent.clone().map(|p| view! {
                <p data-testid="goal-parent">{lang.t_args("goal-serves", &[("goal", p.title.into()), ("committee", p.committee.into())])}</p>
            })}
            {(!g.children.is_empty()).then(|| view! {
                <p>{lang.t_args("goal-served-by", &[("goals", g.children.iter().map(|c| format!("{} – {}", c.committee, c.title)).collect::<Vec<_>>().join("; ").into())])}</p>
            })}
            {g.removed_on.clone().map(|d| view! { <p class="notice">{lang.t_args("goal-removed-on", &[("date", d.into())])}</p> })}
            <dl class="facts">
                {g.years.iter().map(|y| view! {
                    <dt>{lang.t_args("goal-status-in", &[("year", (y.year as i64).into())])}</dt>
                    <dd data-testid=format!("goal-status-{}", y.year)>
                        {lang.t(&y.status.label_key())}
                        {(!y.evaluation.is_empty()).then(|| format!(" — {}", y.evaluation))}
                    </dd>
                }).collect_view()}
            </dl>
            {(!goal_measures.is_empty()).then(move || view! {
                <h4>{t("goal-measures")}</h4>
                <ul>
                    {goal_measures.into_iter().map(|m| view! {
                        <li>
                            <A href=format!("/follow-up/{}", m.problem_id)>{m.title.clone()}</A>
                            {format!(" · {} · {}", lang.t(&m.status.label_key()), m.deadline)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!goal_stories.is_empty()).then(move || view! {
                <h4>{t("goal-stories")}</h4>
                <ul class="stories">
                    {goal_stories.into_iter().map(|s| view! {
                        <li data-testid="story"><strong>{s.title.clone()}</strong>" "{s.body.clone()}<span class="note">{format!(" ({})", s.written_on)}</span></li>
                    }).collect_view()}
                </ul>
            })}
            {(!goal_adjustments.is_empty()).then(move || view! {
                <h4>{t("goal-adjustments")}</h4>
                <ul>
                    {goal_adjustments.into_iter().map(|a| view! {
                        <li>{lang.t_args("goal-adjustment-line", &[
                            ("kind", lang.t(&format!("goal-adjustment-{}", a.kind)).into()),
                            ("date", a.made_on.clone().into()),
                            ("reason", a.reason.clone().into()),
                        ])}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!removed).then(|| view! {
                <GoalWork id=id.clone() title=g.title.clone() description=g.description.clone() goal_years year current act measures/>
            })}
        </article>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn GoalWork(
    id: String,
    title: String,
    description: String,
    goal_years: Vec<i32>,
    year: i32,
    current: Option<crate::model::GoalYear>,
    act: ServerAction<GoalAction>,
    measures: Vec<(String, String, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let f = |name: &str| format!("{name}-{id}");
    let (id0, id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let (year_id, status_id, evaluation_id, story_title_id, story_body_id) = (
        f("year"),
        f("status"),
        f("evaluation"),
        f("story-title"),
        f("story-body"),
    );
    let (measure_id, title_id, description_id, reason_id, remove_reason_id) = (
        f("measure"),
        f("title"),
        f("description"),
        f("reason"),
        f("remove-reason"),
    );
    view! {
                <details class="no-print">
                    <summary>{lang.t_args("goal-work", &[("goal", title.clone().into())])}</summary>
                    <ActionForm action=act attr:class="stack" attr:novalidate=true>
                        <h4>{t("goal-status-update")}</h4>
                        <ReturnHere/>
                        <SentOnce/>
                        <input type="hidden" name="goal" value=id0/>
                        <input type="hidden" name="action" value="status"/>
                        <div class="field">
                            <label for=year_id.clone()>{t("goal-year")}</label>
                            <select id=year_id.clone() name="year">
                                {goal_years.iter().map(|y| view! { <option value=y.to_string() selected=*y == year>{*y}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=status_id.clone()>{t("goal-status")}</label>
                            <select id=status_id.clone() name="status">
                                {GoalStatus::ALL.into_iter().map(|s| view! {
                                    <option value=s.as_str() selected=current.as_ref().is_some_and(|c| c.status == s)>{lang.t(&s.label_key())}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=evaluation_id.clone()>{t("goal-evaluation")}</label>
                            <textarea id=evaluation_id.clone() name="evaluation" rows="3" maxlength="5000">{current.as_ref().map(|c| c.evaluation.clone()).unwrap_or_default()}</textarea>
                        </div>
                        <button type="submit" class="button">{t("goal-status-save")}</button>
                    </ActionForm>
                    <ActionForm action=act attr:class="stack" attr:novalidate=true>
                        <h4>{t("goal-story-new")}</h4>
                        <ReturnHere/>
                        <SentOnce/>
                        <input type="hidden" name="goal" value=id1/>
                        <input type="hidden" name="action" value="story"/>
                        <div class="field">
                            <label for=story_title_id.clone()>{t("goal-story-title")}</label>
                            <input id=story_title_id.clone() name="title" type="text" maxlength="200"/>
                        </div>
                        <div class="field">
                            <label for=story_body_id.clone()>{t("goal-story-body")}</label>
                            <textarea id=story_body_id.clone() name="body" rows="4" maxlength="5000"></textarea>
                        </div>
                        <button type="submit" class="button">{t("goal-story-add")}</button>
                    </ActionForm>
                    {(!measures.is_empty()).then(|| view! {
                        <ActionForm action=act attr:class="stack">
                            <h4>{t("goal-link-measure")}</h4>
                            <ReturnHere/>
                            <SentOnce/>
                            <input type="hidden" name="goal" value=id2/>
                            <input type="hidden" name="action" value="link"/>
                            <div class="field">
                                <label for=measure_id.clone()>{t("measure-title")}</label>
                                <select id=measure_id.clone() name="measure">
                                    {measures.iter().map(|(mid, title, problem)| view! { <option value=mid.clone()>{format!("{title} ({problem})")}</option> }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button secondary">{t("goal-link")}</button>
                        </ActionForm>
                    })}
                    <ActionForm action=act attr:class="stack" attr:novalidate=true>
                        <h4>{t("goal-adjust")}</h4>
                        <ReturnHere/>
                        <SentOnce/>
                        <input type="hidden" name="goal" value=id3/>
                        <input type="hidden" name="action" value="adjust"/>
                        <div class="field">
                            <label for=title_id.clone()>{t("goal-title")}</label>
                            <input id=title_id.clone() name="title" type="text" maxlength="200" value=title.clone()/>
                        </div>
                        <div class="field">
                            <label for=description_id.clone()>{t("goal-description")}</label>
                            <textarea id=description_id.clone() name="description" rows="3" maxlength="5000">{description.clone()}</textarea>
                        </div>
                        <div class="field">
                            <label for=reason_id.clone()>{t("goal-reason")}</label>
                            <textarea id=reason_id.clone() name="reason" rows="2" maxlength="5000"></textarea>
                        </div>
                        <button type="submit" class="button secondary">{t("goal-adjust-save")}</button>
                    </ActionForm>
                    <ActionForm action=act attr:class="stack" attr:novalidate=true>
                        <h4>{t("goal-remove")}</h4>
                        <ReturnHere/>
                        <SentOnce/>
                        <input type="hidden" name="goal" value=id4/>
                        <input type="hidden" name="action" value="remove"/>
                        <div class="field">
                            <label for=remove_reason_id.clone()>{t("goal-reason")}</label>
                            <textarea id=remove_reason_id.clone() name="reason" rows="2" maxlength="5000"></textarea>
                        </div>
                        <button type="submit" class="button secondary">{t("goal-remove-button")}</button>
                    </ActionForm>
                </details>
    }
}

#[component]
fn NewGoal(
    committee: String,
    year: i32,
    above: Vec<GoalView>,
    action: ServerAction<CreateGoal>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section aria-labelledby="new-goal-h" class="no-print">
            <h2 id="new-goal-h">{t("goal-new")}</h2>
            <ActionForm action=action attr:class="stack" attr:novalidate=true>
                <ReturnHere/>
                <SentOnce/>
                <FormError error=action_error(action)/>
                <input type="hidden" name="committee" value=committee/>
                <div class="field">
                    <label for="goal-theme">{t("goal-theme")}</label>
                    <select id="goal-theme" name="theme">
                        {GoalTheme::ALL.into_iter().map(|th| view! { <option value=th.as_str()>{lang.t(&th.label_key())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="goal-title">{t("goal-title")}</label>
                    <input id="goal-title" name="title" type="text" maxlength="200" required/>
                </div>
                <div class="field">
                    <label for="goal-description">{t("goal-description")}</label>
                    <textarea id="goal-description" name="description" rows="3" maxlength="5000"></textarea>
                </div>
                <div class="field">
                    <label for="goal-first-year">{t("goal-first-year")}</label>
                    <input id="goal-first-year" name="first_year" type="number" inputmode="numeric" value=year.to_string()/>
                </div>
                <div class="field">
                    <label for="goal-length">{t("goal-length")}</label>
                    <select id="goal-length" name="years">
                        <option value="1">{t("goal-length-1")}</option>
                        <option value="2">{t("goal-length-2")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="goal-parent">{t("goal-parent")}</label>
                    <p id="goal-parent-help" class="help">{t("goal-parent-help")}</p>
                    <select id="goal-parent" name="parent" aria-describedby="goal-parent-help">
                        <option value="">{t("goal-parent-none")}</option>
                        {above.into_iter().map(|g| view! { <option value=g.id.clone()>{format!("{} – {}", g.committee_name, g.title)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="goal-reason">{t("goal-added-reason")}</label>
                    <p id="goal-reason-help" class="help">{t("goal-added-reason-help")}</p>
                    <textarea id="goal-reason" name="reason" rows="2" maxlength="5000" aria-describedby="goal-reason-help"></textarea>
                </div>
                <button type="submit" class="button">{t("goal-create")}</button>
            </ActionForm>
        </section>
    }
}

#[derive(Clone, Copy)]
struct DiscussionActions {
    save: ServerAction<SaveDiscussion>,
    step: ServerAction<DiscussionStep>,
}

/// `/committees/:id/discussion/:year`
#[component]
pub fn DiscussionPage() -> impl IntoView {
    let params = use_params_map();
    let actions = DiscussionActions {
        save: ServerAction::<SaveDiscussion>::new(),
        step: ServerAction::<DiscussionStep>::new(),
    };
    let page = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                params.with(|p| p.get("year").unwrap_or_default()),
                actions.save.version().get(),
                actions.step.version().get(),
            )
        },
        |(id, year, ..)| load_discussion(id, year),
    );
    view! {
        <Title text=t("discussion-title-short")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(d) => view! { <Discussion d actions/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The committee's fields, in order: (form name, label key).
pub const FIELDS: [(&str, &str); 9] = [
    ("meeting_on", "discussion-meeting-on"),
    ("participants", "discussion-participants"),
    ("evaluation", "discussion-evaluation"),
    ("worked", "discussion-worked"),
    ("expected", "discussion-expected"),
    ("challenges", "discussion-challenges"),
    ("cooperation", "discussion-cooperation"),
    ("competence", "discussion-competence"),
    ("decisions", "discussion-decisions"),
];

/// A field of the committee's words as the document shows it: the meeting's
/// date written out in the language, "—" for nothing written.
pub fn field_shown(lang: Lang, f: &crate::model::DiscussionFields, name: &str) -> String {
    let v = field_value(f, name);
    if v.is_empty() {
        "—".to_owned()
    } else if name == "meeting_on" {
        lang.date(&v)
    } else {
        v
    }
}

pub fn field_value(f: &crate::model::DiscussionFields, name: &str) -> String {
    match name {
        "meeting_on" => f.meeting_on.clone(),
        "participants" => f.participants.clone(),
        "evaluation" => f.evaluation.clone(),
        "worked" => f.worked.clone(),
        "expected" => f.expected.clone(),
        "challenges" => f.challenges.clone(),
        "cooperation" => f.cooperation.clone(),
        "competence" => f.competence.clone(),
        _ => f.decisions.clone(),
    }
}

/// A document table as an HTML table: caption, column headings, a row
/// heading per row.
#[component]
fn DocTableView(table: DocTable) -> impl IntoView {
    let columns = table.columns.clone();
    let name = table.caption.clone();
    // A wide table scrolls sideways on a phone: the region takes keyboard
    // focus so it can be scrolled without a pointer, and is named by its
    // caption.
    view! {
        <div class="table-scroll" role="region" aria-label=name tabindex="0">
            <table class="data-table compact doc-table">
                <caption>{table.caption}</caption>
                <thead>
                    <tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {table.rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.heading}</th>
                            {r.cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The signature block: a row per role, the date and signature left empty
/// for pen and paper.
pub fn signature_table(lang: Lang, roles: Vec<String>) -> DocTable {
    DocTable {
        caption: lang.t("doc-signatures-caption"),
        columns: vec![
            lang.t("doc-col-role"),
            lang.t("doc-sign-date"),
            lang.t("doc-sign-name"),
        ],
        rows: roles
            .into_iter()
            .map(|heading| DocRow {
                heading,
                cells: vec![String::new(), String::new()],
            })
            .collect(),
    }
}

/// The document's chart as the site's trend chart.
fn chart_series(i: usize, c: DocChart) -> TrendSeries {
    let hidden = c.hidden;
    TrendSeries {
        dimension: format!("doc-{i}"),
        name: c.title,
        sensitive: false,
        points: c
            .rounds
            .into_iter()
            .zip(c.tenths)
            .enumerate()
            .map(|(n, (round_name, t))| TrendPoint {
                round_id: String::new(),
                round_name,
                score: t.map(|t| f64::from(t) / 10.0),
                // Hidden, said without a threshold (the document's notes give it).
                hidden: hidden
                    .get(n)
                    .copied()
                    .unwrap_or(false)
                    .then_some(Hidden::WouldReveal { k: 0 }),
            })
            .collect(),
    }
}

#[component]
fn Document(doc: AnnualDocument) -> impl IntoView {
    let lang = Lang::parse(&doc.lang).unwrap_or_default();
    let signatures = doc.signatures.clone();
    view! {
        <div class="document" lang=doc.lang.clone() data-testid="document">
            {doc.sections.into_iter().map(|s| {
                let empty = s.is_empty();
                let has_charts = !s.charts.is_empty();
                view! {
                    <section class="doc-section">
                        <h2>{s.heading}</h2>
                        {empty.then(|| view! { <p class="note">{s.empty.clone()}</p> })}
                        {s.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                        {s.tables.into_iter().map(|t| view! { <DocTableView table=t/> }).collect_view()}
                        {s.grid.map(|g| {
                            let points: Vec<GridPoint> = g.points.into_iter().map(|(label, title, likelihood, consequence)| GridPoint { label, title, likelihood, consequence }).collect();
                            view! {
                                <h3>{lang.t("doc-grid-title")}</h3>
                                <RiskGrid points=points testid="doc-grid" lang=lang/>
                                <p class="note">{lang.t("doc-grid-note")}</p>
                            }
                        })}
                        <dl class="doc-lines">
                            {s.lines.into_iter().map(|l| view! { <dt>{l.label}</dt><dd>{l.text}</dd> }).collect_view()}
                        </dl>
                        {has_charts.then(|| view! { <h3>{lang.t("doc-trends")}</h3> })}
                        <div class="trend-grid">
                            {s.charts.into_iter().enumerate().map(|(i, c)| view! { <TrendChart series=chart_series(i, c) lang=lang/> }).collect_view()}
                        </div>
                        {s.notes.into_iter().map(|n| view! { <p class="note">{n}</p> }).collect_view()}
                    </section>
                }
            }).collect_view()}
            <section class="doc-section" data-testid="document-fields">
                <h2>{lang.t("discussion-fields")}</h2>
                <dl class="doc-lines">
                    {FIELDS.iter().map(|(name, key)| {
                        view! { <dt>{lang.t(key)}</dt><dd>{field_shown(lang, &doc.fields, name)}</dd> }
                    }).collect_view()}
                </dl>
            </section>
            {doc.signed.map(|s| view! { <p class="signed" data-testid="signed">{s}</p> })}
            {(!signatures.is_empty()).then(|| view! {
                <section class="doc-section doc-signatures" data-testid="signatures">
                    <h2>{lang.t("doc-signatures")}</h2>
                    <DocTableView table=signature_table(lang, signatures)/>
                </section>
            })}
        </div>
    }
}

#[component]
fn Discussion(d: DiscussionView, actions: DiscussionActions) -> impl IntoView {
    let lang = use_lang();
    let locked = d.state == DiscussionState::Locked;
    let committee = d.committee.id.clone();
    let year = d.year.to_string();
    let pdf = format!("/committees/{}/discussion/{}/pdf", committee, d.year);
    let fields = d.document.fields.clone();
    let (c1, c2, c3, y1, y2, y3) = (
        committee.clone(),
        committee.clone(),
        committee.clone(),
        year.clone(),
        year.clone(),
        year.clone(),
    );
    view! {
        <nav aria-label=t("follow-up-breadcrumbs") class="breadcrumbs no-print">
            <ol>
                <li><a href="/committees">{t("committees-title")}</a></li>
                <li><a href=format!("/committees/{committee}?year={}", d.year)>{d.committee.name.clone()}</a></li>
            </ol>
        </nav>
        <h1 lang=d.document.lang.clone()>{d.document.title.clone()}</h1>
        <p lang=d.document.lang.clone()>{d.document.subtitle.clone()}</p>
        <p data-testid="discussion-state">
            <strong>{lang.t(&d.state.label_key())}</strong>
            {(d.state == DiscussionState::Prepared && d.material_sent).then(|| format!(" · {}", lang.t("discussion-material-sent")))}
        </p>
        <p class="no-print"><a href=pdf download>{t("discussion-pdf")}</a></p>
        <FormError error=action_error(actions.step)/>
        <Document doc=d.document.clone()/>
        {(!locked).then(move || view! {
            <section aria-labelledby="discussion-form-h" class="no-print">
                <h2 id="discussion-form-h">{t("discussion-write")}</h2>
                <ActionForm action=actions.save attr:class="stack" attr:novalidate=true>
                    <ReturnHere/>
                    <FormError error=action_error(actions.save)/>
                    <input type="hidden" name="committee" value=c1/>
                    <input type="hidden" name="year" value=y1/>
                    {FIELDS.iter().map(|(name, key)| {
                        let id = format!("discussion-{name}");
                        let value = field_value(&fields, name);
                        if *name == "meeting_on" {
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{t(key)}</label>
                                    <input id=id name=*name type="date" value=value/>
                                </div>
                            }.into_any()
                        } else {
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{t(key)}</label>
                                    <textarea id=id name=*name rows="3" maxlength="5000">{value}</textarea>
                                </div>
                            }.into_any()
                        }
                    }).collect_view()}
                    <button type="submit" class="button">{t("discussion-save")}</button>
                </ActionForm>
                <div class="actions">
                    {(d.state == DiscussionState::Draft).then(|| view! {
                        <ActionForm action=actions.step attr:class="inline-form">
                            <ReturnHere/>
                            <input type="hidden" name="committee" value=c2.clone()/>
                            <input type="hidden" name="year" value=y2.clone()/>
                            <input type="hidden" name="step" value="prepare"/>
                            <button type="submit" class="button secondary">{t("discussion-prepare")}</button>
                        </ActionForm>
                    })}
                    <ActionForm action=actions.step attr:class="inline-form">
                        <ReturnHere/>
                        <input type="hidden" name="committee" value=c3/>
                        <input type="hidden" name="year" value=y3/>
                        <input type="hidden" name="step" value="lock"/>
                        <button type="submit" class="button">{t("discussion-lock")}</button>
                    </ActionForm>
                </div>
                <p class="note">{t("discussion-lock-help")}</p>
            </section>
        })}
    }
}
