use crate::{
    api::auth::Login,
    components::form::{action_error, FormError, ReturnHere},
    i18n::t,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Staff sign-in. A plain form post without JavaScript; with wasm the same
/// server function is called in place.
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    // Back from setting a password by an e-mailed link.
    let query = use_query_map();
    let password_set = move || query.with(|q| q.get("password").as_deref() == Some("set"));
    view! {
        <Title text=t("login-title")/>
        <h1>{t("login-title")}</h1>
        <div role="status" class="saved">
            {move || password_set().then(|| view! { <p>{t("password-set-done")}</p> })}
        </div>
        <p>{t("login-intro")}</p>
        <ActionForm action=login attr:class="stack" attr:novalidate="">
            <FormError error/>
            <ReturnHere/>
            <div class="field">
                <label for="login-email">{t("login-email")}</label>
                <input id="login-email" type="email" name="email" autocomplete="username" required/>
            </div>
            <div class="field">
                <label for="login-password">{t("login-password")}</label>
                <input
                    id="login-password"
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                />
            </div>
            <button type="submit" class="button">{t("login-submit")}</button>
        </ActionForm>
        <p><a href="/password/forgot">{t("password-forgot-link")}</a></p>
        <p class="note">{t("login-employees-note")}</p>
    }
}
