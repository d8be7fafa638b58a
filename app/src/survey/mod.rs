//! Surveys: the question bank shipped with Trivsel and the scoring rules.
//! The types and the scoring are shared with the browser; the bank itself is
//! loaded on the server only.

#[cfg(feature = "ssr")]
pub mod bank;
pub mod scoring;
pub mod types;
