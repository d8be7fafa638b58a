//! The Trivsel server: the binary that runs the app. The services themselves
//! live in `app` (behind its `ssr` feature) so that server functions can call
//! them; this crate wires them to the outside. Its rooms:
//!
//! - [`cli`]: the command line — parsing, `serve` and the one-off commands;
//! - [`http`]: the web front — the router and its middleware, the plain
//!   routes by area (answering, reporting, staff files, the API, sign-in
//!   through the identity provider) and the one place a staff session is read;
//! - [`jobs`]: the background jobs every instance runs;
//! - [`ops`]: what operators use — the server secret, health, metrics,
//!   backup and restore;
//! - [`bench`]: the benchmarks and the load generator behind `make bench`,
//!   which never run in a served instance.
#![forbid(unsafe_code)]

pub mod bench;
pub mod cli;
pub mod http;
pub mod jobs;
pub mod ops;
