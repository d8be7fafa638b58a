use crate::{
    api::admin::{load_unit, AddUnit, CloseUnit, MovePerson, MoveUnit, RenameUnit, ReopenUnit},
    components::form::{action_error, FormError, ReturnHere, SentOnce},
    error::AppError,
    i18n::{t, use_lang},
    model::UnitDetail,
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

/// One unit: where it sits, its sub-units and headcount, its leaders, and for
/// administrators its people and the forms that change it.
#[component]
pub fn UnitPage() -> impl IntoView {
    let params = use_params_map();
    let rename = ServerAction::<RenameUnit>::new();
    let move_unit = ServerAction::<MoveUnit>::new();
    let add = ServerAction::<AddUnit>::new();
    let close = ServerAction::<CloseUnit>::new();
    let reopen = ServerAction::<ReopenUnit>::new();
    let move_person = ServerAction::<MovePerson>::new();
    let actions = Actions {
        rename,
        move_unit,
        add,
        close,
        reopen,
        move_person,
    };
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                rename.version().get(),
                move_unit.version().get(),
                close.version().get(),
                reopen.version().get(),
                move_person.version().get(),
            )
        },
        |(id, ..)| load_unit(id),
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Unit detail=d actions/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    rename: ServerAction<RenameUnit>,
    move_unit: ServerAction<MoveUnit>,
    add: ServerAction<AddUnit>,
    close: ServerAction<CloseUnit>,
    reopen: ServerAction<ReopenUnit>,
    move_person: ServerAction<MovePerson>,
}

#[component]
fn Unit(detail: UnitDetail, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let u = detail.unit.clone();
    let below = u.direct > 0 && u.direct < detail.k_score;
    let kind = lang.t(&format!("unit-kind-{}", u.kind));
    view! {
        <Title text=u.name.clone()/>
        <nav aria-label=t("unit-breadcrumbs") class="breadcrumbs">
            <ol>
                <li><A href="/organisation">{t("org-title")}</A></li>
                {detail
                    .path
                    .clone()
                    .into_iter()
                    .map(|(id, name)| {
                        view! { <li><A href=format!("/organisation/unit/{id}")>{name}</A></li> }
                    })
                    .collect_view()}
            </ol>
        </nav>
        <h1>{u.name.clone()}</h1>
        <dl class="facts">
            <dt>{t("unit-kind")}</dt>
            <dd>{kind}</dd>
            <dt>{t("org-col-code")}</dt>
            <dd>{u.code.clone()}</dd>
            <dt>{t("org-col-direct")}</dt>
            <dd data-testid="headcount-direct">{u.direct}</dd>
            <dt>{t("org-col-total")}</dt>
            <dd data-testid="headcount-total">{u.total}</dd>
            <dt>{t("unit-leaders")}</dt>
            <dd>
                {if detail.leaders.is_empty() {
                    t("unit-no-leaders")
                } else {
                    detail.leaders.join(", ")
                }}
            </dd>
        </dl>
        {below.then(|| view! {
            <p class="notice">{lang.t_args("unit-below-threshold", &[("k", detail.k_score.into())])}</p>
        })}
        {u.closed.then(|| view! { <p class="notice">{t("unit-closed-note")}</p> })}
        {(!detail.children.is_empty()).then(|| view! {
            <h2>{t("unit-children")}</h2>
            <ul class="unit-children">
                {detail
                    .children
                    .clone()
                    .into_iter()
                    .map(|c| view! {
                        <li>
                            <A href=format!("/organisation/unit/{}", c.id)>{c.name}</A>
                            " ("
                            {c.total}
                            ")"
                        </li>
                    })
                    .collect_view()}
            </ul>
        })}
        {detail.can_edit.then(|| view! { <AdminForms detail=detail.clone() actions/> })}
    }
}

#[component]
fn AdminForms(detail: UnitDetail, actions: Actions) -> impl IntoView {
    let u = detail.unit.clone();
    let id = u.id.clone();
    let targets = detail.targets.clone();
    let people = detail.people.clone();
    let leavers = detail.leavers.clone();
    let months = detail.leaver_retention_months;
    let lang = use_lang();
    // A plain download (no script needed): the server's
    // `/organisation/people/{id}/export.json`, administrators only.
    let export = move |id: &str, name: &str| {
        let label = lang.t_args("person-export-label", &[("name", name.to_owned().into())]);
        view! {
            <a href=format!("/organisation/people/{id}/export.json") rel="external" download=""
                aria-label=label>{t("person-export")}</a>
        }
    };
    let options = move |exclude: Option<String>| {
        targets
            .iter()
            .filter(|(tid, _)| Some(tid) != exclude.as_ref())
            .map(|(tid, name)| view! { <option value=tid.clone()>{name.clone()}</option> })
            .collect_view()
    };
    let unit_options = options(Some(id.clone()));
    let (id_rename, id_move, id_add, id_state) = (id.clone(), id.clone(), id.clone(), id);
    let person_options = options(None);
    view! {
        <h2>{t("unit-people")}</h2>
        {if people.is_empty() {
            view! { <p>{t("unit-no-people")}</p> }.into_any()
        } else {
            view! {
                <table class="data-table">
                    <caption>{t("unit-people-caption")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("person-name")}</th>
                            <th scope="col">{t("person-employee-no")}</th>
                            <th scope="col">{t("person-email")}</th>
                            <th scope="col">{t("person-data")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {people
                            .iter()
                            .map(|p| view! {
                                <tr>
                                    <th scope="row">{p.name.clone()}</th>
                                    <td>{p.employee_no.clone()}</td>
                                    <td>{if p.has_email { t("yes") } else { t("no") }}</td>
                                    <td>{export(&p.id, &p.name)}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <h3>{t("unit-move-person")}</h3>
                <ActionForm action=actions.move_person attr:class="stack">
                    <FormError error=action_error(actions.move_person)/>
                    <ReturnHere/>
                    <div class="field">
                        <label for="move-person">{t("person-name")}</label>
                        <select id="move-person" name="person">
                            {people
                                .iter()
                                .map(|p| view! {
                                    <option value=p.id.clone()>{format!("{} ({})", p.name, p.employee_no)}</option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="move-person-to">{t("unit-move-to")}</label>
                        <select id="move-person-to" name="unit">{person_options}</select>
                    </div>
                    <button type="submit" class="button">{t("unit-move-person-submit")}</button>
                </ActionForm>
            }
            .into_any()
        }}
        {(!leavers.is_empty()).then(|| view! {
            <h2>{t("unit-leavers")}</h2>
            <p>{lang.t_args("unit-leavers-intro", &[("months", months.into())])}</p>
            <table class="data-table">
                <caption>{t("unit-leavers-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("person-name")}</th>
                        <th scope="col">{t("person-employee-no")}</th>
                        <th scope="col">{t("person-left-on")}</th>
                        <th scope="col">{t("person-erased-on")}</th>
                        <th scope="col">{t("person-data")}</th>
                    </tr>
                </thead>
                <tbody>
                    {leavers
                        .iter()
                        .map(|p| view! {
                            <tr>
                                <th scope="row">{p.name.clone()}</th>
                                <td>{p.employee_no.clone()}</td>
                                <td>{lang.date(&p.left_on)}</td>
                                <td>{lang.date(&p.erased_on)}</td>
                                <td>{export(&p.id, &p.name)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        })}
        <h2>{t("unit-change")}</h2>
        <ActionForm action=actions.rename attr:class="stack">
            <FormError error=action_error(actions.rename)/>
            <ReturnHere/>
            <input type="hidden" name="id" value=id_rename/>
            <div class="field">
                <label for="rename-name">{t("unit-new-name")}</label>
                <input id="rename-name" type="text" name="name" value=u.name.clone() required maxlength="200"/>
            </div>
            <button type="submit" class="button">{t("unit-rename-submit")}</button>
        </ActionForm>
        {u.parent_id.is_some().then(|| view! {
            <ActionForm action=actions.move_unit attr:class="stack">
                <FormError error=action_error(actions.move_unit)/>
                <ReturnHere/>
                <input type="hidden" name="id" value=id_move/>
                <div class="field">
                    <label for="move-unit-to">{t("unit-move-under")}</label>
                    <select id="move-unit-to" name="parent">{unit_options}</select>
                </div>
                <button type="submit" class="button">{t("unit-move-submit")}</button>
            </ActionForm>
        })}
        <ActionForm action=actions.add attr:class="stack">
            <FormError error=action_error(actions.add)/>
            <ReturnHere/>
            <SentOnce/>
            <input type="hidden" name="parent" value=id_add/>
            <div class="field">
                <label for="add-code">{t("unit-new-code")}</label>
                <input id="add-code" type="text" name="code" required maxlength="64"/>
            </div>
            <div class="field">
                <label for="add-name">{t("unit-new-child-name")}</label>
                <input id="add-name" type="text" name="name" required maxlength="200"/>
            </div>
            <button type="submit" class="button">{t("unit-add-submit")}</button>
        </ActionForm>
        {if u.closed {
            view! {
                <ActionForm action=actions.reopen attr:class="stack">
                    <FormError error=action_error(actions.reopen)/>
                    <ReturnHere/>
                    <input type="hidden" name="id" value=id_state.clone()/>
                    <button type="submit" class="button secondary">{t("unit-reopen-submit")}</button>
                </ActionForm>
            }
            .into_any()
        } else {
            view! {
                <ActionForm action=actions.close attr:class="stack">
                    <FormError error=action_error(actions.close)/>
                    <ReturnHere/>
                    <input type="hidden" name="id" value=id_state.clone()/>
                    <p class="note">{t("unit-close-note")}</p>
                    <button type="submit" class="button secondary">{t("unit-close-submit")}</button>
                </ActionForm>
            }
            .into_any()
        }}
    }
}
