//! The frame around every page: skip link, header with navigation and the
//! language switch, the main landmark, footer.

use crate::{
    api::auth::{current_user, Logout},
    components::form::ReturnHere,
    i18n::{t, use_lang, Lang},
    model::{Role, SessionUser},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

/// The signed-in user, loaded once per page and shared with every component.
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<Option<SessionUser>>);

/// Reads the shared user resource.
pub fn use_user() -> Resource<Option<SessionUser>> {
    expect_context::<UserResource>().0
}

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    // Keyed on the path so that signing in or out (which navigates) reloads it.
    let location = use_location();
    let user = Resource::new(
        move || location.pathname.get(),
        |_| async { current_user().await.ok().flatten() },
    );
    provide_context(UserResource(user));
    let nav = view! {
        <nav aria-label=t("nav-main")>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let me = user.await;
                    view! { <MainNav user=me/> }
                })}
            </Suspense>
        </nav>
        <LanguageSwitch/>
    };
    view! { <Chrome nav=nav.into_any()>{children()}</Chrome> }
}

/// The frame of the few pages the server's plain routes answer with
/// themselves (a refusal after a form post, an error page): the same skip
/// link, header and footer as [`Frame`], without the navigation, which needs
/// the signed-in user and the router.
#[component]
pub fn PlainFrame(children: Children) -> impl IntoView {
    view! { <Chrome nav=().into_any()>{children()}</Chrome> }
}

/// What every page has: the skip link, the header with the name (and `nav`
/// after it), the main landmark, the footer. The name is a plain link: the
/// router takes over its clicks where it runs.
#[component]
fn Chrome(nav: AnyView, children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{t("skip-to-content")}</a>
        <header class="site-header">
            <div class="brand">
                <a href="/">"Trivsel"</a>
            </div>
            {nav}
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <SiteFooter/>
    }
}

/// The promise and the accessibility statement, on every page. A plain link:
/// the router takes over its clicks where it runs.
#[component]
fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{t("footer-promise")}</p>
            <p><a href="/accessibility">{t("footer-accessibility")}</a></p>
        </footer>
    }
}

#[component]
fn MainNav(user: Option<SessionUser>) -> impl IntoView {
    match user {
        None => view! {
            <ul class="nav-list">
                <li><A href="/login">{t("nav-login")}</A></li>
            </ul>
        }
        .into_any(),
        Some(u) => {
            let sees_units = u.has(Role::Admin) || u.has(Role::Leader) || u.has(Role::Committee);
            let admin = u.has(Role::Admin);
            let handler = u.has(Role::Handler);
            let committee = u.has(Role::Committee) || admin;
            let logout = ServerAction::<Logout>::new();
            view! {
                <ul class="nav-list">
                    <li><A href="/overview">{t("nav-overview")}</A></li>
                    {sees_units.then(|| view! {
                        <li><A href="/results">{t("nav-results")}</A></li>
                        <li><A href="/follow-up">{t("nav-follow-up")}</A></li>
                        <li><A href="/organisation">{t("nav-organisation")}</A></li>
                    })}
                    {committee.then(|| view! {
                        <li><A href="/committees">{t("nav-committees")}</A></li>
                    })}
                    {handler.then(|| view! {
                        <li><A href="/reports">{t("nav-reports")}</A></li>
                    })}
                    {admin.then(|| view! {
                        <li><A href="/surveys">{t("nav-surveys")}</A></li>
                        <li><A href="/organisation/import">{t("nav-import")}</A></li>
                        <li><A href="/roles">{t("nav-roles")}</A></li>
                        <li><A href="/settings">{t("nav-settings")}</A></li>
                    })}
                    <li><A href="/account">{t("nav-account")}</A></li>
                    <li>
                        <ActionForm action=logout attr:class="inline-form">
                            <ReturnHere/>
                            <button type="submit" class="link-button">{t("nav-logout")}</button>
                        </ActionForm>
                    </li>
                </ul>
            }
            .into_any()
        }
    }
}

/// Links to `/lang/<code>?next=<this page>`: a plain link, so it works without
/// JavaScript; the server sets the cookie and sends the browser back.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = use_lang();
    let location = use_location();
    view! {
        <nav class="lang-switch" aria-label=t("nav-language")>
            <ul>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        let href = move || {
                            let path = location.pathname.get();
                            format!("/lang/{}?next={}", lang.code(), encode_path(&path))
                        };
                        let is_current = lang == current;
                        view! {
                            <li>
                                // rel=external: a full page load, so the
                                // server sets the cookie and renders anew.
                                <a
                                    href=href
                                    rel="external"
                                    hreflang=lang.code()
                                    lang=lang.code()
                                    aria-current=is_current.then_some("true")
                                >
                                    {lang.t("language-name")}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Percent-encodes a local path for a query parameter.
fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
