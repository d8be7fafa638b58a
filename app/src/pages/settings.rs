use crate::{
    api::{
        admin::{load_leaver_settings, load_thresholds, SaveLeaverSettings, SaveThresholds},
        reports::{load_report_settings, SaveReportSettings},
        tokens::{load_tokens, CreateToken, RevokeToken},
    },
    components::form::{action_error, FormError, ReturnHere, SentOnce},
    error::AppError,
    i18n::{t, use_lang},
    model::{LeaverSettings, ReportSettings, Thresholds, TokensPage},
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
    // Every resource of the page is created here, before any Suspense: one
    // created inside a resolved Suspend can miss the server's serialized data
    // under load, and hydration then fails.
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| load_tokens(),
    );
    let save_reports = ServerAction::<SaveReportSettings>::new();
    let reporting = Resource::new(
        move || save_reports.version().get(),
        |_| load_report_settings(),
    );
    let save_leavers = ServerAction::<SaveLeaverSettings>::new();
    let leaving = Resource::new(
        move || save_leavers.version().get(),
        |_| load_leaver_settings(),
    );
    view! {
        <Title text=t("settings-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                let reports = reporting.await.ok();
                let leavers = leaving.await.ok();
                match current.await {
                    Ok(th) => view! {
                        <ThresholdForm current=th save/>
                        {reports.map(|current| view! { <ReportSettingsForm current save=save_reports/> })}
                        {leavers.map(|current| view! { <LeaverSettingsForm current save=save_leavers/> })}
                        <ApiTokens tokens create revoke/>
                        <h2>{t("audit-title")}</h2>
                        <p><a href="/settings/audit">{t("audit-link")}</a></p>
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Reporting: the finest unit level a report may name, and retention.
#[component]
fn ReportSettingsForm(
    current: ReportSettings,
    save: ServerAction<SaveReportSettings>,
) -> impl IntoView {
    let lang = use_lang();
    let s = current;
    view! {
        <h2>{t("settings-reports-title")}</h2>
        <p>{t("settings-reports-intro")}</p>
                    <ActionForm action=save attr:class="stack" attr:novalidate="">
                        <FormError error=action_error(save)/>
                        <ReturnHere/>
                        <div class="field">
                            <label for="report-level">{t("settings-report-level")}</label>
                            <select id="report-level" name="level">
                                {ReportSettings::LEVELS
                                    .into_iter()
                                    .map(|l| view! {
                                        <option value=l selected=s.level == l>{lang.t(&format!("settings-report-level-{l}"))}</option>
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="retention">{t("settings-retention")}</label>
                            <p id="retention-help" class="help">{t("settings-retention-help")}</p>
                            <input id="retention" name="retention_months" type="number" min="1" max="120" step="1"
                                value=s.retention_months.to_string() aria-describedby="retention-help" required/>
                        </div>
                        <button type="submit" class="button">{t("settings-reports-save")}</button>
                    </ActionForm>
    }
}

/// People who left: how long their personal data is kept before it is
/// erased (`services::leavers`).
#[component]
fn LeaverSettingsForm(
    current: LeaverSettings,
    save: ServerAction<SaveLeaverSettings>,
) -> impl IntoView {
    let query = use_query_map();
    let saved = move || {
        query.with(|q| q.get("leavers").is_some()) || matches!(save.value().get(), Some(Ok(())))
    };
    view! {
        <h2 id="leavers-h">{t("settings-leavers-title")}</h2>
        <p>{t("settings-leavers-intro")}</p>
        // A polite live region, not a second role="status": the page's
        // status is the thresholds' (one per page, where tools look for it).
        <div aria-live="polite" class="saved">
            {move || saved().then(|| view! { <p>{t("settings-saved")}</p> })}
        </div>
        <ActionForm action=save attr:class="stack" attr:novalidate="">
            <FormError error=action_error(save)/>
            <ReturnHere/>
            <div class="field">
                <label for="leaver-retention">{t("settings-leaver-retention")}</label>
                <p id="leaver-retention-help" class="help">{t("settings-leaver-retention-help")}</p>
                <input id="leaver-retention" name="retention_months" type="number"
                    min=LeaverSettings::MIN max=LeaverSettings::MAX step="1"
                    value=current.retention_months.to_string()
                    aria-describedby="leaver-retention-help" required/>
            </div>
            <button type="submit" class="button">{t("settings-leavers-save")}</button>
        </ActionForm>
    }
}

/// API tokens for HR systems: a new token is shown once.
#[component]
fn ApiTokens(
    tokens: Resource<Result<TokensPage, AppError>>,
    create: ServerAction<CreateToken>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    let page = tokens;
    view! {
        <h2>{t("tokens-title")}</h2>
        <p>{t("tokens-intro")}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                page.await.ok().map(|p| view! { <TokenList page=p create revoke/> })
            })}
        </Suspense>
    }
}

#[component]
fn TokenList(
    page: TokensPage,
    create: ServerAction<CreateToken>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let listed = page.tokens.clone();
    // Where the new token goes depends on what it may do.
    let copy_into = if page.new_purpose.as_deref() == Some("results") {
        "tokens-new-once-results"
    } else {
        "tokens-new-once"
    };
    view! {
        {page.new_token.map(|token| view! {
            <div class="notice" role="status">
                <p>{t("tokens-new")}</p>
                <p><code class="secret" data-testid="new-api-token">{token}</code></p>
                <p>{t(copy_into)}</p>
            </div>
        })}
        <FormError error=action_error(revoke)/>
        {move || {
            let asked = query.with(|q| q.get("revoke"))?;
            let tk = listed.iter().find(|t| t.id == asked)?.clone();
            let label = lang.t_args("tokens-revoke-label", &[("label", tk.label.clone().into())]);
            Some(view! {
                <section class="confirm-panel" aria-labelledby="revoke-h">
                    <h3 id="revoke-h" tabindex="-1">{label.clone()}</h3>
                    <p>{lang.t_args("tokens-revoke-confirm", &[("label", tk.label.clone().into())])}</p>
                    <ActionForm action=revoke attr:class="inline-form">
                        <ReturnHere/>
                        <input type="hidden" name="id" value=tk.id.clone()/>
                        <button type="submit" class="button danger">{label}</button>
                    </ActionForm>
                    " "
                    <a href="/settings">{t("tokens-keep")}</a>
                </section>
            })
        }}
        {(!page.tokens.is_empty()).then(|| view! {
            <table class="data-table">
                <caption>{t("tokens-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("tokens-label")}</th>
                        <th scope="col">{t("tokens-purpose")}</th>
                        <th scope="col">{t("tokens-created")}</th>
                        <th scope="col">{t("tokens-last-used")}</th>
                        <th scope="col">{t("tokens-expires")}</th>
                        <th scope="col"><span class="visually-hidden">{t("roles-col-actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .tokens
                        .into_iter()
                        .map(|tk| {
                            let revoke_label = lang.t_args("tokens-revoke-label", &[("label", tk.label.clone().into())]);
                            view! {
                                <tr>
                                    <th scope="row">{tk.label.clone()}</th>
                                    <td>{lang.t(tk.purpose.label_key())}</td>
                                    <td>{tk.created.clone()}</td>
                                    <td>{tk.last_used.clone().unwrap_or_else(|| lang.t("tokens-never"))}</td>
                                    <td>
                                        {tk.expires.clone()}
                                        {tk.expired.then(|| view! { " " <strong>{t("tokens-expired")}</strong> })}
                                    </td>
                                    <td>
                                        // Revoking stops the other system at once: the
                                        // link asks first (a page state, no script).
                                        <a href=format!("/settings?revoke={}#revoke-h", tk.id) aria-label=revoke_label>
                                            {t("tokens-revoke")}
                                        </a>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        })}
        <ActionForm action=create attr:class="stack" attr:novalidate="">
            <FormError error=action_error(create)/>
            <ReturnHere/>
            <SentOnce/>
            <div class="field">
                <label for="token-label">{t("tokens-label")}</label>
                <input id="token-label" type="text" name="label" maxlength="100" required/>
            </div>
            <fieldset class="field">
                <legend>{t("tokens-purpose")}</legend>
                <div class="choice">
                    <input id="purpose-import" type="radio" name="purpose" value="import" required/>
                    <label for="purpose-import">{t("tokens-purpose-import")}</label>
                </div>
                <div class="choice">
                    <input id="purpose-results" type="radio" name="purpose" value="results" required/>
                    <label for="purpose-results">{t("tokens-purpose-results")}</label>
                </div>
            </fieldset>
            <div class="field">
                <label for="token-days">{t("tokens-days")}</label>
                <select id="token-days" name="days">
                    {crate::model::TOKEN_DAYS
                        .iter()
                        .map(|d| {
                            let key = format!("tokens-days-{d}");
                            view! {
                                <option value=d.to_string() selected=*d == 365>{lang.t(&key)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{t("tokens-create")}</button>
        </ActionForm>
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
