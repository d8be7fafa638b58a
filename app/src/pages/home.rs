use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The front page: what Trivsel is and the promise it makes.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=t("home-title")/>
        <h1>{t("home-heading")}</h1>
        <p class="lead">{t("home-lead")}</p>
        <section aria-labelledby="promise-heading">
            <h2 id="promise-heading">{t("home-promise-heading")}</h2>
            <ul>
                <li>{t("home-promise-1")}</li>
                <li>{t("home-promise-2")}</li>
                <li>{t("home-promise-3")}</li>
            </ul>
        </section>
        <p><A href="/login">{t("home-staff-login")}</A></p>
    }
}
