use crate::{
    api::auth::Login,
    components::form::{action_error, FormError, ReturnHere},
    i18n::t,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Staff sign-in. A plain form post without JavaScript; with wasm the same
/// server function is called in place.
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    view! {
        <Title text=t("login-title")/>
        <h1>{t("login-title")}</h1>
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
        <p class="note">{t("login-employees-note")}</p>
    }
}
