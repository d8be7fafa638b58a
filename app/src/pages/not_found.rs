use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::components::set_page_status(404);
    view! {
        <Title text=t("not-found-title")/>
        <h1>{t("not-found-title")}</h1>
        <p>{t("not-found-body")}</p>
        <p><A href="/">{t("not-found-home")}</A></p>
    }
}
