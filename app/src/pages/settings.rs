use crate::{
    api::admin::{load_thresholds, SaveThresholds},
    components::form::{action_error, FormError, ReturnHere},
    error::AppError,
    i18n::{t, use_lang},
    model::Thresholds,
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The organisation's minimum group sizes. The rules are shown here and
/// enforced again by the server and by the database.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveThresholds>::new();
    let current = Resource::new(move || save.version().get(), |_| load_thresholds());
    view! {
        <Title text=t("settings-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match current.await {
                    Ok(th) => view! { <ThresholdForm current=th save/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ThresholdForm(current: Thresholds, save: ServerAction<SaveThresholds>) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let saved = move || {
        query.with(|q| q.get("saved").is_some()) || matches!(save.value().get(), Some(Ok(())))
    };
    let field = move |id: &'static str,
                      name: &'static str,
                      label: &'static str,
                      help: &'static str,
                      value: i64| {
        view! {
            <div class="field">
                <label for=id>{lang.t(label)}</label>
                <input
                    id=id
                    type="number"
                    name=name
                    min=Thresholds::MIN
                    max=Thresholds::MAX
                    step="1"
                    value=value
                    required
                    aria-describedby=format!("{id}-help")
                />
                <p id=format!("{id}-help") class="note">{lang.t(help)}</p>
            </div>
        }
    };
    view! {
        <h1>{t("settings-title")}</h1>
        <p>{t("settings-intro")}</p>
        <div role="status" class="saved">
            {move || saved().then(|| view! { <p>{t("settings-saved")}</p> })}
        </div>
        <ActionForm action=save attr:class="stack" attr:novalidate="">
            <FormError error=action_error(save)/>
            <ReturnHere/>
            {field("k-score", "k_score", "settings-k-score", "settings-k-score-help", current.k_score)}
            {field("k-comment", "k_comment", "settings-k-comment", "settings-k-comment-help", current.k_comment)}
            {field("k-sensitive", "k_sensitive", "settings-k-sensitive", "settings-k-sensitive-help", current.k_sensitive)}
            <button type="submit" class="button">{t("settings-save")}</button>
        </ActionForm>
    }
}
