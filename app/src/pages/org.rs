use crate::{
    api::org::load_org_overview,
    error::AppError,
    i18n::{t, use_lang},
    model::OrgOverview,
    pages::overview::SignInFirst,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The organisation tree with headcounts and the units below the threshold.
#[component]
pub fn OrgPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| load_org_overview());
    view! {
        <Title text=t("org-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <OrgTree overview=o/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrgTree(overview: OrgOverview) -> impl IntoView {
    let lang = use_lang();
    let k = overview.k_score;
    view! {
        <h1>{t("org-title")}</h1>
        <p>{lang.t_args("org-threshold-note", &[("k", k.into())])}</p>
        <table class="data-table">
            <caption>{overview.organisation.clone()}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("org-col-unit")}</th>
                    <th scope="col">{t("org-col-code")}</th>
                    <th scope="col" class="num">{t("org-col-direct")}</th>
                    <th scope="col" class="num">{t("org-col-total")}</th>
                    <th scope="col">{t("org-col-status")}</th>
                </tr>
            </thead>
            <tbody>
                {overview
                    .units
                    .into_iter()
                    .map(|u| {
                        let below = u.direct > 0 && u.direct < k;
                        let status = if u.closed {
                            lang.t("org-status-closed")
                        } else if below {
                            lang.t("org-status-below")
                        } else {
                            String::new()
                        };
                        let indent = format!("depth-{}", u.depth.min(6));
                        view! {
                            <tr class:below=below>
                                <th scope="row" class=indent>
                                    <A href=format!("/organisation/unit/{}", u.id)>{u.name}</A>
                                </th>
                                <td>{u.code}</td>
                                <td class="num">{u.direct}</td>
                                <td class="num">{u.total}</td>
                                <td>{status}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let lang = use_lang();
    crate::components::set_page_status(error.status());
    view! {
        <h1>{t("error-title")}</h1>
        <p role="alert">{error.message(lang)}</p>
    }
}
