//! `bare-page`: the baseline for the answering page's GET — the same stack
//! (Leptos 0.8 server-side rendering through leptos_axum, `SsrMode::Async`,
//! one serialisable resource) rendering a page of the same shape as Trivsel's
//! `/a/{code}`, without anything of Trivsel (no database, no translations, no
//! middleware). A benchmark runs it next to Trivsel in the same run, so the
//! difference between the two is what Trivsel itself costs.
//!
//! Benchmark-only: never shipped. No wasm is built for it; the page works
//! without JavaScript, as the answering page must.
//!
//! `bare-page --addr 127.0.0.1:PORT`; `GET /healthz` answers "ok".

use axum::{routing::get, Router};
use clap::Parser;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router as LeptosRouter, Routes},
    hooks::use_params_map,
    ParamSegment, SsrMode, StaticSegment,
};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

/// Questions per screen, as on Trivsel's answering page.
const PER_SCREEN: usize = 4;

/// The server's allocator (see `bench/Cargo.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Benchmark baseline: a bare Leptos SSR page shaped like the answering page")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:3100")]
    addr: SocketAddr,
}

/// What the page's resource loads. Serialisable, because a resource's data is
/// serialised into the page as in a real one (part of the cost measured).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Questionnaire {
    round_name: String,
    code: String,
    questions: Vec<Question>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Question {
    id: String,
    text: String,
    labels: Vec<String>,
}

/// The resource's fetcher: no database, but asynchronous (it yields once) so
/// that the page goes through the same suspend-and-resume path as one that
/// waits for a query.
async fn load_questionnaire(code: String) -> Questionnaire {
    tokio::task::yield_now().await;
    // Eight questions of about 60 characters on a five-point scale, as in a
    // typical round.
    let texts = [
        (
            "wb-1",
            "I look forward to going to work on most days of the week.",
        ),
        (
            "wb-2",
            "I have enough energy left for my life outside of work hours.",
        ),
        (
            "ps-1",
            "I can raise a problem in my team without fearing the outcome.",
        ),
        (
            "ps-2",
            "Mistakes made in my team are discussed openly and fairly.",
        ),
        (
            "wl-1",
            "My workload is manageable within my normal working hours.",
        ),
        (
            "wl-2",
            "I can decide for myself how to plan and organise my tasks.",
        ),
        (
            "ld-1",
            "My manager gives me useful feedback on the work that I do.",
        ),
        (
            "ld-2",
            "I know what is expected of me in my job and how it matters.",
        ),
    ];
    let labels = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ];
    Questionnaire {
        round_name: "Workplace survey, spring".to_owned(),
        code,
        questions: texts
            .iter()
            .map(|(id, text)| Question {
                id: (*id).to_owned(),
                text: (*text).to_owned(),
                labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            })
            .collect(),
    }
}

/// The HTML document, as Trivsel's shell minus the hydration scripts (no wasm
/// here) and the favicon.
fn shell() -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href="/pkg/bare.css"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| format!("{page} · Bare")/>
        <LeptosRouter>
            // A static page frame of the size of Trivsel's (skip link, header,
            // footer), without its signed-in user resource.
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <div class="brand"><a href="/">"Bare"</a></div>
            </header>
            <main id="main" tabindex="-1">
                // Async, as Trivsel's answering route: the whole page is
                // rendered before it is sent (no streamed fragments), so it
                // works without JavaScript.
                <Routes fallback=|| view! { <p>"Not found"</p> }>
                    <Route
                        path=(StaticSegment("a"), ParamSegment("code"))
                        view=AnswerByCodePage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Your answers are anonymous."</p>
            </footer>
        </LeptosRouter>
    }
}

/// `/a/{code}`: one resource, a `Suspense` around a `Suspend`, as in Trivsel.
#[component]
fn AnswerByCodePage() -> impl IntoView {
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let q = Resource::new(move || code.clone(), load_questionnaire);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = q.await;
                view! { <QuestionnaireForm q/> }
            })}
        </Suspense>
    }
}

#[component]
fn QuestionnaireForm(q: Questionnaire) -> impl IntoView {
    let screens: Vec<Vec<Question>> = q
        .questions
        .chunks(PER_SCREEN)
        .map(<[Question]>::to_vec)
        .collect();
    let total = screens.len();
    view! {
        <Title text=q.round_name.clone()/>
        <div class="answer-flow">
            <h1>{q.round_name.clone()}</h1>
            <section id="intro" class="screen" aria-labelledby="intro-h">
                <h2 id="intro-h">"Before you start"</h2>
                <ul class="statement">
                    <li>"We store your answers and the survey round they belong to, filed under your unit or a larger unit above it."</li>
                    <li>"We do not store your name, your code or link, your e-mail, your device, your IP address or when you answered."</li>
                    <li>"Leaders and committees see results only for groups of at least 5 respondents."</li>
                    <li>"Comments are shown only for groups of at least 10 respondents; leave out names and details that point to you."</li>
                    <li>"Every question is optional, and you can go back and change an answer until you send."</li>
                </ul>
                <p><a class="button" href="#s1" rel="external">"Start"</a></p>
            </section>
            <form method="post" action="/a/submit" class="answer-form">
                <input type="hidden" name="round" value="bare-round"/>
                <input type="hidden" name="code" value=q.code.clone()/>
                {screens
                    .into_iter()
                    .enumerate()
                    .map(|(i, questions)| {
                        let n = i + 1;
                        view! { <Screen n total questions/> }
                    })
                    .collect_view()}
            </form>
        </div>
    }
}

/// One screen of questions; only the one named in the URL's fragment is shown
/// (CSS `:target` in Trivsel), so next/back are plain links.
#[component]
fn Screen(n: usize, total: usize, questions: Vec<Question>) -> impl IntoView {
    let last = n == total;
    let back = if n == 1 {
        "#intro".to_owned()
    } else {
        format!("#s{}", n - 1)
    };
    view! {
        <section id=format!("s{n}") class="screen" aria-labelledby=format!("s{n}-h")>
            <h2 id=format!("s{n}-h") class="step">{format!("Step {n} of {total}")}</h2>
            <progress max=total value=n aria-hidden="true"></progress>
            {questions.into_iter().map(|q| view! { <QuestionField q/> }).collect_view()}
            {last.then(|| view! {
                <div class="field comment">
                    <label for="comment">"Comment (optional)"</label>
                    <p id="comment-help" class="note">"Shown only when at least 10 have answered."</p>
                    <textarea id="comment" name="comment" rows="4" maxlength="2000" aria-describedby="comment-help"></textarea>
                </div>
            })}
            <div class="answer-nav">
                <a class="button secondary" href=back rel="external">"Back"</a>
                {if last {
                    view! { <button type="submit" class="button">"Send my answers"</button> }.into_any()
                } else {
                    view! { <a class="button" href=format!("#s{}", n + 1) rel="external">"Next"</a> }
                        .into_any()
                }}
            </div>
        </section>
    }
}

#[component]
fn QuestionField(q: Question) -> impl IntoView {
    let name = format!("q.{}", q.id);
    let options = q
        .labels
        .into_iter()
        .enumerate()
        .map(|(value, label)| {
            let id = format!("q-{}-{value}", q.id);
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name=name.clone() value=value.to_string()/>
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="question">
            <legend>{q.text}</legend>
            <div class="choices">{options}</div>
        </fieldset>
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    // Built in code rather than read from cargo-leptos settings: this binary
    // has no site of its own to serve.
    let options = LeptosOptions::builder()
        .output_name("bare")
        .site_addr(args.addr)
        .build();
    let routes = generate_route_list(App);
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes(&options, routes, shell)
        .with_state(options);
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
