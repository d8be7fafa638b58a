//! `/settings/audit`: what administrators changed, with who and when.

use crate::{
    api::audit::load_admin_audit,
    error::AppError,
    i18n::{t, use_lang},
    model::AdminAuditRow,
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| load_admin_audit());
    view! {
        <Title text=t("audit-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) => view! { <AuditLog rows/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditLog(rows: Vec<AdminAuditRow>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t("audit-title")}</h1>
        <p>{t("audit-intro")}</p>
        <p><a href="/settings/audit.csv" rel="external" download="">{t("audit-csv")}</a></p>
        {if rows.is_empty() {
            view! { <p>{t("audit-empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" role="region" aria-labelledby="audit-caption" tabindex="0">
                    <table class="data-table">
                        <caption id="audit-caption">{t("audit-caption")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t("audit-when")}</th>
                                <th scope="col">{t("audit-who")}</th>
                                <th scope="col">{t("audit-what")}</th>
                                <th scope="col">{t("audit-subject")}</th>
                                <th scope="col">{t("audit-detail")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|r| {
                                    let action = lang.t(&format!("audit-action-{}", r.action));
                                    let actor = if r.actor == AdminAuditRow::SYSTEM {
                                        lang.t("audit-actor-system")
                                    } else {
                                        r.actor
                                    };
                                    view! {
                                        <tr>
                                            <td><time datetime=r.at.clone()>{r.at.clone()}</time></td>
                                            <td>{actor}</td>
                                            <td>{action}</td>
                                            <td>{r.subject}</td>
                                            <td>{r.detail}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        <p><A href="/settings">{t("audit-back")}</A></p>
    }
}
