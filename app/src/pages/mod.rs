//! One module per page.

pub mod accessibility;
pub mod account;
pub mod answer;
pub mod audit_log;
pub mod committees;
pub mod follow_up;
pub mod home;
pub mod import;
pub mod login;
pub mod login_step;
pub mod not_found;
pub mod org;
pub mod overview;
pub mod password;
pub mod questions;
pub mod reporter;
pub mod reports;
pub mod results;
pub mod roles;
pub mod settings;
pub mod surveys;
pub mod unit;
