//! Setting one's own password from an e-mailed link, and asking for such a
//! link when the password is forgotten. Plain form posts without
//! JavaScript; the token travels in the path so that a refused form comes
//! back to the same link.

use crate::{
    api::auth::{password_link, ForgotPassword, SetPassword},
    components::form::{action_error, FormError, ReturnHere},
    i18n::{t, use_lang},
    pages::org::ErrorPage,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/password/new/:token`: choose a password.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let holder = Resource::new(token, password_link);
    let set = ServerAction::<SetPassword>::new();
    let error = action_error(set);
    let lang = use_lang();
    view! {
        <Title text=t("password-set-title")/>
        <h1>{t("password-set-title")}</h1>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match holder.await {
                    Ok(Some(name)) => view! {
                        <p>{lang.t_args("password-set-intro", &[("name", name.into())])}</p>
                        <ActionForm action=set attr:class="stack" attr:novalidate="">
                            <FormError error/>
                            <ReturnHere/>
                            <input type="hidden" name="token" value=token()/>
                            <NewPasswordFields/>
                            <button type="submit" class="button">{t("password-set-submit")}</button>
                        </ActionForm>
                    }
                    .into_any(),
                    Ok(None) => view! {
                        <p>{t("password-link-dead")}</p>
                        <p><a href="/password/forgot">{t("password-forgot-link")}</a></p>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A new password and the same again, with the rules beside it (setting
/// one by a link, and changing one's own).
#[component]
pub fn NewPasswordFields() -> impl IntoView {
    view! {
        <div class="field">
            <label for="password-new">{t("password-new")}</label>
            <input
                id="password-new"
                type="password"
                name="password"
                autocomplete="new-password"
                aria-describedby="password-new-help"
                required
            />
            <p class="note" id="password-new-help">{t("password-rules")}</p>
        </div>
        <div class="field">
            <label for="password-again">{t("password-again")}</label>
            <input
                id="password-again"
                type="password"
                name="password_again"
                autocomplete="new-password"
                required
            />
        </div>
    }
}

/// `/password/forgot`: ask for a reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let ask = ServerAction::<ForgotPassword>::new();
    let error = action_error(ask);
    let query = use_query_map();
    let sent = move || {
        query.with(|q| q.get("sent").is_some()) || matches!(ask.value().get(), Some(Ok(())))
    };
    view! {
        <Title text=t("password-forgot-title")/>
        <h1>{t("password-forgot-title")}</h1>
        <div role="status" class="saved">
            {move || sent().then(|| view! { <p>{t("password-forgot-sent")}</p> })}
        </div>
        <p>{t("password-forgot-intro")}</p>
        <ActionForm action=ask attr:class="stack" attr:novalidate="">
            <FormError error/>
            <ReturnHere/>
            <div class="field">
                <label for="forgot-email">{t("login-email")}</label>
                <input id="forgot-email" type="email" name="email" autocomplete="username" required/>
            </div>
            <button type="submit" class="button">{t("password-forgot-submit")}</button>
        </ActionForm>
        <p><a href="/login">{t("password-back-to-login")}</a></p>
    }
}
