//! Trivsel's web application: pages, components and server functions (shared
//! by the server and the browser), and — behind the `ssr` feature — the
//! services that hold the data. The wasm build never compiles `services`.
#![forbid(unsafe_code)]

#[cfg(feature = "ssr")]
pub mod anonymity;
pub mod api;
pub mod app;
pub mod components;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod services;
pub mod survey;

/// Entry point of the wasm bundle: take over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets tests (and curious people) see that the page is now interactive.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
