use crate::{
    api::roles::{load_roles, Appoint, RevokeRole, SetAccountDisabled},
    components::form::{action_error, FormError, ReturnHere, SentOnce},
    error::AppError,
    i18n::{t, use_lang},
    model::{Role, RolesPage},
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Who holds which role, and the form to appoint someone.
#[component]
pub fn RolesPage() -> impl IntoView {
    let appoint = ServerAction::<Appoint>::new();
    let revoke = ServerAction::<RevokeRole>::new();
    let set_disabled = ServerAction::<SetAccountDisabled>::new();
    let page = Resource::new(
        move || {
            (
                appoint.version().get(),
                revoke.version().get(),
                set_disabled.version().get(),
            )
        },
        |_| load_roles(),
    );
    view! {
        <Title text=t("roles-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Roles page=p appoint revoke set_disabled/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Roles(
    page: RolesPage,
    appoint: ServerAction<Appoint>,
    revoke: ServerAction<RevokeRole>,
    set_disabled: ServerAction<SetAccountDisabled>,
) -> impl IntoView {
    let lang = use_lang();
    let units = page.units.clone();
    // An account with several roles has several rows; it is disabled or
    // enabled once, on its first.
    let mut listed = std::collections::HashSet::new();
    view! {
        <h1>{t("roles-title")}</h1>
        <p>{t("roles-intro")}</p>
        {page.new_account.clone().map(|email| view! {
            <div class="saved" role="status">
                <p data-testid="new-account">{lang.t_args("roles-new-account-link", &[("email", email.into())])}</p>
            </div>
        })}
        <FormError error=action_error(revoke)/>
        <FormError error=action_error(set_disabled)/>
        // On a phone the table scrolls by itself, never the page.
        <div class="table-scroll" tabindex="0" role="region" aria-label=t("roles-caption")>
        <table class="data-table roles">
            <caption>{t("roles-caption")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("person-name")}</th>
                    <th scope="col">{t("roles-col-role")}</th>
                    <th scope="col">{t("roles-col-scope")}</th>
                    <th scope="col"><span class="visually-hidden">{t("roles-col-actions")}</span></th>
                </tr>
            </thead>
            <tbody>
                {page
                    .roles
                    .into_iter()
                    .map(|r| {
                        let scope = match (&r.unit_name, &r.label) {
                            (Some(u), Some(l)) => format!("{l}: {u}"),
                            (Some(u), None) => u.clone(),
                            _ => lang.t("overview-scope-all"),
                        };
                        let who = format!("{} <{}>", r.name, r.email);
                        let first_row = listed.insert(r.account_id.clone());
                        let revoke_label = lang.t_args("roles-revoke-label", &[("name", r.name.clone().into())]);
                        let account_label = lang.t_args(
                            if r.disabled { "roles-enable-label" } else { "roles-disable-label" },
                            &[("name", r.name.clone().into())],
                        );
                        view! {
                            <tr>
                                <th scope="row">
                                    {who}
                                    {(!r.can_sign_in).then(|| view! { <br/><small>{t("roles-no-password")}</small> })}
                                    {r.disabled.then(|| view! { <br/><small><strong>{t("roles-disabled")}</strong></small> })}
                                </th>
                                <td>{lang.t(r.role.label_key())}</td>
                                <td>{scope}</td>
                                <td class="actions">
                                    <ActionForm action=revoke attr:class="inline-form">
                                        <ReturnHere/>
                                        <input type="hidden" name="id" value=r.id.clone()/>
                                        <button type="submit" class="link-button" aria-label=revoke_label>
                                            {t("roles-revoke")}
                                        </button>
                                    </ActionForm>
                                    {first_row.then(|| view! {
                                        <ActionForm action=set_disabled attr:class="inline-form">
                                            <ReturnHere/>
                                            <input type="hidden" name="account" value=r.account_id.clone()/>
                                            <input type="hidden" name="disabled" value=(!r.disabled).to_string()/>
                                            <button type="submit" class="link-button" aria-label=account_label>
                                                {if r.disabled { t("roles-enable") } else { t("roles-disable") }}
                                            </button>
                                        </ActionForm>
                                    })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
        <h2>{t("roles-appoint")}</h2>
        <ActionForm action=appoint attr:class="stack" attr:novalidate="">
            <FormError error=action_error(appoint)/>
            <ReturnHere/>
            <SentOnce/>
            <div class="field">
                <label for="appoint-email">{t("login-email")}</label>
                <input id="appoint-email" type="email" name="email" required autocomplete="off"/>
            </div>
            <div class="field">
                <label for="appoint-name">{t("roles-name-if-new")}</label>
                <input id="appoint-name" type="text" name="name" autocomplete="off" maxlength="200"/>
            </div>
            <div class="field">
                <label for="appoint-role">{t("roles-col-role")}</label>
                <select id="appoint-role" name="role">
                    {[Role::Leader, Role::Committee, Role::Handler, Role::Admin]
                        .into_iter()
                        .map(|r| view! { <option value=r.as_str()>{lang.t(r.label_key())}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="appoint-unit">{t("roles-unit")}</label>
                <select id="appoint-unit" name="unit" aria-describedby="appoint-unit-help">
                    <option value="">{t("roles-unit-none")}</option>
                    {units
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                        .collect_view()}
                </select>
                <p id="appoint-unit-help" class="note">{t("roles-unit-help")}</p>
            </div>
            <div class="field">
                <label for="appoint-label">{t("roles-label")}</label>
                <input id="appoint-label" type="text" name="label" maxlength="100"/>
            </div>
            <button type="submit" class="button">{t("roles-appoint-submit")}</button>
        </ActionForm>
    }
}
