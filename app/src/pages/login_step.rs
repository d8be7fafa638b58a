//! `/login/step`: the second step of signing in — a code from an
//! authenticator app, or setting one up first.

use crate::{
    api::two_step::{load_step, FinishStep, StepView},
    components::form::{action_error, FormError, ReturnHere},
    i18n::t,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginStepPage() -> impl IntoView {
    let step = Resource::new(|| (), |_| load_step());
    let finish = ServerAction::<FinishStep>::new();
    let error = action_error(finish);
    view! {
        <Title text=t("step-title")/>
        <h1>{t("step-title")}</h1>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match step.await.unwrap_or(StepView::Gone) {
                    StepView::Gone => view! {
                        <p>{t("step-gone")}</p>
                        <p><a href="/login">{t("step-sign-in-again")}</a></p>
                    }
                    .into_any(),
                    StepView::Code => view! {
                        <p id="step-help">{t("step-code-intro")}</p>
                        <CodeForm finish error submit="step-submit"/>
                    }
                    .into_any(),
                    StepView::Enrol { qr_svg, secret } => view! {
                        <p id="step-help">{t("step-enrol-intro")}</p>
                        <div class="qr" role="img" aria-label=t("step-qr-alt") inner_html=qr_svg></div>
                        <p>{t("step-secret")}</p>
                        <p><code class="secret" data-testid="totp-secret">{secret}</code></p>
                        <CodeForm finish error submit="step-enrol-submit"/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CodeForm(
    finish: ServerAction<FinishStep>,
    error: Signal<Option<crate::error::AppError>>,
    submit: &'static str,
) -> impl IntoView {
    view! {
        <ActionForm action=finish attr:class="stack" attr:novalidate="">
            <FormError error/>
            <ReturnHere/>
            <div class="field">
                <label for="step-code">{t("step-code")}</label>
                <input
                    id="step-code"
                    type="text"
                    name="code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength="24"
                    aria-describedby="step-help"
                    required
                />
            </div>
            <button type="submit" class="button">{t(submit)}</button>
        </ActionForm>
    }
}
