//! Server-only services. Pages call server functions, server functions call
//! these, and only these touch the database. Compiled only with `ssr`.

pub mod accounts;
pub mod answering;
pub mod audit;
pub mod cards;
pub mod committees;
pub mod db;
pub mod demo;
pub mod demo_committees;
pub mod demo_follow_up;
pub mod demo_history;
pub mod demo_reports;
pub mod follow_up;
pub mod ids;
pub mod import;
pub mod invitations;
pub mod kept_answers;
pub mod leavers;
pub mod mail;
pub mod org;
pub mod password;
pub mod password_links;
pub mod provider_sign_in;
pub mod questions;
pub mod reports;
pub mod results;
pub mod roles;
pub mod scope;
pub mod sent_once;
pub mod sessions;
pub mod state;
pub mod surveys;
pub mod tally;
pub mod tokens;
pub mod two_step;
pub mod units;
