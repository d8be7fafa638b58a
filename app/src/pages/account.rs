//! The signed-in person's own account: who they are signed in as, and
//! changing their password.

use crate::{
    api::auth::{current_user, ChangePassword},
    components::form::{action_error, FormError, ReturnHere},
    error::AppError,
    i18n::t,
    pages::{org::ErrorPage, overview::SignInFirst, password::NewPasswordFields},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/account`.
#[component]
pub fn AccountPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_user());
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    let query = use_query_map();
    let changed = move || {
        query.with(|q| q.get("changed").is_some()) || matches!(change.value().get(), Some(Ok(())))
    };
    view! {
        <Title text=t("account-title")/>
        <h1>{t("account-title")}</h1>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(u)) => view! {
                        <p>{format!("{} <{}>", u.name, u.email)}</p>
                        <h2>{t("account-change-password")}</h2>
                        <div role="status" class="saved">
                            {move || changed().then(|| view! { <p>{t("account-password-changed")}</p> })}
                        </div>
                        <ActionForm action=change attr:class="stack" attr:novalidate="">
                            <FormError error/>
                            <ReturnHere/>
                            <div class="field">
                                <label for="password-current">{t("account-password-current")}</label>
                                <input
                                    id="password-current"
                                    type="password"
                                    name="current"
                                    autocomplete="current-password"
                                    required
                                />
                            </div>
                            <NewPasswordFields/>
                            <button type="submit" class="button">{t("account-password-submit")}</button>
                        </ActionForm>
                    }
                    .into_any(),
                    Ok(None) | Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
