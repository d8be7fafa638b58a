//! The site's files, embedded in the binary at build time (see `build.rs`):
//! the browser bundle and stylesheet under `/pkg/`, the icons at the root.
//!
//! The bundle's files carry a hash of their content in their name
//! ([`NAME`]), so they are served as immutable for a year; a new build has
//! new names. The icons keep their names and are revalidated after a day.
//! Every file has an ETag, and text files go out brotli- or gzip-compressed
//! as the browser accepts, compressed once when the binary was built.

use axum::Router;
use memory_serve::CacheControl;
use std::sync::OnceLock;

/// `trivsel-<hash>`: the bundle's file name without its extension.
pub const NAME: &str = env!("TRIVSEL_ASSETS");

/// Where pages find the stylesheet.
pub fn stylesheet() -> String {
    format!("/pkg/{NAME}.css")
}

/// The routes that serve the embedded files. Made once per process:
/// memory-serve unpacks the files into memory that it keeps for good, and the
/// test suite starts many servers in one process.
pub fn router() -> Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER.get_or_init(make).clone()
}

fn make() -> Router {
    let pkg = memory_serve::load!("pkg")
        .index_file(None)
        .cache_control(CacheControl::Long)
        .into_router();
    let public = memory_serve::load!("public")
        .index_file(None)
        .cache_control(CacheControl::Custom("max-age=86400"))
        .into_router();
    Router::new().nest("/pkg", pkg).merge(public)
}
