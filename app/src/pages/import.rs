use crate::{
    api::admin::{load_import, ApplyImport, DiscardImport},
    components::form::{action_error, FormError, ReturnHere},
    error::AppError,
    i18n::{t, use_lang, Lang},
    model::{ImportFile, ImportIssue, ImportPreview},
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

/// The upload form. A plain multipart form (files cannot travel through a
/// server function), handled by the server's `/organisation/import` route.
#[component]
pub fn ImportUploadPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let error = move || {
        query.with(|q| q.get("error")).map(|e| {
            let key = match e.as_str() {
                "missing-file" => "import-upload-missing",
                "too-large" => "error-too-large",
                "forbidden" => "error-forbidden",
                _ => "error-bad-request",
            };
            view! { <p>{lang.t(key)}</p> }
        })
    };
    view! {
        <Title text=t("import-title")/>
        <h1>{t("import-title")}</h1>
        <p>{t("import-intro")}</p>
        <h2>{t("import-format-heading")}</h2>
        <p>{t("import-format-units")}</p>
        <pre class="example">"code,name,parent_code,kind\nREG,Region Demo,,organisation\nHOSP,Hospital Nord,REG,enterprise"</pre>
        <p>{t("import-format-people")}</p>
        <pre class="example">"employee_no,name,email,unit_code,language,leader_of\nE1001,Anne Jensen,anne@region.dk,MED-M1,da,\nE1002,Bo Berg,,MED-M1,sv,"</pre>
        <p class="note">{t("import-format-note")}</p>
        <form method="post" action="/organisation/import" enctype="multipart/form-data" class="stack">
            <div class="form-error" role="alert">{error}</div>
            <div class="field">
                <label for="import-units">{t("import-units-file")}</label>
                <input id="import-units" type="file" name="units" accept=".csv,text/csv"/>
            </div>
            <div class="field">
                <label for="import-people">{t("import-people-file")}</label>
                <input id="import-people" type="file" name="people" accept=".csv,text/csv" required/>
            </div>
            <button type="submit" class="button">{t("import-upload-submit")}</button>
        </form>
    }
}

/// What an uploaded import would change, its problems by line, and the
/// buttons to apply or discard it; then its progress and outcome.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let apply = ServerAction::<ApplyImport>::new();
    let discard = ServerAction::<DiscardImport>::new();
    let refresh = RwSignal::new(0u32);
    let preview = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                apply.version().get(),
                refresh.get(),
            )
        },
        |(id, ..)| load_import(id),
    );
    // With JavaScript, follow an import being applied without reloading.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(Ok(p)) = preview.get() {
            if p.status == "applying" {
                set_timeout(
                    move || refresh.update(|n| *n += 1),
                    std::time::Duration::from_millis(500),
                );
            }
        }
    });
    view! {
        <Title text=t("import-preview-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(p) => view! { <Preview preview=p apply discard/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(
    preview: ImportPreview,
    apply: ServerAction<ApplyImport>,
    discard: ServerAction<DiscardImport>,
) -> impl IntoView {
    let lang = use_lang();
    let p = preview;
    let bad_rows = p
        .issues
        .iter()
        .filter(|i| i.file == ImportFile::People && i.line > 1)
        .count();
    let status_key = format!("import-status-{}", p.status);
    let nothing = p.changes.total() == 0;
    view! {
        <h1>{t("import-preview-title")}</h1>
        <p class="status" data-testid="import-status">{lang.t(&status_key)}</p>
        <p>
            {lang.t_args(
                "import-rows",
                &[("people", (p.people_rows as i64).into()), ("units", (p.unit_rows as i64).into())],
            )}
        </p>
        {(p.status == "applying").then(|| {
            let (done, total) = p.progress.unwrap_or((0, 0));
            view! {
                <p>
                    <label for="import-progress">{t("import-progress")}</label>
                    " "
                    <progress id="import-progress" max=total.max(1) value=done>{format!("{done}/{total}")}</progress>
                    " "
                    {format!("{done} / {total}")}
                </p>
                <p><a href="">{t("import-refresh")}</a></p>
            }
        })}
        {(!p.issues.is_empty()).then(|| view! { <Issues issues=p.issues.clone() lang/> })}
        <h2>{t("import-changes")}</h2>
        {if nothing && p.blocking {
            // Nothing was read, so nothing was compared: not "no changes".
            view! { <p data-testid="import-no-changes">{t("import-nothing-read")}</p> }.into_any()
        } else if nothing {
            view! { <p data-testid="import-no-changes">{t("import-no-changes")}</p> }.into_any()
        } else {
            view! {
                <table class="data-table">
                    <caption>{t("import-changes")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("import-change-kind")}</th>
                            <th scope="col" class="num">{t("import-change-count")}</th>
                            <th scope="col">{t("import-change-examples")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {p.changes
                            .kinds()
                            .into_iter()
                            .filter(|(_, l)| l.count > 0)
                            .map(|(key, l)| {
                                let more = l.count.saturating_sub(l.examples.len());
                                view! {
                                    <tr data-kind=key>
                                        <th scope="row">{lang.t(key)}</th>
                                        <td class="num">{l.count}</td>
                                        <td>
                                            {l.examples.join("; ")}
                                            {(more > 0).then(|| lang.t_args("import-and-more", &[("n", (more as i64).into())]))}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
        {(p.status == "preview").then(|| {
            let id = p.id.clone();
            let apply_id = p.id.clone();
            view! {
                {if p.blocking {
                    view! { <p class="notice">{t("import-blocking")}</p> }.into_any()
                } else {
                    view! {
                        <ActionForm action=apply attr:class="stack">
                            <FormError error=action_error(apply)/>
                            <ReturnHere/>
                            <input type="hidden" name="id" value=apply_id.clone()/>
                            {(bad_rows > 0).then(|| view! {
                                <div class="checkbox">
                                    <input id="skip-bad-rows" type="checkbox" name="skip_bad_rows" value="yes"/>
                                    <label for="skip-bad-rows">
                                        {lang.t_args("import-skip-rows", &[("n", (bad_rows as i64).into())])}
                                    </label>
                                </div>
                            })}
                            <button type="submit" class="button">{t("import-apply-submit")}</button>
                        </ActionForm>
                    }
                    .into_any()
                }}
                <ActionForm action=discard attr:class="stack">
                    <FormError error=action_error(discard)/>
                    <ReturnHere/>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button secondary">{t("import-discard-submit")}</button>
                </ActionForm>
            }
        })}
        <p><A href="/organisation">{t("import-back")}</A></p>
    }
}

#[component]
fn Issues(issues: Vec<ImportIssue>, lang: Lang) -> impl IntoView {
    view! {
        <h2>{t("import-issues")}</h2>
        <table class="data-table issues">
            <caption>{lang.t_args("import-issues-count", &[("n", (issues.len() as i64).into())])}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("import-issue-file")}</th>
                    <th scope="col" class="num">{t("import-issue-line")}</th>
                    <th scope="col">{t("import-issue-problem")}</th>
                </tr>
            </thead>
            <tbody>
                {issues
                    .into_iter()
                    .take(500)
                    .map(|i| {
                        let file = match i.file {
                            ImportFile::Units => lang.t("import-file-units"),
                            ImportFile::People => lang.t("import-file-people"),
                        };
                        let line = if i.line == 0 { "—".to_owned() } else { i.line.to_string() };
                        let msg = lang.t_args(&i.key, &[("detail", i.detail.clone().into())]);
                        view! {
                            <tr>
                                <td>{file}</td>
                                <td class="num">{line}</td>
                                <td>{msg}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
