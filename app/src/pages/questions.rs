//! The question bank page (administrators): every theme and question that
//! surveys can use, and forms to add the organisation's own — in all three
//! languages, on one of the shipped scales.

use crate::{
    api::surveys::{load_question_bank, AddQuestion, AddTheme},
    components::form::{action_error, FormError, ReturnHere, SentOnce},
    error::AppError,
    i18n::{t, use_lang},
    model::QuestionBankPage,
    pages::{org::ErrorPage, overview::SignInFirst},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn QuestionBankPage() -> impl IntoView {
    let theme = ServerAction::<AddTheme>::new();
    let question = ServerAction::<AddQuestion>::new();
    let page = Resource::new(
        move || (theme.version().get(), question.version().get()),
        |_| load_question_bank(),
    );
    view! {
        <Title text=t("questions-title")/>
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Bank page=p theme question/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <SignInFirst/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Three text fields, one per language, for one text.
fn three_languages(prefix: &'static str, name: &'static str, legend: String) -> impl IntoView {
    let field = move |lang: &'static str, label: &'static str| {
        let id = format!("{prefix}-{lang}");
        view! {
            <div class="field">
                <label for=id.clone()>{t(label)}</label>
                <input id=id type="text" name=format!("{name}_{lang}") maxlength="200" required lang=lang/>
            </div>
        }
    };
    view! {
        <fieldset class="item-group">
            <legend>{legend}</legend>
            {field("da", "lang-da")}
            {field("sv", "lang-sv")}
            {field("en", "lang-en")}
        </fieldset>
    }
}

#[component]
fn Bank(
    page: QuestionBankPage,
    theme: ServerAction<AddTheme>,
    question: ServerAction<AddQuestion>,
) -> impl IntoView {
    let lang = use_lang();
    let themes = page.themes.clone();
    view! {
        <h1>{t("questions-title")}</h1>
        <p>{t("questions-intro")}</p>
        <p><A href="/surveys">{t("surveys-back")}</A></p>
        {themes
            .into_iter()
            .map(|theme| {
                let heading = format!("theme-{}", theme.id);
                let labelled = heading.clone();
                view! {
                    <section class="card" aria-labelledby=labelled>
                        <h2 id=heading>
                            {theme.name}
                            {theme.sensitive.then(|| format!(" ({})", lang.t("survey-sensitive")))}
                        </h2>
                        <ul class="question-list">
                            {theme
                                .questions
                                .into_iter()
                                .map(|q| view! {
                                    <li>
                                        {q.text}
                                        <span class="note">
                                            {format!(" — {}", q.scale)}
                                            {q.reverse.then(|| format!(" · {}", lang.t("questions-reverse-short")))}
                                            {q.custom.then(|| format!(" · {}", lang.t("questions-own")))}
                                        </span>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()}
        <h2>{t("questions-add-title")}</h2>
        <ActionForm action=question attr:class="stack" attr:novalidate="">
            <FormError error=action_error(question)/>
            <ReturnHere/>
            <SentOnce/>
            <div class="field">
                <label for="q-theme">{t("questions-theme")}</label>
                <select id="q-theme" name="dimension" required>
                    {page.themes.iter().map(|th| view! { <option value=th.id.clone()>{th.name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="q-scale">{t("questions-scale")}</label>
                <select id="q-scale" name="scale" required>
                    {page.scales.iter().map(|(id, label)| view! { <option value=id.clone()>{label.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="checkbox">
                <input type="checkbox" id="q-reverse" name="reverse" value="on" aria-describedby="q-reverse-help"/>
                <label for="q-reverse">{t("questions-reverse")}</label>
            </div>
            <p id="q-reverse-help" class="note">{t("questions-reverse-help")}</p>
            {three_languages("q-text", "text", lang.t("questions-text"))}
            <button type="submit" class="button">{t("questions-add")}</button>
        </ActionForm>
        <h2>{t("questions-theme-add-title")}</h2>
        <ActionForm action=theme attr:class="stack" attr:novalidate="">
            <FormError error=action_error(theme)/>
            <ReturnHere/>
            <SentOnce/>
            {three_languages("theme-name", "name", lang.t("questions-theme-name"))}
            <div class="checkbox">
                <input type="checkbox" id="theme-sensitive" name="sensitive" value="on"/>
                <label for="theme-sensitive">{t("questions-theme-sensitive")}</label>
            </div>
            <button type="submit" class="button">{t("questions-theme-add")}</button>
        </ActionForm>
    }
}
