//! `/accessibility`: the accessibility statement that Danish and Swedish
//! public bodies must publish for a website (Directive (EU) 2016/2102 and
//! the countries' laws implementing it), linked from every page's footer.
//! What it says about Trivsel is the developers' assessment
//! ([`crate::api::statement::ASSESSED_ON`]); the organisation, the address
//! and the contact are this instance's.

use crate::{
    api::statement::load_accessibility_facts,
    i18n::{t, use_lang},
    model::AccessibilityFacts,
    pages::org::ErrorPage,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let facts = Resource::new(|| (), |_| load_accessibility_facts());
    view! {
        <Title text=t("a11y-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match facts.await {
                    Ok(f) => view! { <Statement f/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Statement(f: AccessibilityFacts) -> impl IntoView {
    let lang = use_lang();
    let org = if f.organisation.is_empty() {
        lang.t("a11y-the-organisation")
    } else {
        f.organisation.clone()
    };
    let feedback = match &f.contact {
        Some(c) => lang.t_args("a11y-feedback-contact", &[("contact", c.clone().into())]),
        None => lang.t_args("a11y-feedback-none", &[("org", org.clone().into())]),
    };
    view! {
        <h1>{t("a11y-title")}</h1>
        <p>{lang.t_args("a11y-intro", &[("org", org.clone().into()), ("url", f.url.clone().into())])}</p>
        <h2>{t("a11y-status-h")}</h2>
        <p data-testid="a11y-status">{t("a11y-status")}</p>
        <h2>{t("a11y-missing-h")}</h2>
        <ul>
            <li>{t("a11y-missing-pdf")}</li>
        </ul>
        <h2>{t("a11y-method-h")}</h2>
        <p>{lang.t_args("a11y-method", &[("date", f.assessed_on.clone().into())])}</p>
        <h2>{t("a11y-feedback-h")}</h2>
        <p data-testid="a11y-feedback">{feedback}</p>
        <h2>{t("a11y-enforcement-h")}</h2>
        <p>{t("a11y-enforcement")}</p>
    }
}
