use crate::{
    api::auth::{sign_in_options, Login, SignInWays},
    components::form::{action_error, FormError, ReturnHere},
    i18n::t,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Staff sign-in: through the organisation's identity provider (a plain
/// link) and/or with a password (a plain form post without JavaScript; with
/// wasm the same server function is called in place).
#[component]
pub fn LoginPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| sign_in_options());
    let query = use_query_map();
    // Back from setting a password by an e-mailed link.
    let password_set = move || query.with(|q| q.get("password").as_deref() == Some("set"));
    // Back from the identity provider without being let in.
    let provider_refused = move || {
        query.with(|q| match q.get("provider").as_deref() {
            Some("no-account") => Some("login-provider-no-account"),
            Some(_) => Some("login-provider-failed"),
            None => None,
        })
    };
    view! {
        <Title text=t("login-title")/>
        <h1>{t("login-title")}</h1>
        <div role="status" class="saved">
            {move || password_set().then(|| view! { <p>{t("password-set-done")}</p> })}
        </div>
        {move || {
            provider_refused()
                .map(|key| view! { <p class="form-error" role="alert">{t(key)}</p> })
        }}
        <p>{t("login-intro")}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let o = options
                    .await
                    .unwrap_or(SignInWays { passwords: true, provider: false });
                view! {
                    {o.provider.then(|| view! {
                        <p>
                            <a class="button" href="/auth/provider" rel="external" data-testid="provider-sign-in">
                                {t("login-provider")}
                            </a>
                        </p>
                    })}
                    {(o.provider && o.passwords).then(|| view! {
                        <h2 class="or-password">{t("login-or-password")}</h2>
                    })}
                    {o.passwords.then(PasswordForm)}
                }
            })}
        </Suspense>
        <p class="note">{t("login-employees-note")}</p>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    view! {
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
    }
}
