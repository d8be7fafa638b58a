//! The signed-in person's own account: who they are signed in as, and
//! changing their password.

use crate::{
    api::{
        auth::{current_user, ChangePassword},
        two_step::{two_step_status, BeginTwoStep, TurnOffTwoStep, TwoStepState},
    },
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
    let turn_off = ServerAction::<TurnOffTwoStep>::new();
    let status = Resource::new(move || turn_off.version().get(), |_| two_step_status());
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
                        {status.await.ok().map(|s| view! { <TwoStep s turn_off/> })}
                    }
                    .into_any(),
                    Ok(None) | Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Two-step sign-in on one's own account: its state, new recovery codes
/// (once), setting up an app, turning it off where the role allows.
#[component]
fn TwoStep(s: TwoStepState, turn_off: ServerAction<TurnOffTwoStep>) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let begin = ServerAction::<BeginTwoStep>::new();
    let off_error = action_error(turn_off);
    view! {
        <h2>{t("account-two-step")}</h2>
        {(!s.new_recovery_codes.is_empty()).then(|| view! {
            <div class="notice" role="status">
                <h3>{t("account-recovery-codes")}</h3>
                <p>{t("account-recovery-codes-intro")}</p>
                <ul class="recovery-codes" data-testid="recovery-codes">
                    {s.new_recovery_codes.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}
                </ul>
            </div>
        })}
        <p>{if s.on { t("account-two-step-on") } else { t("account-two-step-off") }}</p>
        {s.required.then(|| view! { <p>{t("account-two-step-required")}</p> })}
        {s.on.then(|| view! {
            <p>{lang.t_args("account-two-step-left", &[("n", s.recovery_codes_left.into())])}</p>
        })}
        <ActionForm action=begin attr:class="inline-form">
            <ReturnHere/>
            <button type="submit" class="button">
                {if s.on { t("account-two-step-replace") } else { t("account-two-step-set-up") }}
            </button>
        </ActionForm>
        {(s.on && !s.required).then(|| view! {
            <ActionForm action=turn_off attr:class="stack" attr:novalidate="">
                <FormError error=off_error/>
                <ReturnHere/>
                <div class="field">
                    <label for="two-step-current">{t("account-password-current")}</label>
                    <input id="two-step-current" type="password" name="current" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="button">{t("account-two-step-turn-off")}</button>
            </ActionForm>
        })}
    }
}
