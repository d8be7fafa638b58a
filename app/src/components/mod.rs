//! Components shared by several pages.

pub mod charts;
pub mod form;
pub mod layout;
pub mod risk_grid;

/// Gives the server-rendered page an HTTP status (a no-op in the browser).
pub fn set_page_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(s)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        res.set_status(s);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}
