//! Server functions: the only way pages reach the server. Each checks who is
//! asking before it calls a service.

pub mod admin;
pub mod answer;
pub mod audit;
pub mod auth;
pub mod committees;
pub mod follow_up;
pub mod org;
pub mod reporter;
pub mod reports;
pub mod results;
pub mod roles;
pub mod statement;
pub mod surveys;
pub mod tokens;
pub mod two_step;

#[cfg(feature = "ssr")]
pub mod ctx;
