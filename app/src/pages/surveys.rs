//! Administrators' survey pages: the list of surveys with their rounds, the
//! new-survey form (items from the bank, units, schedule, rotation), and a
//! round's page (progress, code cards, closing).

use crate::{
    api::surveys::{
        load_round, load_survey_form, load_surveys, CloseRound, CreateSurvey, StopSurvey,
    },
    components::form::{action_error, FormError, ReturnHere, SentOnce},
    error::AppError,
    i18n::{t, use_lang},
    model::{CardPrinting, RoundPageData, RoundSummary, SurveyForm, SurveySummary},
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

#[component]
pub fn SurveysPage() -> impl IntoView {
    let stop = ServerAction::<StopSurvey>::new();
    let page = Resource::new(move || stop.version().get(), |_| load_surveys());
    view! {
        <Title text=t("surveys-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! {
                        <h1>{t("surveys-title")}</h1>
                        <p>{t("surveys-intro")}</p>
                        <p class="actions">
                            <A href="/surveys/new" attr:class="button">{t("surveys-new")}</A>
                            " "
                            <A href="/surveys/questions">{t("questions-title")}</A>
                        </p>
                        <FormError error=action_error(stop)/>
                        {p.surveys.is_empty().then(|| view! { <p>{t("surveys-none")}</p> })}
                        {p.surveys.into_iter().map(|s| view! { <SurveyCard s stop/> }).collect_view()}
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SurveyCard(s: SurveySummary, stop: ServerAction<StopSurvey>) -> impl IntoView {
    let lang = use_lang();
    let schedule = match s.every_weeks {
        Some(w) => lang.t_args("surveys-every", &[("weeks", w.into())]),
        None => lang.t("surveys-once"),
    };
    let rotation = s.per_round.map(|n| {
        lang.t_args(
            "surveys-rotation",
            &[("n", n.into()), ("total", (s.items as i64).into())],
        )
    });
    let heading = format!("survey-{}", s.id);
    let labelled_by = heading.clone();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{s.name.clone()}</h2>
            <p>
                {schedule}
                {rotation.map(|r| format!(" · {r}"))}
                " · "
                {lang.t_args("surveys-open-days", &[("days", s.open_days.into())])}
            </p>
            <p>{t("surveys-units")} ": " {s.units.join(", ")}</p>
            {s.next_open.clone().map(|d| view! {
                <p>{lang.t_args("surveys-next", &[("date", d.into())])}</p>
            })}
            {s.stopped.then(|| view! { <p><strong>{t("surveys-stopped")}</strong></p> })}
            {(!s.rounds.is_empty()).then(|| view! { <RoundTable rounds=s.rounds.clone()/> })}
            {(!s.stopped).then(|| view! {
                <ActionForm action=stop attr:class="inline-form">
                    <ReturnHere/>
                    <input type="hidden" name="id" value=s.id.clone()/>
                    <button type="submit" class="link-button">{t("surveys-stop")}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn RoundTable(rounds: Vec<RoundSummary>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="data-table">
            <caption>{t("rounds-caption")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("rounds-name")}</th>
                    <th scope="col">{t("rounds-opened")}</th>
                    <th scope="col">{t("rounds-closes")}</th>
                    <th scope="col">{t("rounds-answered")}</th>
                </tr>
            </thead>
            <tbody>
                {rounds
                    .into_iter()
                    .map(|r| {
                        let closes = if r.closed {
                            lang.t("rounds-closed")
                        } else {
                            r.closes.clone().unwrap_or_default()
                        };
                        view! {
                            <tr>
                                <th scope="row">
                                    <A href=format!("/surveys/round/{}", r.id)>{r.name.clone()}</A>
                                </th>
                                <td>{r.opened.clone()}</td>
                                <td>{closes}</td>
                                <td>{format!("{} / {}", r.answered, r.invited)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn NewSurveyPage() -> impl IntoView {
    let create = ServerAction::<CreateSurvey>::new();
    let form = Resource::new(|| (), |_| load_survey_form());
    view! {
        <Title text=t("survey-new-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(f) => view! { <NewSurveyForm form=f create/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewSurveyForm(form: SurveyForm, create: ServerAction<CreateSurvey>) -> impl IntoView {
    let lang = use_lang();
    // Indices make each checkbox its own form key (items[3]=…), which the
    // server-function form decoding reads as a list.
    let mut index = 0usize;
    let dimensions = form
        .bank
        .into_iter()
        .enumerate()
        .map(|(d, dim)| {
            let legend = if dim.sensitive {
                format!("{} ({})", dim.dimension, lang.t("survey-sensitive"))
            } else {
                dim.dimension.clone()
            };
            let items = dim
                .items
                .into_iter()
                .map(|(id, text, chosen)| {
                    index += 1;
                    let input_id = format!("item-{d}-{id}");
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=input_id.clone() name=format!("items[{index}]") value=id checked=chosen/>
                            <label for=input_id>{text}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="item-group">
                    <legend>{legend}</legend>
                    {items}
                </fieldset>
            }
        })
        .collect_view();
    let units = form
        .units
        .into_iter()
        .enumerate()
        .map(|(i, (id, label))| {
            let input_id = format!("unit-{i}");
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=input_id.clone() name=format!("units[{i}]") value=id/>
                    <label for=input_id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <h1>{t("survey-new-title")}</h1>
        <p>{t("survey-new-intro")}</p>
        <ActionForm action=create attr:class="stack" attr:novalidate="">
            <FormError error=action_error(create)/>
            <ReturnHere/>
            <SentOnce/>
            <div class="field">
                <label for="survey-name">{t("survey-name")}</label>
                <input id="survey-name" name="name" type="text" maxlength="200" required/>
            </div>
            <fieldset class="item-group">
                <legend>{t("survey-units")}</legend>
                <p class="note">{t("survey-units-help")}</p>
                {units}
            </fieldset>
            <h2>{t("survey-items")}</h2>
            <p class="note">{t("survey-items-help")}</p>
            {dimensions}
            <h2>{t("survey-schedule")}</h2>
            <div class="field">
                <label for="survey-start">{t("survey-start")}</label>
                <input id="survey-start" name="start" type="date" aria-describedby="survey-start-help"/>
                <p id="survey-start-help" class="note">{t("survey-start-help")}</p>
            </div>
            <div class="field">
                <label for="survey-every">{t("survey-every")}</label>
                <input id="survey-every" name="every_weeks" type="number" min="1" max="52" step="1" aria-describedby="survey-every-help"/>
                <p id="survey-every-help" class="note">{t("survey-every-help")}</p>
            </div>
            <div class="field">
                <label for="survey-open-days">{t("survey-open-days")}</label>
                <input id="survey-open-days" name="open_days" type="number" min="1" max="60" step="1" value="14" required/>
            </div>
            <div class="field">
                <label for="survey-per-round">{t("survey-per-round")}</label>
                <input id="survey-per-round" name="per_round" type="number" min="1" step="1" aria-describedby="survey-per-round-help"/>
                <p id="survey-per-round-help" class="note">{t("survey-per-round-help")}</p>
            </div>
            <button type="submit" class="button">{t("survey-create")}</button>
        </ActionForm>
    }
}

/// A round: how many have answered, code cards to print, closing it early.
#[component]
pub fn RoundPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let close = ServerAction::<CloseRound>::new();
    let page = Resource::new(
        move || (id.clone(), close.version().get()),
        |(id, _)| load_round(id),
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => view! { <Round data close/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Round(data: RoundPageData, close: ServerAction<CloseRound>) -> impl IntoView {
    let RoundPageData {
        round,
        card_units,
        printings,
    } = data;
    let lang = use_lang();
    let progress = lang.t_args(
        "round-progress",
        &[
            ("answered", round.answered.into()),
            ("invited", round.invited.into()),
        ],
    );
    let cards_action = format!("/surveys/round/{}/cards", round.id);
    view! {
        <Title text=round.name.clone()/>
        <h1>{round.name.clone()}</h1>
        <p>{progress}</p>
        <p>
            {lang.t_args("round-items", &[("n", (round.items.len() as i64).into())])}
            " · "
            {if round.closed {
                lang.t("rounds-closed")
            } else {
                lang.t_args("round-closes", &[("date", round.closes.clone().unwrap_or_default().into())])
            }}
        </p>
        {(!round.closed).then(|| view! {
            <section aria-labelledby="cards-h">
                <h2 id="cards-h">{t("cards-title")}</h2>
                <p>{t("cards-intro")}</p>
                {if card_units.is_empty() {
                    view! { <p>{t("cards-none-left")}</p> }.into_any()
                } else {
                    // A plain form: the sheet is a separate printable
                    // document, and its codes exist nowhere else.
                    view! {
                        <form method="post" action=cards_action class="stack">
                            <div class="field">
                                <label for="cards-unit">{t("cards-unit")}</label>
                                <select id="cards-unit" name="unit" required>
                                    {card_units
                                        .into_iter()
                                        .map(|(id, label, left)| {
                                            let text = lang.t_args(
                                                "cards-places",
                                                &[("unit", label.into()), ("left", left.into())],
                                            );
                                            view! { <option value=id data-left=left.to_string()>{text}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="cards-count">{t("cards-count")}</label>
                                <input id="cards-count" name="count" type="number" min="1" max="500" step="1" value="1" required/>
                            </div>
                            <button type="submit" class="button">{t("cards-print")}</button>
                        </form>
                    }
                    .into_any()
                }}
            </section>
            <section aria-labelledby="close-h">
                <h2 id="close-h">{t("round-close-title")}</h2>
                <p>{t("round-close-intro")}</p>
                <ActionForm action=close attr:class="inline-form">
                    <FormError error=action_error(close)/>
                    <ReturnHere/>
                    <input type="hidden" name="id" value=round.id.clone()/>
                    <button type="submit" class="button secondary">{t("round-close")}</button>
                </ActionForm>
            </section>
        })}
        <section aria-labelledby="printed-h">
            <h2 id="printed-h">{t("cards-printed-title")}</h2>
            <p>{t("cards-printed-intro")}</p>
            <CardPrintings printings show_round=false/>
        </section>
        <p><A href="/surveys">{t("surveys-back")}</A></p>
    }
}

/// Every printing of code cards, as a table (A9: recorded and shown).
#[component]
pub fn CardPrintings(printings: Vec<CardPrinting>, show_round: bool) -> impl IntoView {
    if printings.is_empty() {
        return view! { <p>{t("cards-printed-none")}</p> }.into_any();
    }
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{t("cards-printed-title")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("cards-printed-when")}</th>
                    {show_round.then(|| view! { <th scope="col">{t("cards-printed-round")}</th> })}
                    <th scope="col">{t("cards-printed-unit")}</th>
                    <th scope="col">{t("cards-printed-count")}</th>
                    <th scope="col">{t("cards-printed-by")}</th>
                </tr>
            </thead>
            <tbody>
                {printings
                    .into_iter()
                    .map(|p| {
                        let by = p.by.unwrap_or_else(|| use_lang().t("cards-printed-by-server"));
                        view! {
                            <tr data-testid="card-printing">
                                <td>{p.day}</td>
                                {show_round.then(|| view! { <td>{p.round}</td> })}
                                <td>{p.unit}</td>
                                <td>{p.cards}</td>
                                <td>{by}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
