//! The Trivsel server: configuration, the axum router and its middleware, and
//! the background jobs. The services themselves live in `app` (behind its
//! `ssr` feature) so that server functions can call them; this crate wires them.
#![forbid(unsafe_code)]

pub mod answer;
pub mod api_v1;
pub mod assets;
pub mod audit_export;
pub mod auth;
pub mod backup;
pub mod bench;
pub mod bench_front;
pub mod bench_page;
pub mod bench_results;
pub mod cards;
pub mod cli;
pub mod cookies;
pub mod discussion_pdf;
pub mod export;
pub mod health;
pub mod html;
pub mod jobs;
pub mod loadgen;
pub mod metrics;
pub mod middleware;
pub mod people_export;
pub mod provider;
pub mod report;
pub mod request_log;
pub mod router;
pub mod secret;
pub mod sent_once;
pub mod upload;
