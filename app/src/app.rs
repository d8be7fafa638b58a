//! The document shell, the router and the page frame.

use crate::{
    components::layout::Frame,
    i18n::Lang,
    pages::{
        accessibility::AccessibilityPage,
        account::AccountPage,
        answer::{
            AnswerAsStaffPage, AnswerByCodePage, CodeEntryPage, ProblemPage, RefusedPage,
            ThanksPage,
        },
        audit_log::AdminAuditPage,
        committees::{CommitteeGoalsPage, CommitteesPage, DiscussionPage},
        follow_up::{FollowUpPage, ProblemPage as FollowUpProblemPage},
        home::HomePage,
        import::{ImportPreviewPage, ImportUploadPage},
        login::LoginPage,
        login_step::LoginStepPage,
        not_found::NotFound,
        org::OrgPage,
        overview::OverviewPage,
        password::{ForgotPasswordPage, SetPasswordPage},
        questions::QuestionBankPage,
        reporter::{ReceiptShownPage, ReportPage, ReporterCasePage},
        reports::{AuditPage, CasePage, CasesPage, ReportStatsPage},
        results::{HeatmapPage, ResultsPage, UnitResultsPage},
        roles::RolesPage,
        settings::SettingsPage,
        surveys::{NewSurveyPage, RoundPage, SurveysPage},
        unit::UnitPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    provide_context(lang);
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                // The bundle's files are named after their content
                // (the server's `assets` room): the stylesheet beside them.
                <HeadBasics stylesheet=format!("/pkg/{}.css", options.output_name)/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// What the head of every document holds: the character set, the phone
/// viewport, the icon and the stylesheet (also used by the server's own
/// pages, `server::http::page`).
#[component]
pub fn HeadBasics(stylesheet: String) -> impl IntoView {
    view! {
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
        <link rel="stylesheet" href=stylesheet/>
    }
}

/// The language of the current request: negotiated by the server middleware,
/// or, in the browser, read back from `<html lang>`.
fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::api::ctx::lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        use_context::<Lang>().unwrap_or_default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "hydrate")]
    provide_context(browser_lang());
    view! {
        <Title formatter=move |page: String| format!("{page} · Trivsel")/>
        <Router>
            <Frame>
                // Async: every page is complete HTML before it is sent, so it
                // works without JavaScript (no streamed <template> fragments).
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("login"), StaticSegment("step")) view=LoginStepPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("password"), StaticSegment("new"), ParamSegment("token"))
                        view=SetPasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("password"), StaticSegment("forgot"))
                        view=ForgotPasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("overview") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("organisation") view=OrgPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("organisation"), StaticSegment("unit"), ParamSegment("id"))
                        view=UnitPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("organisation"), StaticSegment("import"))
                        view=ImportUploadPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("organisation"), StaticSegment("import"), ParamSegment("id"))
                        view=ImportPreviewPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("settings") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("settings"), StaticSegment("audit")) view=AdminAuditPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("roles") view=RolesPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("surveys") view=SurveysPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("results") view=ResultsPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("results"), StaticSegment("heatmap"))
                        view=HeatmapPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("results"), StaticSegment("unit"), ParamSegment("id"))
                        view=UnitResultsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("surveys"), StaticSegment("new"))
                        view=NewSurveyPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("surveys"), StaticSegment("questions"))
                        view=QuestionBankPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("surveys"), StaticSegment("round"), ParamSegment("id"))
                        view=RoundPage
                        ssr=SsrMode::Async
                    />
                    // The respondent's pages. The fixed /a/… pages come before
                    // /a/{code}.
                    <Route path=StaticSegment("a") view=CodeEntryPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("a"), StaticSegment("thanks")) view=ThanksPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("a"), StaticSegment("refused")) view=RefusedPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("a"), StaticSegment("problem"), ParamSegment("key"))
                        view=ProblemPage
                        ssr=SsrMode::Async
                    />
                    <Route path=(StaticSegment("a"), ParamSegment("code")) view=AnswerByCodePage ssr=SsrMode::Async/>
                    // Reporting: the reporter's public pages and the handlers'.
                    <Route path=StaticSegment("committees") view=CommitteesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("committees"), ParamSegment("id")) view=CommitteeGoalsPage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("committees"), ParamSegment("id"), StaticSegment("discussion"), ParamSegment("year"))
                        view=DiscussionPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("follow-up") view=FollowUpPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("follow-up"), ParamSegment("id")) view=FollowUpProblemPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("accessibility") view=AccessibilityPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("report") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("report"), StaticSegment("case")) view=ReporterCasePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("report"), StaticSegment("sent")) view=ReceiptShownPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("reports") view=CasesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("reports"), StaticSegment("audit")) view=AuditPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("reports"), StaticSegment("statistics")) view=ReportStatsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("reports"), ParamSegment("id")) view=CasePage ssr=SsrMode::Async/>
                    <Route
                        path=(StaticSegment("answer"), ParamSegment("round"))
                        view=AnswerAsStaffPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </Frame>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default()
}
